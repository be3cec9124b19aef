import { type App, createApp } from '../../src/app';
import { createHttpServer } from '../../src/http/http-server';
import { METRICS_PATH, mountMetrics } from '../../src/http/metrics-route';
import { Metrics } from '../../src/observability/metrics';
import { createTick } from '../../src/scheduler/tick';
import { FakeClock, fixture } from '../helpers';
import { SlackHarness, USERS } from '../slack/slack-harness';
import { parsePrometheusText, valueOf } from './prometheus-text';

async function scrape(url: string, headers: Record<string, string> = {}) {
  const res = await fetch(url, { headers });
  return { status: res.status, type: res.headers.get('content-type') ?? '', text: await res.text(), auth: res.headers.get('www-authenticate') };
}

/** The bot's metrics over a real app (the Slack adapter on a loopback server, the fake Slack Web API), as main wires them. */
async function setup() {
  const clock = new FakeClock('2027-01-08T10:00');
  let app: App | undefined;
  const metrics = new Metrics({ counts: (now) => app!.store.read.operationalCounts(now.toISOString()), now: () => clock.now(), lastTickAt: () => Date.now() - 42_000 });
  app = await createApp({ data: [fixture()], clock, commands: metrics });
  await app.sync();
  const h = await new SlackHarness(app).start();
  mountMetrics(h.http.app, metrics, {});
  metrics.knownPlatforms(['slack']);
  const url = h.url.replace('/slack/events', METRICS_PATH);
  const read = async () => {
    const r = await scrape(url);
    expect(r.status).toBe(200);
    expect(r.type).toMatch(/^text\/plain; version=0\.0\.4/);
    return parsePrometheusText(r.text).samples;
  };
  const deliver = () => app.dispatcher([h.adapter.chatPort], { sleep: async () => {}, observer: metrics }).run();
  return { app, h, clock, read, deliver, metrics, close: async () => { await h.stop(); await app.close(); } };
}

test('/metrics parses as Prometheus text, and its counters move when a command is handled and a message is sent', async () => {
  const { h, clock, read, deliver, close } = await setup();
  try {
    const before = await read();
    expect(valueOf(before, 'slt_commands_total', { platform: 'slack', outcome: 'ok' })).toBe(0);
    expect(valueOf(before, 'slt_outbox_sends_total', { platform: 'slack' })).toBe(0);
    expect(valueOf(before, 'slt_scheduler_last_tick_age_seconds')).toBeGreaterThanOrEqual(42);

    // a command over Slack: counted by platform and outcome, timed; the item shows in the items gauge; its notifications wait in the outbox
    await h.command(USERS.politi, 'agenda add "Uro ved ungdomsklubben"');
    await h.command(USERS.politi, 'agenda nonsense');
    clock.advance({ minutes: 5 });
    const queued = await read();
    expect(valueOf(queued, 'slt_commands_total', { platform: 'slack', outcome: 'ok' })).toBe(1);
    expect(valueOf(queued, 'slt_commands_total', { platform: 'slack', outcome: 'refused' })).toBe(1);
    expect(valueOf(queued, 'slt_command_duration_seconds_count', { platform: 'slack', outcome: 'ok' })).toBe(1);
    expect(valueOf(queued, 'slt_items', { municipality: 'testby', state: 'submitted' })).toBe(1);
    expect(valueOf(queued, 'slt_items', { municipality: 'testby', state: 'approved' })).toBe(0);
    const pending = valueOf(queued, 'slt_outbox_rows', { state: 'pending' });
    expect(pending).toBeGreaterThan(0);
    // due since the command, five minutes ago on the bot's clock
    expect(valueOf(queued, 'slt_outbox_oldest_pending_age_seconds')).toBeGreaterThanOrEqual(300);

    // the first post is refused with 429: a failure to retry, and a 429, for Slack; others are sent (not those behind it in its channel)
    h.api.failNext('chat.postMessage', { status: 429, retryAfter: 1 });
    await deliver();
    const after = await read();
    expect(valueOf(after, 'slt_rate_limited_total', { platform: 'slack' })).toBe(1);
    expect(valueOf(after, 'slt_outbox_send_failures_total', { platform: 'slack', cause: 'retry' })).toBe(1);
    const sent = valueOf(after, 'slt_outbox_sends_total', { platform: 'slack' });
    expect(sent).toBeGreaterThan(0);
    expect(valueOf(after, 'slt_outbox_rows', { state: 'sent' })).toBe(sent);
    expect(valueOf(after, 'slt_outbox_rows', { state: 'pending' })).toBe(pending - sent);
    // what Slack was asked: each send, and the refused post
    expect(h.api.of('chat.postMessage').length + h.api.of('views.publish').length).toBe(sent + 1);
  } finally {
    await close();
  }
});

test('scheduler ticks are timed, and one that fails is counted', async () => {
  const { app, read, metrics, close } = await setup();
  try {
    const tick = createTick(app, app.dispatcher([]), { observer: metrics });
    await tick();
    jest.spyOn(app, 'runDue').mockRejectedValueOnce(new Error('boom'));
    await expect(tick()).rejects.toThrow('boom');
    const after = await read();
    expect(valueOf(after, 'slt_scheduler_tick_duration_seconds_count')).toBe(2);
    expect(valueOf(after, 'slt_scheduler_tick_failures_total')).toBe(1);
  } finally {
    jest.restoreAllMocks();
    await close();
  }
});

test('a database that cannot be read while scraped: /metrics still answers, with the last values read, and counts it', async () => {
  const { app, h, read, close } = await setup();
  try {
    await h.command(USERS.politi, 'agenda add "Tema"');
    const pending = valueOf(await read(), 'slt_outbox_rows', { state: 'pending' });
    expect(pending).toBeGreaterThan(0);
    jest.spyOn(app.store.read, 'operationalCounts').mockRejectedValueOnce(new Error('SQLITE_BUSY'));
    const during = await read();
    expect(valueOf(during, 'slt_metrics_database_unreadable_total')).toBe(1);
    expect(valueOf(during, 'slt_outbox_rows', { state: 'pending' })).toBe(pending);
    expect(valueOf(during, 'slt_items', { municipality: 'testby', state: 'submitted' })).toBe(1);
  } finally {
    jest.restoreAllMocks();
    await close();
  }
});

describe('who may read /metrics', () => {
  const TOKEN = 'metrics-token-0123456789abcdef';
  const serve = async (opts: { publicUrl?: string; token?: string }) => {
    const http = createHttpServer();
    const source = { text: async () => '# TYPE slt_x counter\nslt_x 1\n', contentType: 'text/plain; version=0.0.4; charset=utf-8' };
    const access = mountMetrics(http.app, source, opts);
    const url = `http://127.0.0.1:${await http.listen(0, '127.0.0.1')}${METRICS_PATH}`;
    return { access, url, close: () => http.close() };
  };

  test('with PUBLIC_URL and METRICS_TOKEN: 401 without the token or with a wrong one, 200 with it', async () => {
    const s = await serve({ publicUrl: 'https://slt.kommune.no', token: TOKEN });
    try {
      expect(s.access).toBe('token');
      const none = await scrape(s.url);
      expect(none.status).toBe(401);
      expect(none.auth).toMatch(/^Bearer/);
      expect(none.text).not.toContain('slt_x');
      expect((await scrape(s.url, { authorization: `Bearer ${TOKEN}x` })).status).toBe(401);
      expect((await scrape(s.url, { authorization: `Basic ${TOKEN}` })).status).toBe(401);
      const ok = await scrape(s.url, { authorization: `Bearer ${TOKEN}` });
      expect(ok.status).toBe(200);
      expect(ok.text).toContain('slt_x 1');
    } finally {
      await s.close();
    }
  });

  test('with PUBLIC_URL and no METRICS_TOKEN: /metrics is not served at all, token or not', async () => {
    const s = await serve({ publicUrl: 'https://slt.kommune.no' });
    try {
      expect(s.access).toBe('closed');
      expect((await scrape(s.url)).status).toBe(404);
      expect((await scrape(s.url, { authorization: `Bearer ${TOKEN}` })).status).toBe(404);
    } finally {
      await s.close();
    }
  });

  test('without PUBLIC_URL: open, or behind the token when one is set', async () => {
    const open = await serve({});
    const withToken = await serve({ token: TOKEN });
    try {
      expect((await scrape(open.url)).status).toBe(200);
      expect((await scrape(withToken.url)).status).toBe(401);
      expect((await scrape(withToken.url, { authorization: `Bearer ${TOKEN}` })).status).toBe(200);
    } finally {
      await open.close();
      await withToken.close();
    }
  });
});
