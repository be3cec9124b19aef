import { type ChatPort, RetryableSendError } from '../../src/core/ports/chat-port';
import { view, type View } from '../../src/core/model/view';
import type { OutboxMessage, OutboxQueue } from '../../src/core/ports/outbox';
import { OutboxDispatcher } from '../../src/scheduler/dispatch-outbox';
import { crashMidSend, FakeClock, inTx, testApp } from '../helpers';
import { logTo } from '../log-capture';

// Several instances share one outbox. A worker whose lease ran out mid-send (a slow send, a paused
// process) and whose message another instance took over records no outcome: the message stays with the
// instance that holds it, and ends sent once (the platform check finds what the first worker delivered)
// or reported — never lost, never sent twice where the platform check can tell.

const KEY = 'melding@console:CTEAM01';
const LEASE_MS = 60_000;

/** A platform that keeps what it was sent (by outbox key), can tell afterwards, and can fail a send. */
class Platform implements ChatPort {
  readonly platform = 'console' as const;
  readonly sent: string[] = [];
  failNext = false;
  /** runs while the platform is being asked, after it looked */
  beforeLookup?: () => Promise<void>;
  async send(_target: { kind: 'channel' | 'dm'; id: string }, _view: View, _replace?: string, key?: string): Promise<string> {
    if (this.failNext) {
      this.failNext = false;
      throw new RetryableSendError('service_unavailable');
    }
    this.sent.push(key!);
    return `ts-${this.sent.length}`;
  }
  async findSent(_target: { kind: 'channel' | 'dm'; id: string }, key: string): Promise<string | undefined> {
    // what the platform has when it is asked (a slow answer may come after other instances acted)
    const at = this.sent.indexOf(key);
    const hook = this.beforeLookup;
    this.beforeLookup = undefined;
    await hook?.();
    return at < 0 ? undefined : `ts-${at + 1}`;
  }
}

async function setup() {
  const clock = new FakeClock('2027-01-08T10:00');
  const app = await testApp(clock);
  const platform = new Platform();
  const log: string[] = [];
  const worker = (owner: string, queue: OutboxQueue = app.store.outbox) => new OutboxDispatcher(queue, [platform], clock, { owner, leaseMs: LEASE_MS, logger: logTo(log) });
  const row = async (): Promise<OutboxMessage> => (await app.store.outbox.list()).find((r) => r.key === KEY)!;
  await inTx(app).enqueueMessage({ key: KEY, municipalityId: 'testby', platform: 'console', targetKind: 'channel', target: 'CTEAM01',
    view: view('info', 'Melding', { lines: ['tekst'] }), notBefore: clock.now().toISOString() }, clock.now().toISOString());
  /** the store as instance-a sees it: just before its `method`, `meanwhile` happens (once) */
  const interceptBefore = (method: keyof OutboxQueue, meanwhile: () => Promise<void>) => {
    let done = false;
    return new Proxy(app.store.outbox, {
      get: (target, prop, receiver) => {
        const real = Reflect.get(target, prop, receiver) as unknown;
        if (prop !== method || typeof real !== 'function') return real;
        return async (...args: unknown[]) => {
          if (!done) {
            done = true;
            await meanwhile();
          }
          return (real as (...a: unknown[]) => Promise<unknown>).apply(target, args);
        };
      },
    });
  };
  return { clock, app, platform, log, worker, row, interceptBefore };
}

test('a send that reached the platform after another instance took the message over is not recorded over its claim; that instance\'s platform check finds it: sent once', async () => {
  const { clock, app, platform, log, worker, row, interceptBefore } = await setup();
  try {
    let leaseOfB = '';
    // instance-a's send takes longer than its lease: meanwhile instance-b takes the message over
    const queue = interceptBefore('markSent', async () => {
      clock.advance({ seconds: 61 });
      leaseOfB = new Date(clock.now().getTime() + LEASE_MS).toISOString();
      expect((await app.store.outbox.takeInterrupted('console', 'instance-b', clock.now().toISOString(), leaseOfB)).map((r) => r.key)).toEqual([KEY]);
    });
    await worker('instance-a', queue).run();
    expect(platform.sent).toEqual([KEY]);
    expect(await row()).toMatchObject({ status: 'sending', leaseUntil: leaseOfB, attempts: 0, checks: 1 });
    expect(log.some((l) => l.includes(KEY) && /no longer ours/.test(l))).toBe(true);
    // instance-b's check with the platform (here after its own lease ran out: any instance's) finds the message
    clock.advance({ seconds: 61 });
    await worker('instance-c').run();
    expect(await row()).toMatchObject({ status: 'sent', platformMessageId: 'ts-1', attempts: 1 });
    expect(platform.sent).toEqual([KEY]);
  } finally {
    await app.close();
  }
});

test('a failed attempt is not recorded over the send another instance made meanwhile: the message is not sent a second time', async () => {
  const { clock, app, platform, log, worker, row, interceptBefore } = await setup();
  try {
    platform.failNext = true;
    // instance-a's attempt fails slowly: its lease runs out, instance-b checks, finds nothing, sends and records it
    const queue = interceptBefore('markFailed', async () => {
      clock.advance({ seconds: 61 });
      await worker('instance-b').run();
      expect(await row()).toMatchObject({ status: 'sent', platformMessageId: 'ts-1' });
    });
    await worker('instance-a', queue).run();
    expect(await row()).toMatchObject({ status: 'sent', platformMessageId: 'ts-1', attempts: 1 });
    expect(log.some((l) => l.includes(KEY) && /no longer ours/.test(l))).toBe(true);
    // later passes, after every backoff: nothing more is sent
    for (let i = 0; i < 3; i++) {
      clock.advance({ minutes: 5 });
      await worker('instance-a').run();
    }
    expect(platform.sent).toEqual([KEY]);
    expect(await row()).toMatchObject({ status: 'sent', attempts: 1 });
  } finally {
    await app.close();
  }
});

test('a recovery that lost the message to a third instance during its platform check does not release it: sent once', async () => {
  const { clock, app, platform, log, worker, row } = await setup();
  try {
    await crashMidSend(app, 'console', clock, 1000); // a worker began sending and died; the platform has nothing
    clock.advance({ seconds: 2 });
    // instance-b's check with the platform is slow: its lease runs out, instance-c takes over, finds nothing, sends
    platform.beforeLookup = async () => {
      clock.advance({ seconds: 61 });
      await worker('instance-c').run();
      expect(await row()).toMatchObject({ status: 'sent', platformMessageId: 'ts-1' });
    };
    await worker('instance-b').run();
    expect(platform.sent).toEqual([KEY]);
    expect(log.some((l) => l.includes(KEY) && /no longer ours/.test(l))).toBe(true);
    for (let i = 0; i < 3; i++) {
      clock.advance({ minutes: 5 });
      await worker('instance-b').run();
    }
    expect(platform.sent).toEqual([KEY]);
    expect(await row()).toMatchObject({ status: 'sent', attempts: 1 });
  } finally {
    await app.close();
  }
});

test('a platform that cannot tell: the send instance-a made after instance-b took it over ends reported as unknown, never sent again', async () => {
  const { clock, app, log, row, interceptBefore } = await setup();
  const sends: string[] = [];
  const blind: ChatPort = { platform: 'console', send: async (_t, _v, _r, key) => { sends.push(key!); return 'x-1'; } };
  try {
    const queue = interceptBefore('markSent', async () => {
      clock.advance({ seconds: 61 });
      // instance-b cannot ask the platform: it reports the message as unknown
      await new OutboxDispatcher(app.store.outbox, [blind], clock, { owner: 'instance-b', leaseMs: LEASE_MS, logger: logTo(log) }).run();
      expect(await row()).toMatchObject({ status: 'unknown', failure: 'interrupted' });
    });
    await new OutboxDispatcher(queue, [blind], clock, { owner: 'instance-a', leaseMs: LEASE_MS, logger: logTo(log) }).run();
    expect(sends.filter((k) => k === KEY)).toEqual([KEY]);
    // instance-a's late "sent" does not take the message out of the coordinator's report
    expect(await row()).toMatchObject({ status: 'unknown', failure: 'interrupted' });
    expect((await app.store.transaction((tx) => tx.takeUnreported(clock.now().toISOString()))).map((m) => m.key)).toEqual([KEY]);
    expect(log.some((l) => l.includes(KEY) && /no longer ours/.test(l))).toBe(true);
  } finally {
    await app.close();
  }
});

test('a home view published after another instance took its row over is not recorded over that claim; the row is published again and ends sent', async () => {
  const { clock, app, platform, log, interceptBefore } = await setup();
  const HOME = 'home:testby:leder@console:ULEDER1';
  const home = async (): Promise<OutboxMessage> => (await app.store.outbox.list()).find((r) => r.key === HOME)!;
  const renderHome = async () => view('home', 'Hjem');
  const worker = (owner: string, queue: OutboxQueue = app.store.outbox) => new OutboxDispatcher(queue, [platform], clock, { owner, leaseMs: LEASE_MS, logger: logTo(log), renderHome });
  try {
    await inTx(app).enqueueHomes('testby', [{ key: HOME, platform: 'console', target: 'ULEDER1' }], clock.now().toISOString());
    let leaseOfB = '';
    const queue = interceptBefore('finishHome', async () => {
      clock.advance({ seconds: 61 });
      leaseOfB = new Date(clock.now().getTime() + LEASE_MS).toISOString();
      expect((await app.store.outbox.takeInterrupted('console', 'instance-b', clock.now().toISOString(), leaseOfB)).map((r) => r.key)).toContain(HOME);
    });
    await worker('instance-a', queue).run();
    expect(await home()).toMatchObject({ status: 'sending', leaseUntil: leaseOfB, attempts: 0 });
    expect((await home()).contentHash).toBeUndefined();
    expect(log.some((l) => l.includes(HOME) && /no longer ours/.test(l))).toBe(true);
    clock.advance({ seconds: 61 });
    await worker('instance-c').run();
    expect(await home()).toMatchObject({ status: 'sent', attempts: 1 });
    expect(platform.sent.filter((k) => k === HOME)).toHaveLength(2); // a home view is published, not posted: the same view again
  } finally {
    await app.close();
  }
});
