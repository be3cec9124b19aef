import http from 'node:http';
import { createTeamsAdapter } from '../../adapters/teams';
import type { SqliteApp } from '../../src/app';
import { logTo } from '../log-capture';
import { closeLoopback, listenOnLoopback } from '../loopback';
import { FakeClock, testApp } from '../helpers';
import { activityText } from './fake-connector';

// POST /api/messages served by node's own server, no express around it (as a raw route before express would)
let app: SqliteApp;
let server: http.Server;
let url = '';
const logs: string[] = [];
beforeEach(async () => {
  app = await testApp(new FakeClock('2027-01-08T10:00'));
  const teams = createTeamsAdapter({ bot: app.bot, directory: app.directory, store: app.store, clock: app.clock, http: { raw: () => {} }, production: false, logger: logTo(logs) });
  server = http.createServer((req, res) => teams.handleMessages(req, res));
  url = `${await listenOnLoopback(server)}/api/messages`;
});
afterEach(async () => {
  await closeLoopback(server);
  await app.close();
  logs.length = 0;
});

const post = (body: string, headers: Record<string, string> = { 'content-type': 'application/json' }) => fetch(url, { method: 'POST', headers, body });
const message = (text: string) => JSON.stringify({
  type: 'message', id: 'raw-1', timestamp: '2027-01-08T09:00:00.000Z', channelId: 'msteams', serviceUrl: 'http://127.0.0.1:9/', deliveryMode: 'expectReplies',
  from: { id: '29:aad-politi', aadObjectId: 'aad-politi', name: 'aad-politi' }, recipient: { id: '28:slt-bot', name: 'SLT' },
  conversation: { id: 'a:personal-29:aad-politi', conversationType: 'personal', tenantId: 't1' }, channelData: { tenant: { id: 't1' } }, text,
});

test('a message is handled and answered (expectReplies) without express', async () => {
  const res = await post(message('agenda add "Uten express" --forum team'));
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
  const body = (await res.json()) as { activities: Record<string, unknown>[] };
  expect(body.activities.map(activityText)).toEqual([expect.stringMatching(/TEAM-2027-001/)]);
  expect(await app.store.read.item('TEAM-2027-001')).toMatchObject({ title: 'Uten express' });
});

test('without express the refusals are the same: unreadable JSON 400, too large 413, not an activity 400, each one log line', async () => {
  expect((await post('{"type": "message",')).status).toBe(400);
  expect((await post(JSON.stringify({ type: 'message', text: 'x'.repeat(1_100_000) }))).status).toBe(413);
  expect((await post('[1, 2]')).status).toBe(400);
  expect((await post('type=message', { 'content-type': 'application/x-www-form-urlencoded' })).status).toBe(400);
  expect(logs.filter((l) => l.includes('refused'))).toEqual([
    expect.stringMatching(/^teams: request refused with 400 \(\d+ bytes\): body not accepted \(entity\.parse\.failed\)$/),
    expect.stringMatching(/^teams: request refused with 413 \(\d+ bytes\): body not accepted \(entity\.too\.large\)$/),
    expect.stringMatching(/^teams: request refused with 400 \(\d+ bytes\): not an activity$/),
    expect.stringMatching(/^teams: request refused with 400 \(\d+ bytes\): not an activity$/),
  ]);
});

test('on the bot\'s HTTP server POST /api/messages is a raw route: served before express, whose middleware never sees it', async () => {
  const { createHttpServer } = await import('../../src/http/http-server');
  const own = createHttpServer();
  let expressSaw = 0;
  own.app.use((_req, _res, next) => {
    expressSaw++;
    next();
  });
  createTeamsAdapter({ bot: app.bot, directory: app.directory, store: app.store, clock: app.clock, http: own, production: false, logger: logTo(logs) });
  const base = `http://127.0.0.1:${await own.listen(0, '127.0.0.1')}`;
  try {
    const res = await fetch(`${base}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: message('agenda add "Rå rute" --forum team') });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { activities: Record<string, unknown>[] }).activities.map(activityText)).toEqual([expect.stringMatching(/TEAM-2027-001/)]);
    expect(expressSaw).toBe(0);
    // everything else still goes through express (here: a path nothing serves, after the middleware)
    expect((await fetch(`${base}/api/other`, { method: 'POST' })).status).toBe(404);
    expect(expressSaw).toBe(1);
  } finally {
    await own.close();
  }
});
