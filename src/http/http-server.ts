import { AsyncResource } from 'node:async_hooks';
import http from 'node:http';
import express from 'express';
import type { Log } from '../observability/logger';
import { withRequest } from '../observability/request-context';
import { APP_VERSION } from '../version';
import { pathOf, type RawRouter, RawRoutes } from './raw-routes';

/**
 * The one HTTP server for everything the platforms call: POST /slack/events (Slack),
 * POST /api/messages (Teams), GET /calendar/…, GET /healthz and GET /readyz. Adapters mount their own
 * routes: a webhook on the hot path as a raw route (`raw`, served by node's server before express, see
 * raw-routes.ts), the rest on `app`; no JSON body parser is installed globally (Slack's signature check
 * needs the raw body).
 */
export interface HttpServer extends RawRouter {
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
  app.use((req, res, next) => observed(log, req, res, () => req.path, next));
  app.get('/healthz', (_req, res) => {
    res.json({ ok: true, version: APP_VERSION, ...health() });
  });
  app.get('/readyz', async (_req, res) => {
    const r = await ready().catch((e: unknown) => ({ ok: false, problems: [e instanceof Error ? e.message : String(e)] }));
    res.status(r.ok ? 200 : 503).json(r);
  });
  const raw = new RawRoutes();
  let server: http.Server | undefined;
  return {
    app,
    raw: (method, path, handler) => raw.raw(method, path, handler),
    listen: (port, host = '0.0.0.0') => new Promise((resolve, reject) => {
      // after every route: an error no route answered is one log line (method, path, status, kind), never
      // its stack or the request body (Express's own handler prints the stack, and a JSON error quotes the body)
      app.use((err: unknown, req: express.Request, res: express.Response, next: express.NextFunction) => {
        if (res.headersSent) return next(err);
        const e = (err ?? {}) as { status?: number; statusCode?: number; type?: string; name?: string };
        const status = e.status ?? e.statusCode ?? 500;
        errorLine(log, req.method, req.path, status, e.type ?? e.name ?? 'error');
        res.status(status).end();
      });
      // a raw route's request never meets express (nor its router, URL parsing or middleware)
      server = http.createServer((req, res) => {
        const handler = raw.match(req);
        if (!handler) return void app(req, res);
        observed(log, req, res, () => pathOf(req), () => {
          const failed = (err: unknown) => {
            errorLine(log, req.method ?? '', pathOf(req), 500, err instanceof Error ? err.name : 'error');
            if (!res.headersSent) res.writeHead(500);
            res.end();
          };
          try {
            handler(req, res)?.catch(failed);
          } catch (err) {
            failed(err);
          }
        });
      });
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

/**
 * Every request is a request of its own: its id on every log line written while it is handled, and at
 * debug level one line with method, path and status (never the query, which may hold a calendar token,
 * nor a header or the body). Below debug no listener is added.
 */
function observed(log: Log | undefined, req: http.IncomingMessage, res: http.ServerResponse, path: () => string, next: () => void): void {
  withRequest({}, () => {
    if (log?.isLevelEnabled('debug')) {
      const started = performance.now();
      // (bound: 'finish' is emitted outside the request's context, and its line carries the request's id too)
      res.once('finish', AsyncResource.bind(() => {
        const p = path().slice(0, 100);
        log.debug({ event: 'http.request', method: req.method, path: p, status: res.statusCode, ms: Math.round(performance.now() - started) }, `http: ${req.method} ${p} ${res.statusCode}`);
      }));
    }
    next();
  });
}

/** An error no handler answered: one line (method, path, status, kind), never its stack or the request body. */
function errorLine(log: Log | undefined, method: string, path: string, status: number, kind: string): void {
  const p = path.slice(0, 100);
  log?.warn({ event: 'http.error', method, path: p, status, kind }, `http: ${method} ${p} answered ${status} (${kind})`);
}
