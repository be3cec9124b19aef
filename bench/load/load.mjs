// One load run against a Slack or Teams endpoint with autocannon, every request carrying its own
// delivery id (Slack trigger_id, re-signed; Teams activity id) so an app that remembers deliveries for
// idempotency does real work on each. Adapted from the team's shared signed-load harness.
import { createHmac } from 'node:crypto';
import autocannon from 'autocannon';
import { rssMb } from './processes.mjs';

/** The request body and headers of one signed slash command or one Teams message activity. */
function template(kind, secret, text, responseUrl) {
  if (kind === 'slack') {
    const ts = Math.floor(Date.now() / 1000).toString();
    const body = new URLSearchParams({
      token: 'legacy-unused', team_id: 'T0BENCH', team_domain: 'bench', channel_id: 'C0BENCH', channel_name: 'bench',
      user_id: 'U0BENCH', user_name: 'bench', command: '/slt', text, api_app_id: 'A0BENCH',
      is_enterprise_install: 'false', response_url: responseUrl, trigger_id: '1.2.bench',
    }).toString();
    const sign = (b) => `v0=${createHmac('sha256', secret).update(`v0:${ts}:${b}`).digest('hex')}`;
    return {
      body, sign,
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-slack-request-timestamp': ts, 'x-slack-signature': sign(body) },
    };
  }
  const body = JSON.stringify({
    type: 'message', id: 'bench-1', timestamp: new Date().toISOString(), channelId: 'msteams',
    serviceUrl: 'http://127.0.0.1:9/', deliveryMode: 'expectReplies',
    from: { id: '29:bench-user', name: 'Bench User', aadObjectId: '00000000-0000-0000-0000-000000000001' },
    recipient: { id: '28:bench-bot', name: 'Bench Bot' },
    conversation: { id: 'a:bench-conversation', conversationType: 'personal', tenantId: '00000000-0000-0000-0000-0000000000aa' },
    channelData: { tenant: { id: '00000000-0000-0000-0000-0000000000aa' } },
    text, textFormat: 'plain', locale: 'nb-NO',
  });
  return { body, headers: { 'content-type': 'application/json' } };
}

let seq = 0;

/**
 * Load `url` for `duration` s at `rate` req/s (0 = as fast as it answers), after `warmup` s, or send
 * exactly `amount` requests. Returns latency quantiles (ms), achieved req/s, failures and RSS of `pid`.
 * A preflight request must succeed (Teams: carry a reply) or this throws: measuring fast errors is useless.
 */
export async function runLoad({ url, kind, secret = 'bench-secret', text, rate = 0, duration = 10, warmup = 2, connections = 32, pid, amount, responseUrl = 'http://127.0.0.1:9/response' }) {
  const t = template(kind, secret, text, responseUrl);
  const fresh = (req) => {
    seq += 1;
    if (kind === 'slack') {
      const body = t.body.replace('trigger_id=1.2.bench', `trigger_id=1.2.bench${seq}`);
      return { ...req, body, headers: { ...req.headers, 'x-slack-signature': t.sign(body) } };
    }
    return { ...req, body: t.body.replace('"id":"bench-1"', `"id":"bench-${seq}-${process.pid}"`) };
  };
  const first = fresh({ headers: t.headers, body: t.body });
  const pre = await fetch(url, { method: 'POST', headers: first.headers, body: first.body });
  const preBody = await pre.text();
  const replies = kind === 'teams' ? (() => { try { return JSON.parse(preBody).activities?.length ?? 0; } catch { return 0; } })() : 1;
  if (pre.status >= 300 || !replies) throw new Error(`preflight to ${url} failed: ${pre.status} ${preBody.slice(0, 200)}`);
  const opts = { url, method: 'POST', body: t.body, headers: t.headers, connections, pipelining: 1, requests: [{ method: 'POST', setupRequest: fresh }] };
  // autocannon corrects rate-limited runs for coordinated omission with a 1 ms expected interval,
  // adding synthetic samples to every response slower than 1 ms: off, the latencies are the real ones
  if (rate > 0) Object.assign(opts, { overallRate: rate, ignoreCoordinatedOmission: true });
  if (warmup > 0 && !amount) await autocannon({ ...opts, duration: warmup });
  const rssWarm = rssMb(pid);
  const r = await autocannon(amount ? { ...opts, amount } : { ...opts, duration });
  const seconds = amount ? r.duration : duration;
  return {
    rate: rate || 'max', p50: r.latency.p50, p90: r.latency.p90, p99: r.latency.p99, max: r.latency.max,
    rps: Math.round(r.requests.total / seconds), total: r.requests.total, non2xx: r.non2xx, errors: r.errors + r.timeouts,
    rssWarm, rssEnd: rssMb(pid),
  };
}
