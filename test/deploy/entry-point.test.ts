import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { blocksText, FakeSlackApi, signedHeaders } from '../slack/fake-slack-api';
import { activityText, FakeConnector } from '../teams/fake-connector';
import { type EntryProcess, freePort, PACKAGE_VERSION, spawnEntry, waitFor } from './entry-process';

/**
 * The entry point as an operator runs it (`npm start`, or `node dist/bundle/main.js` in production and in
 * the image): one process with the demo data serving /healthz, Slack (HTTP), Teams and the console.
 * `npm test` runs it from the sources, `npm run test:compiled` from the production bundle.
 */
const SECRET = 'entry-point-signing-secret';
const KOORDINATOR = { slack: 'UL0001', teams: '00000000-0000-4000-8000-00000000l001' }; // Løten's coordinator in data/municipalities
const FORUM_NAME = 'Koordineringsgruppa'; // one of Løten's forums, listed by `forums`

let dir: string;
let slackApi: FakeSlackApi;
let connector: FakeConnector;
let bot: EntryProcess | undefined;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slt-entry-'));
  slackApi = new FakeSlackApi();
  connector = new FakeConnector();
  await Promise.all([slackApi.start(), connector.start()]);
});

afterAll(async () => {
  if (bot && bot.child.exitCode === null) {
    bot.child.kill('SIGKILL');
    await bot.exited;
  }
  await Promise.all([slackApi.stop(), connector.stop()]);
  fs.rmSync(dir, { recursive: true, force: true });
});

test('one process serves /healthz with the version, Slack, Teams and the console, and stops cleanly on quit', async () => {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  bot = spawnEntry('main', {
    PORT: String(port), SLT_DB: path.join(dir, 'slt.db'), SLT_CONSOLE: 'on', NODE_ENV: '',
    SLACK_BOT_TOKEN: 'xoxb-entry', SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: slackApi.apiUrl, SLT_TEAMS: 'dev',
  }, ['--new-database']); // a deployment's first start
  const running = bot;
  const health = await waitFor('GET /healthz', async () => {
    if (running.child.exitCode !== null || running.child.signalCode !== null) throw new Error(`the bot exited (${running.child.exitCode ?? running.child.signalCode}):\n${running.stderr()}`);
    const res = await fetch(`${base}/healthz`).catch(() => undefined);
    return res?.ok ? (await res.json()) as Record<string, unknown> : undefined;
  });
  expect(health).toMatchObject({ ok: true, version: PACKAGE_VERSION, municipalities: 5 });
  await waitFor('the start-up line', () => (running.stderr().includes('platforms: ') ? true : undefined));
  expect(running.stderr()).toContain(`SLT-boten ${PACKAGE_VERSION} on Node ${process.version}`);
  expect(running.stderr()).toMatch(/platforms: Slack \(HTTP\), Teams \(development, unauthenticated\)/);

  // Slack: a signed /slt command is answered in the acknowledgement
  const body = new URLSearchParams({
    token: 'x', team_id: 'T1', team_domain: 'kommune', channel_id: 'CENTRY', channel_name: 'slt', user_id: KOORDINATOR.slack, user_name: 'k',
    command: '/slt', text: 'forums', api_app_id: 'A1', response_url: slackApi.responseUrl('entry'), trigger_id: 'trig-entry',
  }).toString();
  const slack = await fetch(`${base}/slack/events`, { method: 'POST', headers: signedHeaders(SECRET, body), body });
  expect(slack.status).toBe(200);
  expect(blocksText(((await slack.json()) as { blocks: unknown }).blocks)).toContain(FORUM_NAME);

  // Teams: a personal message is answered through the connector at the activity's serviceUrl
  const teams = await fetch(`${base}/api/messages`, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      type: 'message', id: 'entry-1', timestamp: new Date().toISOString(), serviceUrl: connector.url, channelId: 'msteams', text: 'forums',
      from: { id: `29:${KOORDINATOR.teams}`, aadObjectId: KOORDINATOR.teams, name: 'k' }, recipient: { id: '28:slt-bot', name: 'SLT' },
      conversation: { id: `a:personal-29:${KOORDINATOR.teams}`, conversationType: 'personal', tenantId: 't1' }, channelData: { tenant: { id: 't1' } },
    }),
  });
  expect(teams.status).toBeLessThan(300);
  await waitFor('the Teams reply', () => (connector.calls.some((c) => activityText(c.body).includes(FORUM_NAME)) ? true : undefined));

  // the console, on the same process's stdin and stdout; quit stops the whole bot
  running.child.stdin!.write('/slt as loten.koordinator\n/slt forums\n');
  await waitFor('the console answer', () => (running.stdout().includes(FORUM_NAME) ? true : undefined));
  running.child.stdin!.write('quit\n');
  expect(await running.exited).toBe(0);
});
