import { createHash, timingSafeEqual } from 'node:crypto';
import type express from 'express';

export const METRICS_PATH = '/metrics';

/** How /metrics is exposed: open (no PUBLIC_URL, no METRICS_TOKEN), with the bearer token, or off (PUBLIC_URL set without a METRICS_TOKEN: not served at all). */
export type MetricsAccess = 'open' | 'token' | 'closed';

/**
 * The exposure rule: a bot reachable from the internet (PUBLIC_URL set) answers /metrics only to
 * `Authorization: Bearer <METRICS_TOKEN>`, and is not served at all (404) while METRICS_TOKEN is not set; a bot without
 * PUBLIC_URL (Socket Mode, an internal network) answers everyone, unless METRICS_TOKEN is set.
 */
export function metricsAccess(opts: { publicUrl?: string; token?: string }): MetricsAccess {
  if (opts.token) return 'token';
  return opts.publicUrl ? 'closed' : 'open';
}

const digest = (s: string) => createHash('sha256').update(s).digest();

/** GET /metrics: the Prometheus text format, behind the exposure rule (401 with `WWW-Authenticate: Bearer` when refused; not mounted when closed). */
export function mountMetrics(app: express.Express, source: { text(): Promise<string>; contentType: string }, opts: { publicUrl?: string; token?: string }): MetricsAccess {
  const access = metricsAccess(opts);
  if (access === 'closed') return access;
  const expected = opts.token ? digest(opts.token) : undefined;
  app.get(METRICS_PATH, (req, res, next) => {
    if (access === 'token') {
      const m = /^Bearer (\S+)$/.exec(req.headers.authorization ?? '');
      if (!expected || !m || !timingSafeEqual(digest(m[1]!), expected)) {
        res.status(401).set('www-authenticate', 'Bearer realm="metrics"').type('text/plain').send('Unauthorized\n');
        return;
      }
    }
    source.text().then((text) => void res.set('content-type', source.contentType).send(text), next);
  });
  return access;
}
