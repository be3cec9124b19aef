import net from 'node:net';
import type { SqliteApp } from '../../src/app';
import { FakeClock, testApp } from '../helpers';
import { signedHeaders } from './fake-slack-api';
import { SECRET, SlackHarness, USERS } from './slack-harness';

/**
 * Issue 18: POST /slack/events is served by Bolt's own HTTP receiver on a raw route of our server (no
 * express). What the receiver answers besides commands, and what it logs about what it refuses.
 */
let app: SqliteApp;
let h: SlackHarness;
beforeEach(async () => {
  app = await testApp(new FakeClock('2027-01-08T10:00'));
  h = await new SlackHarness(app).start();
});
afterEach(async () => {
  await h.stop();
  await app.close();
});

const items = () => (app.db.prepare('SELECT COUNT(*) AS n FROM agenda_items').get() as { n: number }).n;
const json = (body: string, secret = SECRET) => ({ ...signedHeaders(secret, body), 'content-type': 'application/json' });

test('url_verification is answered with its challenge when signed, 401 when not', async () => {
  const body = JSON.stringify({ token: 'x', challenge: 'chal-123', type: 'url_verification' });
  expect(await h.post(body, json(body))).toEqual({ status: 200, json: { challenge: 'chal-123' } });
  expect((await h.post(body, json(body, 'not-the-secret'))).status).toBe(401);
});

test('a signed ssl_check is answered 200 and runs nothing; an unsigned one is refused with 401', async () => {
  const command = new URLSearchParams(h.commandBody(USERS.politi, 'agenda add "Smuglet inn"'));
  command.set('ssl_check', '1');
  const body = command.toString();
  const calls = h.api.calls.length;
  expect(await h.post(body)).toEqual({ status: 200, json: undefined });
  expect(await h.post(body, signedHeaders('not-the-secret', body))).toEqual({ status: 401, json: undefined });
  expect(items()).toBe(0);
  expect(h.api.calls.slice(calls)).toEqual([]);
});

test('a body over 4 MB is refused with 413 and nothing of it is logged', async () => {
  const body = h.commandBody(USERS.politi, `agenda add "Stor" ${'Ola Nordmann 41234567 '.repeat(200_000)}`);
  expect(body.length).toBeGreaterThan(4 * 1024 * 1024);
  expect((await h.post(body)).status).toBe(413);
  expect(items()).toBe(0);
  expect(h.logs).toEqual([`slack: request refused with 413 (${body.length} bytes): the body is over 4194304 bytes`]);
});

test('a body cut off before its end is refused with 400 and logged without its content', async () => {
  const body = h.commandBody(USERS.politi, 'agenda add "Ola Nordmann 41234567"');
  const headers = { ...signedHeaders(SECRET, body), 'content-length': String(body.length) };
  const { port } = new URL(h.url);
  const socket = net.connect(Number(port), '127.0.0.1');
  await new Promise((r) => socket.once('connect', r));
  socket.write(`POST /slack/events HTTP/1.1\r\nhost: 127.0.0.1\r\n${Object.entries(headers).map(([k, v]) => `${k}: ${v}\r\n`).join('')}\r\n${body.slice(0, 40)}`);
  await new Promise((r) => setTimeout(r, 50));
  socket.destroy();
  for (let i = 0; i < 100 && !h.logs.length; i++) await new Promise((r) => setTimeout(r, 20));
  expect(h.logs).toEqual([`slack: request refused with 400 (${body.length} bytes): the body could not be read`]);
  expect(items()).toBe(0);
});

test('a body whose parse error would quote it is logged without its text', async () => {
  for (const body of ['x"Ola Nordmann 41234567"', 'Ola Nordmann 41234567']) expect((await h.post(body, json(body))).status).toBe(400);
  expect(h.logs).toEqual(['slack: Malformed request body (not JSON)', 'slack: Malformed request body (not JSON)']);
});

test('the path as Slack may be configured with it (query, trailing slash) reaches the bot; GET and other paths do not', async () => {
  const url = h.url;
  try {
    for (const suffix of ['?x=1', '/']) {
      h.url = url + suffix;
      expect((await h.command(USERS.politi, `agenda add "Via ${suffix}"`)).status).toBe(200);
    }
    h.url = `${url}/more`;
    expect((await h.command(USERS.politi, 'agenda add "Feil sti"')).status).toBe(404);
  } finally {
    h.url = url;
  }
  expect((await fetch(url)).status).toBe(404);
  expect(items()).toBe(2);
});
