import http from 'node:http';
import express from 'express';
import { APP_VERSION } from '../version';

/**
 * The one HTTP server for everything the platforms call: POST /slack/events (Slack),
 * POST /api/messages (Teams), GET /calendar/… and GET /healthz. Adapters mount their own
 * routes; no JSON body parser is installed globally (Slack's signature check needs the raw body).
 */
export interface HttpServer {
  app: express.Express;
  listen(port: number, host?: string): Promise<number>;
  close(): Promise<void>;
}

export function createHttpServer(health: () => Record<string, unknown> = () => ({})): HttpServer {
  const app = express();
  app.disable('x-powered-by');
  app.get('/healthz', (_req, res) => {
    res.json({ ok: true, version: APP_VERSION, ...health() });
  });
  let server: http.Server | undefined;
  return {
    app,
    listen: (port, host = '0.0.0.0') => new Promise((resolve, reject) => {
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
