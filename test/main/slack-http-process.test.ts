import path from 'node:path';
import { FakeSlackApi, signedHeaders } from '../slack/fake-slack-api';
import { logRecords } from '../log-capture';
import { dataDir, startBot, workDir } from './bot-process';

jest.setTimeout(60_000);

/**
 * Issue 18: the real bot serves POST /slack/events on a raw route (Bolt's HTTP receiver, no express);
 * through the process: signed commands are answered, a bad signature and a future timestamp are refused
 * with 401 and nothing of their body is logged, other methods and paths still reach express, and each
 * request has its own id on its debug line.
 */
const SECRET = 'signing-secret-0123456789';
const MARKER = 'Ola Nordmann 41234567';

let api: FakeSlackApi;
beforeEach(async () => {
  api = new FakeSlackApi();
  await api.start();
});
afterEach(() => api.stop());

test('signed commands answered, bad signature and future timestamp refused with 401, the rest on express, a request id per request', async () => {
  const dir = workDir();
  const bot = startBot({
    SLT_DB: path.join(dir, 'var', 'slt.db'), SLT_DATA: dataDir(dir), SLACK_BOT_TOKEN: 'xoxb-test', SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: api.apiUrl, LOG_LEVEL: 'debug',
  }, ['--new-database']);
  const statuses: number[] = [];
  try {
    await bot.waitFor(/HTTP on port \d+/);
    const base = `http://127.0.0.1:${/HTTP on port (\d+)/.exec(bot.stderr())![1]!}`;
    const body = (text: string, n: number) => new URLSearchParams({ command: '/slt', text, user_id: 'UNKNOWN1', channel_id: 'C1', team_id: 'T1', response_url: api.responseUrl(`r${n}`), trigger_id: `t${n}` }).toString();
    const post = async (b: string, headers: Record<string, string>, suffix = '') => {
      const res = await fetch(`${base}/slack/events${suffix}`, { method: 'POST', headers, body: b });
      statuses.push(res.status);
      return { status: res.status, text: await res.text() };
    };
    const help = body('help', 1);
    const answered = await post(help, signedHeaders(SECRET, help), '?from=test');
    expect(answered.status).toBe(200);
    expect(answered.text).not.toBe('');
    const forged = body(`agenda add "${MARKER}"`, 2);
    expect(await post(forged, signedHeaders('not-the-secret', forged))).toEqual({ status: 401, text: '' });
    const unsigned = body(`agenda add "${MARKER}"`, 3);
    expect(await post(unsigned, { 'content-type': 'application/x-www-form-urlencoded', 'x-slack-request-timestamp': String(Math.floor(Date.now() / 1000)) })).toEqual({ status: 401, text: '' });
    const ahead = body(`agenda add "${MARKER}"`, 4);
    expect(await post(ahead, signedHeaders(SECRET, ahead, Math.floor(Date.now() / 1000) + 10 * 60))).toEqual({ status: 401, text: '' });
    expect((await fetch(`${base}/slack/events`)).status).toBe(404);
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    bot.proc.kill('SIGTERM');
    await bot.exited;
  } finally {
    bot.proc.kill('SIGKILL');
  }
  expect(statuses).toEqual([200, 401, 401, 401]);
  const records = logRecords(bot.stderr());
  const requests = records.filter((r) => r.event === 'http.request');
  expect(requests.map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual([
    'POST /slack/events 200', 'POST /slack/events 401', 'POST /slack/events 401', 'POST /slack/events 401', 'GET /slack/events 404', 'GET /healthz 200',
  ]);
  const ids = requests.map((r) => r.reqId);
  expect(ids.every((id) => typeof id === 'string' && /^[0-9a-f]{16}$/.test(id))).toBe(true);
  expect(new Set(ids).size).toBe(ids.length);
  // the command's own line carries its request's id
  expect(records.find((r) => r.event === 'command')?.reqId).toBe(ids[0]);
  expect(records.filter((r) => r.event === 'slack.refused').map((r) => r.msg)).toEqual([
    expect.stringMatching(/^slack: request refused with 401 \(\d+ bytes\): the signature does not match$/),
    expect.stringMatching(/^slack: request refused with 401 \(\d+ bytes\): the signature does not match$/),
    expect.stringMatching(/^slack: request refused with 401 \(\d+ bytes\): timestamp (599|600|601) s from now$/),
  ]);
  expect(bot.stderr()).not.toMatch(/Nordmann|41234567|from=test|\n\s+at /);
});
