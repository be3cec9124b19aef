import { type ChatPort, RetryableSendError } from '../../src/core/ports/chat-port';
import type { Platform } from '../../src/core/model/municipality';
import { view, type View } from '../../src/core/model/view';
import { OUTBOX_BOUNDS } from '../../src/core/ports/outbox';
import { crashMidSend, FakeClock, fixture, testApp } from '../helpers';
import { logTo } from '../log-capture';

async function setup() {
  const clock = new FakeClock('2027-01-08T10:00');
  const app = await testApp(clock);
  const m = fixture();
  const ref = { municipality: m, forum: m.forums[0]! };
  const post = (key: string) => app.notify({ key, to: { kind: 'forum', ref }, view: view('info', `Melding ${key}`, { lines: ['x'] }) });
  const row = async (key: string, platform = 'console') => (await app.store.outbox.list()).find((r) => r.key.startsWith(`${key}@${platform}`))!;
  /** a worker that claimed every due row of a platform and then died */
  const crash = (platform: Platform = 'console') => crashMidSend(app, platform, clock);
  return { clock, app, post, row, crash };
}

/** A port whose sends succeed and whose look-up after a crash always fails (the platform cannot tell). */
function portWithFailingLookup(platform: Platform = 'console'): ChatPort & { sends: string[]; lookups: number } {
  return {
    platform, sends: [], lookups: 0,
    async send(target, v: View) { this.sends.push(`${target.id} ${v.title}`); return `id-${this.sends.length}`; },
    async findSent() { this.lookups++; throw new Error('conversations.history: missing_scope'); },
  };
}

test('an interrupted send whose platform look-up keeps failing ends unknown after a bounded number of checks, logged and reported', async () => {
  const { clock, app, post, row, crash } = await setup();
  await post('a');
  await crash();
  const port = portWithFailingLookup();
  const log: string[] = [];
  const d = app.dispatcher([port], { logger: logTo(log), leaseMs: 60_000 });
  for (let i = 0; i < 8; i++) {
    clock.advance({ seconds: 61 }); // each lease runs out: the row is checked again
    await d.run();
  }
  expect(port.lookups).toBe(OUTBOX_BOUNDS.checkTries);
  expect(await row('a')).toMatchObject({ status: 'unknown' });
  expect(port.sends.filter((s) => s.startsWith('testby-team'))).toEqual([]); // never re-posted blindly
  expect(log.some((l) => /could not check/.test(l))).toBe(true);
  const a = await row('a');
  expect(log.some((l) => /unknown/.test(l) && l.includes(a.key))).toBe(true);
  // the coordinator is told, on the console too
  expect(port.sends.some((s) => s.startsWith('koord '))).toBe(true);
  await app.close();
});

test('a platform without a look-up reports an interrupted send as unknown at once', async () => {
  const { clock, app, post, row, crash } = await setup();
  await post('b');
  await crash();
  clock.advance({ seconds: 5 });
  const port: ChatPort = { platform: 'console', send: async () => 'x' };
  const log: string[] = [];
  await app.dispatcher([port], { logger: logTo(log) }).run();
  expect((await row('b')).status).toBe('unknown');
  expect(log.some((l) => /unknown/.test(l))).toBe(true);
  await app.close();
});

test('recovery of interrupted rows runs before any new send, on every platform', async () => {
  const { clock, app, post, crash } = await setup();
  await crash('teams'); // nothing yet
  for (let i = 0; i < 30; i++) await post(`new-${i}`);
  await post('old');
  // the crashed worker had claimed "old" on Teams only
  app.db.prepare("UPDATE outbox SET status = 'pending' WHERE platform = 'teams'").run();
  app.db.prepare("UPDATE outbox SET status = 'sending', lease_owner = 'dead', lease_until = '2027-01-08T08:59:00.000Z', send_started_at = '2027-01-08T08:58:00.000Z' WHERE idempotency_key LIKE 'old@teams%'").run();
  clock.advance({ seconds: 5 });
  const order: string[] = [];
  const console: ChatPort = { platform: 'console', send: async (_t, v) => { order.push(`send ${v.title}`); return 'c'; } };
  const teams: ChatPort = {
    platform: 'teams', send: async (_t, v) => { order.push(`teams ${v.title}`); return 't'; },
    findSent: async (_t, key) => { order.push(`check ${key.split('@')[0]}`); return 'found'; },
  };
  await app.dispatcher([console, teams], { sleep: async () => {} }).run();
  expect(order[0]).toBe('check old');
  await app.close();
});

test('a message that keeps failing with retryable errors ends failed within the stated bound and is reported', async () => {
  const { clock, app, post, row } = await setup();
  await post('c');
  const port: ChatPort & { n: number } = {
    platform: 'console', n: 0,
    async send(target) {
      if (target.id !== 'testby-team') return 'ok';
      this.n++;
      throw new RetryableSendError('server error');
    },
  };
  const d = app.dispatcher([port]);
  const start = clock.now().getTime();
  while ((await row('c')).status === 'pending' && clock.now().getTime() - start < 3 * OUTBOX_BOUNDS.giveUpAfterMs) {
    await d.run();
    clock.advance({ minutes: 1 });
  }
  expect(await row('c')).toMatchObject({ status: 'failed' });
  expect(clock.now().getTime() - start).toBeLessThanOrEqual(OUTBOX_BOUNDS.giveUpAfterMs + 60_000);
  expect(port.n).toBeGreaterThan(3);
  expect((await app.store.outbox.list()).some((r) => r.key.startsWith('delivery:') && r.target === 'koord')).toBe(true);
  await app.close();
});

test('stop: no new claims, the send in flight finishes, the other claimed rows go back to pending', async () => {
  const { app, post, row } = await setup();
  for (const k of ['s1', 's2', 's3']) await post(k);
  let release!: () => void;
  const inFlight = new Promise<void>((r) => (release = r));
  let started!: () => void;
  const firstStarted = new Promise<void>((r) => (started = r));
  const sent: string[] = [];
  const port: ChatPort = {
    platform: 'console',
    async send(target, v) {
      if (target.id !== 'testby-team') return 'dm';
      started();
      await inFlight;
      sent.push(v.title!);
      return `id-${v.title}`;
    },
  };
  const d = app.dispatcher([port], { sleep: async () => {} });
  const running = d.run();
  await firstStarted;
  const stopped = d.stop(5_000);
  release();
  await stopped;
  await running;
  expect(sent).toEqual(['Melding s1']);
  expect([(await row('s1')).status, (await row('s2')).status, (await row('s3')).status]).toEqual(['sent', 'pending', 'pending']);
  expect((await app.store.outbox.list()).filter((r) => r.status === 'sending')).toEqual([]);
  // a later run of a new process sends the rest
  await app.dispatcher([{ platform: 'console', send: async () => 'x' }]).run();
  expect([(await row('s2')).status, (await row('s3')).status]).toEqual(['sent', 'sent']);
  await app.close();
});

test('stop: a send still in flight when the grace time is over stays claimed (checked at the next start); the rest are released', async () => {
  const { app, post, row } = await setup();
  for (const k of ['t1', 't2']) await post(k); // t2 waits for t1 (one message of a channel at a time): not claimed
  await app.notify({ key: 'd1', to: { kind: 'member', municipality: fixture(), memberId: 'leder' }, view: view('info', 'Melding d1', { lines: ['x'] }) }); // claimed with t1
  let started!: () => void;
  const firstStarted = new Promise<void>((r) => (started = r));
  const port: ChatPort = {
    platform: 'console',
    async send(target) {
      if (target.id !== 'testby-team') return 'dm';
      started();
      return new Promise<string>(() => {}); // the platform never answers
    },
  };
  const log: string[] = [];
  const d = app.dispatcher([port], { sleep: async () => {}, logger: logTo(log) });
  void d.run();
  await firstStarted;
  await d.stop(50);
  expect([(await row('t1')).status, (await row('t2')).status, (await row('d1')).status]).toEqual(['sending', 'pending', 'pending']);
  expect(log.some((l) => /released 1/.test(l) && /1 still in flight/.test(l))).toBe(true);
  await app.close();
});

test('messages a crashed worker had claimed but not begun to send go back to the queue: not checked, not reported, sent once', async () => {
  const { clock, app, post, row } = await setup();
  for (const k of ['q1', 'q2', 'q3']) await post(k);
  await app.store.outbox.claim('console', 'dead-worker', clock.now().toISOString(), new Date(clock.now().getTime() + 1000).toISOString(), 50);
  clock.advance({ seconds: 5 });
  const sent: string[] = [];
  const port: ChatPort = {
    platform: 'console',
    send: async (_t, v) => { sent.push(v.title!); return 'x'; },
    findSent: async () => { throw new Error('must not be asked'); },
  };
  await app.dispatcher([port]).run();
  expect((await Promise.all(['q1', 'q2', 'q3'].map((k) => row(k)))).map((r) => r.status)).toEqual(['sent', 'sent', 'sent']);
  expect(sent.filter((t) => t.startsWith('Melding q'))).toEqual(['Melding q1', 'Melding q2', 'Melding q3']);
  expect((await app.store.outbox.list()).some((r) => r.key.startsWith('delivery:'))).toBe(false);
  await app.close();
});
