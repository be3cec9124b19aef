import http from 'node:http';
import express from 'express';
import type { Log } from '../observability/logger';
import { withRequest } from '../observability/request-context';
import { APP_VERSION } from '../version';

/**
 * The one HTTP server for everything the platforms call: POST /slack/events (Slack),
 * POST /api/messages (Teams), GET /calendar/…, GET /healthz and GET /readyz. Adapters mount their own
 * routes; no JSON body parser is installed globally (Slack's signature check needs the raw body).
 */
export interface HttpServer {
  app: express.Express;
  listen(port: number, host?: string): Promise<number>;
  close(): Promise<void>;
}

/**
 * `/healthz` is a cheap liveness check (the process answers); `/readyz` says whether the bot can do its
 * job (database writable, scheduler ticking, no message past its delivery bound): 503 with the problems.
 */
export function createHttpServer(
  health: () => Record<string, unknown> = () => ({}),
  ready: () => Promise<{ ok: boolean; problems: string[] }> = async () => ({ ok: true, problems: [] }),
  log?: Log,
): HttpServer {
  const app = express();
  app.disable('x-powered-by');
  // every request is a request of its own: its id on every log line written while it is handled (method,
  // path and status at debug level; never the query, which may hold a calendar token, nor a header or the body)
  app.use((req, res, next) => withRequest({}, () => {
    const started = performance.now();
    res.once('finish', () => log?.debug({ event: 'http.request', method: req.method, path: req.path.slice(0, 100), status: res.statusCode, ms: Math.round(performance.now() - started) },
      `http: ${req.method} ${req.path.slice(0, 100)} ${res.statusCode}`));
    next();
  }));
  app.get('/healthz', (_req, res) => {
    res.json({ ok: true, version: APP_VERSION, ...health() });
  });
  app.get('/readyz', async (_req, res) => {
    const r = await ready().catch((e: unknown) => ({ ok: false, problems: [e instanceof Error ? e.message : String(e)] }));
    res.status(r.ok ? 200 : 503).json(r);
  });
  let server: http.Server | undefined;
  return {
    app,
    listen: (port, host = '0.0.0.0') => new Promise((resolve, reject) => {
      // after every route: an error no route answered is one log line (method, path, status, kind), never
      // its stack or the request body (Express's own handler prints the stack, and a JSON error quotes the body)
      app.use((err: unknown, req: express.Request, res: express.Response, next: express.NextFunction) => {
        if (res.headersSent) return next(err);
        const e = (err ?? {}) as { status?: number; statusCode?: number; type?: string; name?: string };
        const status = e.status ?? e.statusCode ?? 500;
        log?.warn({ event: 'http.error', method: req.method, path: req.path.slice(0, 100), status, kind: e.type ?? e.name ?? 'error' },
          `http: ${req.method} ${req.path.slice(0, 100)} answered ${status} (${e.type ?? e.name ?? 'error'})`);
        res.status(status).end();
      });
      server = http.createServer(app);
      server.once('error', reject);
      server.listen(port, host, () => {
        const addr = server!.address();
        resolve(typeof addr === 'object' && addr ? addr.port : port);
      });
    }),
    close: () => new Promise((resolve) => {
      if (!server) return resolve();
      server.closeAllConnections?.();
      server.close(() => resolve());
    }),
  };
}
