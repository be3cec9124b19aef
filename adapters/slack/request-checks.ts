import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Log } from '../../src/observability/logger';

/** How far a request's timestamp may be from now, in either direction (Slack's own advice: 5 minutes). */
export const TIMESTAMP_TOLERANCE_S = 5 * 60;

/**
 * In front of Bolt's receiver on POST /slack/events: a request whose x-slack-request-timestamp is
 * missing or more than five minutes from now, in the past or in the future, is refused with 401 before
 * its signature is even checked. (Bolt refuses old timestamps only: a correctly signed request dated
 * ahead could be kept and replayed later.) Only headers are read: Bolt still gets the raw body.
 */
export function slackTimestampCheck(log: Log, nowMs: () => number = Date.now): (req: IncomingMessage, res: ServerResponse, next: () => void) => void {
  return (req, res, next) => {
    const header = req.headers['x-slack-request-timestamp'];
    const ts = typeof header === 'string' && /^\d{1,12}$/.test(header) ? Number(header) : undefined;
    const skew = ts === undefined ? undefined : Math.round(ts - nowMs() / 1000);
    if (skew !== undefined && Math.abs(skew) <= TIMESTAMP_TOLERANCE_S) return next();
    const bytes = Number(req.headers['content-length'] ?? 0);
    log.warn({ event: 'slack.refused', status: 401, bytes, skew }, `slack: request refused with 401 (${bytes} bytes): ${skew === undefined ? 'no valid timestamp' : `timestamp ${skew} s from now`}`);
    res.writeHead(401).end();
  };
}

/**
 * A line Bolt logs, as it may appear in ours: one line, at most 300 characters, quoted parts left out,
 * and a body that could not be parsed named by its error only (newer Node versions quote the start of
 * the text in a JSON SyntaxError, and the body is what someone wrote). HTTPReceiver's line about such a
 * body holds the error's message alone: nothing of it is kept.
 */
export function boltLine(parts: unknown[]): string {
  const line = parts.map(String).join(' ');
  const parse = /^Parsing request body failed \(error: (\w+)/.exec(line);
  if (parse) return `Parsing request body failed (${parse[1]})`;
  if (line.startsWith('Malformed request body')) return 'Malformed request body (not JSON)';
  return line.replace(/"[^"]*"|'[^']*'/g, '"…"').replace(/[\u0000-\u001f\u007f-\u009f]+/g, ' ').slice(0, 300);
}
