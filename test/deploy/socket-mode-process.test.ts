import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import { blocksText, FakeSlackApi } from '../slack/fake-slack-api';
import { type EntryProcess, freePort, spawnEntry, waitFor } from './entry-process';

/**
 * Socket Mode as an operator runs it: the entry point (in `npm run test:compiled` the production bundle,
 * whose Socket Mode client and its WebSocket library load only when Socket Mode is on) with SLACK_APP_TOKEN
 * and no signing secret connects out through apps.connections.open to a loopback WebSocket server standing
 * in for Slack, answers a slash command in the envelope's acknowledgement, and stops cleanly on SIGTERM.
 */
const KOORDINATOR_SLACK = 'UL0001'; // Løten's coordinator in data/municipalities
const FORUM_NAME = 'Koordineringsgruppa'; // one of Løten's forums, listed by `forums`

let dir: string;
let api: FakeSlackApi;
let wss: WebSocketServer;
let bot: EntryProcess | undefined;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slt-socket-'));
  api = new FakeSlackApi();
  await api.start();
  wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  await new Promise((r) => wss.once('listening', r));
  const wsUrl = `ws://127.0.0.1:${(wss.address() as { port: number }).port}/`;
  const fake = api as unknown as { answer: (m: string, b: Record<string, unknown>) => Record<string, unknown> };
  const answer = fake.answer.bind(api);
  fake.answer = (m, b) => (m === 'apps.connections.open' ? { ok: true, url: wsUrl } : answer(m, b));
});

afterAll(async () => {
  if (bot && bot.child.exitCode === null && bot.child.signalCode === null) {
    bot.child.kill('SIGKILL');
    await bot.exited;
  }
  for (const c of wss.clients) c.terminate();
  await new Promise((r) => wss.close(r));
  await api.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

test('Socket Mode from the entry point: connects out, answers /slt in the envelope acknowledgement, stops on SIGTERM', async () => {
  // Slack greets a new connection with hello; the client counts itself connected (and the bot started) only then
  const socket = new Promise<WebSocket>((resolve) => wss.once('connection', (ws) => {
    ws.send(JSON.stringify({ type: 'hello', num_connections: 1 }));
    resolve(ws);
  }));
  const port = await freePort();
  bot = spawnEntry('main', {
    PORT: String(port), SLT_DB: path.join(dir, 'slt.db'), SLT_CONSOLE: 'off', NODE_ENV: 'production',
    SLACK_BOT_TOKEN: 'xoxb-socket', SLACK_APP_TOKEN: 'xapp-socket', SLACK_API_URL: api.apiUrl,
  }, ['--new-database']);
  const running = bot;
  const ws = await Promise.race([socket, running.exited.then((code) => {
    throw new Error(`the bot exited (${code}) before it connected:\n${running.stderr()}`);
  })]);
  expect(api.of('apps.connections.open')).toHaveLength(1);
  await waitFor('the start-up line', () => (running.stderr().includes('platforms: ') ? true : undefined));
  expect(running.stderr()).toMatch(/platforms: Slack \(Socket Mode\)/);

  const acked = new Promise<Record<string, unknown>>((resolve) => {
    ws.on('message', (data) => {
      const msg = JSON.parse(String(data)) as Record<string, unknown>;
      if (msg.envelope_id === 'env-entry') resolve(msg);
    });
  });
  ws.send(JSON.stringify({
    envelope_id: 'env-entry', type: 'slash_commands', accepts_response_payload: true,
    payload: {
      token: 'x', team_id: 'T1', channel_id: 'CSOCKET', user_id: KOORDINATOR_SLACK, command: '/slt', text: 'forums',
      api_app_id: 'A1', response_url: api.responseUrl('socket'), trigger_id: 'trig-socket',
    },
  }));
  const ack = await waitFor('the envelope acknowledgement', () => Promise.race([acked, new Promise<undefined>((r) => setTimeout(() => r(undefined), 100))]));
  expect(blocksText((ack.payload as { blocks: unknown }).blocks)).toContain(FORUM_NAME);

  running.child.kill('SIGTERM');
  expect(await running.exited).toBe(0);
  expect(running.stderr()).not.toMatch(/uncaught|unhandled/i);
});
