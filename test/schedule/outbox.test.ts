import { type ChatPort, PermanentSendError, RetryableSendError } from '../../src/core/ports/chat-port';
import type { View } from '../../src/core/model/view';
import { view } from '../../src/core/model/view';
import { crashMidSend, FakeClock, fixture, testApp } from '../helpers';

/** A port whose answers a test scripts: 'ok', a retryable error (with Retry-After) or a permanent one. */
class ScriptedPort implements ChatPort {
  readonly platform = 'console' as const;
  calls: { target: string; at: number }[] = [];
  constructor(private readonly clock: FakeClock, private readonly script: ('ok' | '429' | '500' | '403')[]) {}
  async send(target: { kind: 'channel' | 'dm'; id: string }, _v: View): Promise<string> {
    this.calls.push({ target: target.id, at: this.clock.now().getTime() });
    const next = this.script.shift() ?? 'ok';
    if (next === '429') throw new RetryableSendError('ratelimited', 7);
    if (next === '500') throw new RetryableSendError('server error');
    if (next === '403') throw new PermanentSendError('channel_not_found');
    return `id-${this.calls.length}`;
  }
}

async function setup() {
  const clock = new FakeClock('2027-01-08T10:00');
  const app = await testApp(clock);
  const m = fixture();
  const ref = { municipality: m, forum: m.forums[0]! };
  const post = (key: string) => app.notify({ key, to: { kind: 'forum', ref }, view: view('info', 'Hei', { lines: ['x'] }) });
  return { clock, app, post };
}
const status = async (app: Awaited<ReturnType<typeof setup>>['app']) => (await app.store.outbox.list()).filter((r) => r.platform === 'console').map((r) => r.status);

test('429 waits exactly Retry-After; 500 backs off; then it is sent once', async () => {
  const { clock, app, post } = await setup();
  await post('a');
  const port = new ScriptedPort(clock, ['429', '500', 'ok']);
  const d = app.dispatcher([port]);
  await d.run();
  expect(port.calls).toHaveLength(1);
  clock.advance({ seconds: 6 });
  await d.run();
  expect(port.calls).toHaveLength(1); // Retry-After 7 s not yet over
  clock.advance({ seconds: 1 });
  await d.run();
  expect(port.calls).toHaveLength(2); // the 500: backoff starts at 5 s (second attempt: 30 s)
  clock.advance({ seconds: 29 });
  await d.run();
  expect(port.calls).toHaveLength(2);
  clock.advance({ seconds: 1 });
  await d.run();
  expect(port.calls).toHaveLength(3);
  expect(await status(app)).toEqual(['sent']);
  await d.run();
  expect(port.calls).toHaveLength(3);
  await app.close();
});

test('a permanent error stops retrying and is reported to the coordinator once', async () => {
  const { clock, app, post } = await setup();
  await post('b');
  const port = new ScriptedPort(clock, ['403']);
  const d = app.dispatcher([port]);
  await d.run();
  clock.advance({ hours: 2 });
  await d.run();
  const rows = await app.store.outbox.list();
  expect(rows.find((r) => r.key === 'b@console:testby-team')).toMatchObject({ status: 'failed', attempts: 1 });
  const report = rows.filter((r) => r.key.startsWith('delivery:'));
  expect(report.map((r) => `${r.platform}:${r.target}`).sort()).toEqual(['console:koord', 'slack:UKOORD1', 'teams:aad-koord']);
  // one report, by name (the forum's channel, not its id), grouped under the cause
  expect(report[0]!.view.title).toBe('En melding kom ikke fram');
  expect(report[0]!.view.sections[0]!.heading).toMatch(/^Plattformen avviste meldingen \(1\)$/);
  expect(report[0]!.view.sections[0]!.lines[0]).toMatch(/^• #\d+ · Hei → kanalen til Tverrfaglig team i konsollen$/);
  expect(port.calls.filter((c) => c.target === 'testby-team')).toHaveLength(1);
  await app.close();
});

test('quiet hours: a message decided at 21:00 waits for 07:00; one that expires first is never sent', async () => {
  const { clock, app } = await setup();
  clock.set('2027-01-12T21:00');
  const m = fixture();
  const ref = { municipality: m, forum: m.forums[0]! };
  await app.notify({ key: 'late-evening', to: { kind: 'forum', ref }, view: view('info', 'x', { lines: [] }) });
  await app.notify({ key: 'expires', to: { kind: 'forum', ref }, view: view('info', 'y', { lines: [] }), expiresUtc: '2027-01-12T23:00:00.000Z' });
  const port = new ScriptedPort(clock, []);
  const d = app.dispatcher([port]);
  await d.run();
  expect(port.calls).toHaveLength(0);
  clock.set('2027-01-13T07:00');
  await d.run();
  expect(port.calls).toHaveLength(1);
  const rows = (await app.store.outbox.list()).filter((r) => r.platform === 'console');
  expect(rows.map((r) => [r.key.split('@')[0], r.status])).toEqual([['late-evening', 'sent'], ['expires', 'expired']]);
  await app.close();
});

test('a send interrupted mid-way is checked with the platform, or reported as unknown and not re-posted', async () => {
  const { clock, app, post } = await setup();
  await post('c');
  await post('d');
  // a crashed worker claimed both and never finished
  await crashMidSend(app, 'console', clock);
  clock.advance({ seconds: 5 });
  const withLookup: ChatPort & { calls: number } = {
    platform: 'console', calls: 0,
    async send() { this.calls++; return 'new'; },
    async findSent(_t, key) { return key.startsWith('c@') ? 'already-there' : undefined; },
  };
  await app.dispatcher([withLookup]).run();
  const rows = (await app.store.outbox.list()).filter((r) => r.platform === 'console');
  // c had arrived: recorded, not re-sent; d had not: released and sent in the same pass
  expect(rows.map((r) => [r.key.split('@')[0], r.status, r.platformMessageId])).toEqual([['c', 'sent', 'already-there'], ['d', 'sent', 'new']]);
  await app.dispatcher([withLookup]).run();
  expect(withLookup.calls).toBe(1);

  const { clock: c2, app: app2, post: post2 } = await setup();
  await post2('e');
  await crashMidSend(app2, 'console', c2);
  c2.advance({ seconds: 5 });
  const noLookup = new ScriptedPort(c2, []);
  await app2.dispatcher([noLookup]).run();
  // not re-posted to the channel; the only send is the report to the coordinator
  expect(noLookup.calls.map((c) => c.target)).toEqual(['koord']);
  expect((await app2.store.outbox.list()).find((r) => r.key.startsWith('e@console'))!.status).toBe('unknown');
  const report = (await app2.store.outbox.list()).find((r) => r.key.startsWith('delivery:testby:') && r.platform === 'console')!;
  expect(report.view.sections[0]!.heading).toMatch(/^Uvisst om de kom fram/);
  await app.close();
  await app2.close();
});

test('messages to one channel are paced by the port\'s interval; other targets do not wait', async () => {
  const { clock, app, post } = await setup();
  const m = fixture();
  for (const k of ['p1', 'p2', 'p3']) await post(k); // three posts to the team channel
  for (const who of ['leder', 'politi']) await app.notify({ key: `dm-${who}`, to: { kind: 'member', municipality: m, memberId: who }, view: view('info', 'Hei', { lines: ['x'] }) });
  const port = Object.assign(new ScriptedPort(clock, []), { minIntervalMs: 1000 });
  const waits: { before: string; ms: number }[] = [];
  const d = app.dispatcher([port], { sleep: async (ms) => void waits.push({ before: `call ${port.calls.length + 1}`, ms }) });
  await d.run();
  // one message of a channel at a time: the DMs go out between the channel's posts
  expect(port.calls.map((c) => c.target)).toEqual(['testby-team', 'leder', 'politi', 'testby-team', 'testby-team']);
  // the 2nd and 3rd post to the channel each wait (almost) a full interval; the DMs go at once
  expect(waits.map((w) => w.before)).toEqual(['call 4', 'call 5']);
  for (const w of waits) expect(w.ms).toBeGreaterThan(900);
  await app.close();
});

test('an update-only edit changes the delivered message, and is dropped where nothing was delivered', async () => {
  const { clock, app } = await setup();
  const m = fixture();
  const dm = (key: string, memberId: string, extra: { replaces?: string; updateOnly?: boolean } = {}) => app.notify({ key, to: { kind: 'member', municipality: m, memberId }, view: view('info', key, { lines: ['x'] }), ...extra });
  const replaced: string[] = [];
  const port: ChatPort = {
    platform: 'console',
    send: async (target, v, replaceId) => { replaced.push(`${target.id} ${v.title} ${replaceId ?? 'new'}`); return replaceId ?? `id-${target.id}`; },
  };
  await dm('card:leder', 'leder');
  await app.dispatcher([port]).run();
  await dm('card:leder:edit', 'leder', { replaces: 'card:leder', updateOnly: true });
  await dm('card:politi:edit', 'politi', { replaces: 'card:politi', updateOnly: true }); // politi never got the card
  await app.dispatcher([port]).run();
  expect(replaced).toEqual(['leder card:leder new', 'leder card:leder:edit id-leder']);
  const rows = (await app.store.outbox.list()).filter((r) => r.platform === 'console' && r.key.startsWith('card:politi'));
  expect(rows.map((r) => [r.status, r.lastError])).toEqual([['expired', 'nothing to update']]);
  await app.close();
});
