import { createHttpServer, type HttpServer } from '../../src/http/http-server';
import { currentRequest } from '../../src/observability/request-context';
import { captureLog, type CapturedLog } from '../log-capture';

/**
 * Issue 18: a platform's webhook is a raw route, served by node's HTTP server before express (no router,
 * no middleware on the way); everything else still reaches express. A raw route's request is still a
 * request of its own in the log (its id on every line, the debug `http.request` line) and a handler that
 * throws is answered 500 without a stack or a body.
 */
let log: CapturedLog;
let server: HttpServer;
let base: string;
/** what express saw */
let expressSaw: string[];
/** what the raw handler saw: its request's url and the request id of its context */
let rawSaw: { url: string; reqId: string | undefined }[];

async function start(level: 'debug' | 'info' = 'debug') {
  log = captureLog(level);
  server = createHttpServer(undefined, undefined, log.logger);
  expressSaw = [];
  rawSaw = [];
  server.app.use((req, _res, next) => {
    expressSaw.push(`${req.method} ${req.url}`);
    next();
  });
  server.raw('POST', '/hook', (req, res) => {
    rawSaw.push({ url: req.url ?? '', reqId: currentRequest()?.reqId });
    log.logger.info({ event: 'hook.handled' }, 'hook handled');
    if (req.headers['x-fail'] === 'throw') throw new Error('Ola Nordmann 41234567 in the body');
    if (req.headers['x-fail'] === 'reject') return Promise.reject(new TypeError('Ola Nordmann 41234567 in the body'));
    req.resume();
    req.on('end', () => res.writeHead(200, { 'content-type': 'text/plain' }).end('raw'));
  });
  server.app.post('/other', (_req, res) => void res.send('express'));
  base = `http://127.0.0.1:${await server.listen(0, '127.0.0.1')}`;
}
afterEach(() => server.close());

const post = async (path: string, headers: Record<string, string> = {}) => {
  const res = await fetch(base + path, { method: 'POST', headers, body: 'x=1' });
  return { status: res.status, text: await res.text() };
};

test('the raw route is served without express; other paths and methods still reach express', async () => {
  await start();
  expect(await post('/hook')).toEqual({ status: 200, text: 'raw' });
  expect(expressSaw).toEqual([]);
  expect(await post('/other')).toEqual({ status: 200, text: 'express' });
  expect((await fetch(`${base}/hook`)).status).toBe(404);
  expect((await post('/hook/more')).status).toBe(404);
  expect(expressSaw).toEqual(['POST /other', 'GET /hook', 'POST /hook/more']);
  expect((await fetch(`${base}/healthz`)).status).toBe(200);
  expect(rawSaw.map((r) => r.url)).toEqual(['/hook']);
});

test('the path matches as express matched it: with a query, in other case, with a trailing slash; the handler sees the declared path', async () => {
  await start();
  for (const path of ['/hook?retry=1', '/HOOK', '/hook/', '/Hook/?a=b']) expect([path, (await post(path)).status]).toEqual([path, 200]);
  expect(rawSaw.map((r) => r.url)).toEqual(['/hook?retry=1', '/hook', '/hook', '/hook?a=b']);
  expect(expressSaw).toEqual([]);
});

test('each raw request has its own request id on its lines, and one debug line without the query', async () => {
  await start();
  await post('/hook?token=SECRET-IN-QUERY');
  await post('/hook');
  const ids = rawSaw.map((r) => r.reqId);
  expect(ids).toEqual([expect.stringMatching(/^[0-9a-f]{16}$/), expect.stringMatching(/^[0-9a-f]{16}$/)]);
  expect(ids[0]).not.toBe(ids[1]);
  const handled = log.records.filter((r) => r.event === 'hook.handled');
  expect(handled.map((r) => r.reqId)).toEqual(ids);
  const requests = log.records.filter((r) => r.event === 'http.request');
  expect(requests.map((r) => [r.method, r.path, r.status, r.reqId])).toEqual([['POST', '/hook', 200, ids[0]], ['POST', '/hook', 200, ids[1]]]);
  expect(log.raw.join('')).not.toContain('SECRET-IN-QUERY');
  // express's requests too
  await post('/other');
  expect(log.records.filter((r) => r.event === 'http.request').at(-1)).toEqual(expect.objectContaining({ path: '/other', status: 200, reqId: expect.stringMatching(/^[0-9a-f]{16}$/) }));
});

test('below debug level no http.request line is written', async () => {
  await start('info');
  await post('/hook');
  await post('/other');
  expect(log.records.map((r) => r.event)).toEqual(['hook.handled']);
});

test('a raw handler that throws or whose promise fails is answered 500 without a body, and logged as one line without its message', async () => {
  await start();
  expect(await post('/hook', { 'x-fail': 'throw' })).toEqual({ status: 500, text: '' });
  expect(await post('/hook', { 'x-fail': 'reject' })).toEqual({ status: 500, text: '' });
  const errors = log.records.filter((r) => r.event === 'http.error');
  expect(errors.map((r) => r.msg)).toEqual(['http: POST /hook answered 500 (Error)', 'http: POST /hook answered 500 (TypeError)']);
  expect(log.raw.join('')).not.toMatch(/Nordmann|41234567|\n\s+at /);
  // the server goes on
  expect(await post('/hook')).toEqual({ status: 200, text: 'raw' });
});

test('a raw route is declared once', () => {
  server = createHttpServer();
  server.raw('POST', '/hook', () => {});
  expect(() => server.raw('POST', '/Hook/', () => {})).toThrow('POST /Hook/ is declared twice');
});
