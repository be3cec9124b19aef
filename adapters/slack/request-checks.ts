import { createHmac, createSecretKey, type KeyObject, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { HTTPModuleFunctions } from '@slack/bolt';
import type { Log } from '../../src/observability/logger';

/** How far a request's timestamp may be from now, in either direction (Slack's own advice: 5 minutes). */
export const TIMESTAMP_TOLERANCE_S = 5 * 60;

/** The largest body read (Bolt's default): a larger one is refused with 413 and not read further. */
export const BODY_LIMIT_BYTES = HTTPModuleFunctions.defaultBodyLimit;

/** The signing secret (its UTF-8 bytes) as a key made once: each HMAC keyed with a string converts and checks it again. */
export const signingKey = (secret: string): KeyObject => createSecretKey(Buffer.from(secret, 'utf8'));

/**
 * Whether `signature` (x-slack-signature) is Slack's signature of this request: `v0=` and the hex
 * HMAC-SHA256, keyed with the signing secret (`signingKey`), of `v0:<timestamp>:<body>` (the body's bytes as received),
 * compared in constant time. (Bolt's own check compares through a module that draws 32 random bytes and
 * computes two more HMACs per request; this is the same rule, stricter only about extra `=` parts.)
 */
export function slackSignatureMatches(key: KeyObject, timestamp: string, signature: string | undefined, body: Buffer): boolean {
  if (typeof signature !== 'string') return false;
  const expected = Buffer.from(`v0=${createHmac('sha256', key).update(`v0:${timestamp}:`).update(body).digest('hex')}`);
  const given = Buffer.from(signature);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** A timestamp header within five minutes of now, either way, or why not. */
function timestampProblem(header: string | string[] | undefined, nowMs: number): { skew?: number; problem?: string } {
  const ts = typeof header === 'string' && /^\d{1,12}$/.test(header) ? Number(header) : undefined;
  if (ts === undefined) return { problem: 'no valid timestamp' };
  const skew = Math.round(ts - nowMs / 1000);
  return Math.abs(skew) <= TIMESTAMP_TOLERANCE_S ? { skew } : { skew, problem: `timestamp ${skew} s from now` };
}

/**
 * In front of Bolt's receiver on POST /slack/events, what every request must pass before Bolt parses it:
 * its x-slack-request-timestamp within five minutes of now, in the past or in the future (Bolt refuses old
 * timestamps only: a correctly signed request dated ahead could be kept and replayed later), checked before
 * the body is read (401); a body of at most 4 MB (413) that could be read (400); and Slack's signature of it
 * (401). Each refusal is one log line with the status, the size and the reason, never the body. The body
 * read stays on the request (`rawBody`), where Bolt's receiver takes it (its own signature check is off).
 */
export function slackRequestCheck(secret: string, log: Log, nowMs: () => number = Date.now) {
  const key = signingKey(secret);
  const refuse = (req: IncomingMessage, res: ServerResponse, status: number, why: string, skew?: number) => {
    const bytes = Number(req.headers['content-length'] ?? 0);
    log.warn({ event: 'slack.refused', status, bytes, ...(skew === undefined ? {} : { skew }) }, `slack: request refused with ${status} (${bytes} bytes): ${why}`);
    res.writeHead(status).end();
  };
  return async (req: IncomingMessage, res: ServerResponse, next: () => void): Promise<void> => {
    const header = req.headers['x-slack-request-timestamp'];
    const { skew, problem } = timestampProblem(header, nowMs());
    if (problem) return refuse(req, res, 401, problem, skew);
    let body: Buffer;
    try {
      body = (await HTTPModuleFunctions.bufferIncomingMessage(req, BODY_LIMIT_BYTES)).rawBody;
    } catch (e) {
      const large = HTTPModuleFunctions.isRawBodyError(e) && ((e as { type?: string }).type === 'entity.too.large' || (e as { statusCode?: number }).statusCode === 413);
      return refuse(req, res, large ? 413 : 400, large ? `the body is over ${BODY_LIMIT_BYTES} bytes` : 'the body could not be read');
    }
    if (!slackSignatureMatches(key, header as string, singleHeader(req.headers['x-slack-signature']), body)) return refuse(req, res, 401, 'the signature does not match');
    next();
  };
}

const singleHeader = (v: string | string[] | undefined): string | undefined => (typeof v === 'string' ? v : undefined);

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
