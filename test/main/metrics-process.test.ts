import path from 'node:path';
import { FakeSlackApi, signedHeaders } from '../slack/fake-slack-api';
import { parsePrometheusText, valueOf } from '../observability/prometheus-text';
import { dataDir, startBot, workDir } from './bot-process';
import { logRecords } from '../log-capture';

jest.setTimeout(60_000);

const TOKEN = 'metrics-0123456789abcdef0123456789abcdef';

let api: FakeSlackApi;
beforeEach(async () => {
  api = new FakeSlackApi();
  await api.start();
});
afterEach(() => api.stop());

/** The real bot (Slack over HTTP against the fake Web API) reachable at a public URL; its HTTP base once it listens. */
async function start(env: Record<string, string>) {
  const dir = workDir();
  const bot = startBot({
    SLT_DB: path.join(dir, 'var', 'slt.db'), SLT_DATA: dataDir(dir), SLACK_BOT_TOKEN: 'xoxb-test', SLACK_SIGNING_SECRET: 'signing-secret-0123456789', SLACK_API_URL: api.apiUrl,
    PUBLIC_URL: 'https://slt.kommune.example', ...env,
  }, ['--new-database']);
  await bot.waitFor(/HTTP on port \d+/);
  const port = /HTTP on port (\d+)/.exec(bot.stderr())![1]!;
  return { bot, base: `http://127.0.0.1:${port}` };
}

async function stop(bot: ReturnType<typeof startBot>) {
  bot.proc.kill('SIGTERM');
  await bot.exited;
}

test('the bot serves /metrics behind METRICS_TOKEN when PUBLIC_URL is set; a Slack command moves its counter', async () => {
  const { bot, base } = await start({ METRICS_TOKEN: TOKEN });
  try {
    expect((await fetch(`${base}/metrics`)).status).toBe(401);
    const scrape = async () => {
      const res = await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
      expect(res.status).toBe(200);
      return parsePrometheusText(await res.text()).samples;
    };
    const before = await scrape();
    expect(valueOf(before, 'slt_commands_total', { platform: 'slack', outcome: 'refused' })).toBe(0);
    expect(valueOf(before, 'slt_outbox_rows', { state: 'pending' })).toBeGreaterThanOrEqual(0);
    expect(before.some((s) => s.name === 'process_resident_memory_bytes')).toBe(true);
    const body = new URLSearchParams({ command: '/slt', text: 'help', user_id: 'UNKNOWN1', channel_id: 'C1', team_id: 'T1', response_url: api.responseUrl('r1'), trigger_id: 't1' }).toString();
    expect((await fetch(`${base}/slack/events`, { method: 'POST', headers: signedHeaders('signing-secret-0123456789', body), body })).status).toBe(200);
    const after = await scrape();
    const handled = ['ok', 'refused'].reduce((n, outcome) => n + valueOf(after, 'slt_commands_total', { platform: 'slack', outcome }), 0);
    expect(handled).toBe(1);
  } finally {
    await stop(bot);
  }
  // every line is JSON with a level and the version; the token is not among them
  const records = logRecords(bot.stderr());
  expect(records.every((r) => typeof r.version === 'string')).toBe(true);
  expect(bot.stderr()).not.toContain(TOKEN);
  expect(records.find((r) => r.event === 'http.listening')?.msg).toMatch(/\/metrics \(bearer token\)/);
});

test('with PUBLIC_URL and no METRICS_TOKEN, /metrics is off, and the start says so', async () => {
  const { bot, base } = await start({});
  try {
    expect((await fetch(`${base}/metrics`)).status).toBe(404);
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
  } finally {
    await stop(bot);
  }
  expect(logRecords(bot.stderr())).toContainEqual(expect.objectContaining({ level: 'warn', event: 'metrics.closed' }));
});
