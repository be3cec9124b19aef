import type { IncomingMessage, ServerResponse } from 'node:http';

/** A handler on node's own request and response (no express): it reads the body and answers itself; a promise it returns that fails is answered 500. */
export type RawHandler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

/** Where an adapter declares its webhook as a raw route (the HTTP server, src/http/http-server.ts). */
export interface RawRouter {
  raw(method: 'POST', path: string, handler: RawHandler): void;
}

interface Route {
  path: string;
  handler: RawHandler;
}

/** The path of a request without its query (which may hold a calendar token). */
export function pathOf(req: IncomingMessage): string {
  const url = req.url ?? '';
  const q = url.indexOf('?');
  return q < 0 ? url : url.slice(0, q);
}

/** A path as express matches it by default: letters in any case, one trailing slash optional. */
const loosely = (path: string): string => {
  const lower = path.toLowerCase();
  return lower.length > 1 && lower.endsWith('/') ? lower.slice(0, -1) : lower;
};

/**
 * The routes node's HTTP server hands to their handler itself, before express: the platforms' webhooks
 * (POST /slack/events), which every command goes through. Express's router, URL parsing and middleware
 * cost about as much per request as the SDK's own receiver; everything else (health, metrics, calendar)
 * stays on express. A path matches as express would match it (the query left out, any case, one trailing
 * slash optional); the request then carries the declared path, so the handler may check it again.
 */
export class RawRoutes implements RawRouter {
  private readonly exact = new Map<string, Route>();
  private readonly loose = new Map<string, Route>();

  raw(method: 'POST', path: string, handler: RawHandler): void {
    const key = `${method} ${loosely(path)}`;
    if (this.loose.has(key)) throw new Error(`HTTP: ${method} ${path} is declared twice`);
    const route = { path, handler };
    this.exact.set(`${method} ${path}`, route);
    this.loose.set(key, route);
  }

  /** The handler of this request, if a raw route takes it (else express does). */
  match(req: IncomingMessage): RawHandler | undefined {
    if (!this.exact.size) return undefined;
    const path = pathOf(req);
    const hit = this.exact.get(`${req.method} ${path}`);
    if (hit) return hit.handler;
    const near = this.loose.get(`${req.method} ${loosely(path)}`);
    if (!near) return undefined;
    req.url = near.path + (req.url ?? '').slice(path.length);
    return near.handler;
  }
}
