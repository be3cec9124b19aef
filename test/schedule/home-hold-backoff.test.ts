import fc from 'fast-check';
import { view } from '../../src/core/model/view';
import { RetryableSendError } from '../../src/core/ports/chat-port';
import type { OutboxMessage } from '../../src/core/ports/outbox';
import { OutboxDispatcher } from '../../src/scheduler/dispatch-outbox';
import { HOME_MIN_GAP_MS } from '../../src/scheduler/home-pacing';
import { FakeClock, testApp } from '../helpers';
import { RecordingPort } from './recording-port';

// A home row held back by the worker's pacing (rendered at most once a second; a slow render holds it
// longer) is not a failed attempt: holds count no attempt and record no error, so a real failure after
// any number of holds starts its retry at the first backoff step, and operators see the attempts made.

const KEY = 'home:testby:leder@slack:ULEDER1';
const FIRST_BACKOFF_MS = 5_000;

/** A Slack port that publishes a person's home view, or fails the way a platform that is down for a while does. */
class HomePort extends RecordingPort {
  failing = false;
  override async send(...args: Parameters<RecordingPort['send']>): Promise<string> {
    if (this.failing) throw new RetryableSendError('service_unavailable');
    return super.send(...args);
  }
}

/** One step of a burst: the bot's clock moves (back, when negative), the person's home may change, the worker passes. */
const step = fc.record({
  moveMs: fc.oneof(fc.integer({ min: 0, max: 1_500 }), fc.integer({ min: -1_800_000, max: -1 })),
  change: fc.boolean(),
});

test('any sequence of holds of a home row, then a real failure: the retry waits the first backoff step and the row counts one attempt', async () => {
  await fc.assert(fc.asyncProperty(fc.integer({ min: 0, max: HOME_MIN_GAP_MS - 1 }), fc.array(step, { maxLength: 25 }), async (firstGapMs, steps) => {
    const clock = new FakeClock('2027-01-08T10:00');
    const app = await testApp(clock);
    app.setRunningPlatforms(['slack']);
    const port = new HomePort(clock, 'slack');
    let renders = 0;
    const renderHome = async () => view('home', `Hjem ${++renders}`);
    const dispatcher = app.dispatcher([port], { renderHome });
    const change = () => app.store.transaction((tx) => tx.enqueueHomes('testby', [{ key: KEY, platform: 'slack', target: 'ULEDER1' }], clock.now().toISOString()));
    const home = async (): Promise<OutboxMessage> => (await app.store.outbox.list()).find((r) => r.key === KEY)!;
    const start = clock.now().getTime();
    let latest = start;
    // never more than half an hour back: the burst stays well within the delivery bound (a change queued at a
    // clock two hours behind the failure would rightly be given up, not retried)
    const move = (ms: number) => {
      clock.set(new Date(Math.max(start - 30 * 60_000, clock.now().getTime() + ms)).toISOString());
      latest = Math.max(latest, clock.now().getTime());
    };
    let holds = 0;
    const pass = async () => {
      await dispatcher.run();
      const row = await home();
      if (row.status === 'pending' && row.notBefore > clock.now().toISOString()) holds++;
    };
    try {
      await change();
      await pass(); // shown at once
      expect(port.delivered).toHaveLength(1);
      move(firstGapMs);
      await change();
      await pass(); // within the second: held
      expect(holds).toBe(1);
      for (const s of steps) {
        move(s.moveMs);
        if (s.change) await change();
        await pass();
      }
      // the platform is down now; a change after the burst is due at once. The pass that meets the failure
      // is another worker's (another instance, or after a restart): under load a render of the steps above
      // may have taken long enough for this worker to hold the row once more
      port.failing = true;
      move(Math.max(latest + 2 * HOME_MIN_GAP_MS, Date.parse((await home()).notBefore)) - clock.now().getTime());
      await change();
      const due = clock.now().getTime();
      await app.dispatcher([port], { renderHome }).run();
      const row = await home();
      expect(row).toMatchObject({ status: 'pending', attempts: 1, notBefore: new Date(due + FIRST_BACKOFF_MS).toISOString(), lastError: 'RetryableSendError: service_unavailable' });
      expect(row.failure).toBeUndefined();
    } finally {
      await app.close();
    }
  }), { numRuns: 40 });
}, 120_000);

test('a worker whose claim of a home row was taken over by another instance cannot hold it: the row stays with that instance, as it was', async () => {
  const clock = new FakeClock('2027-01-08T10:00');
  const app = await testApp(clock);
  try {
    const port = new HomePort(clock, 'slack');
    const change = () => app.store.transaction((tx) => tx.enqueueHomes('testby', [{ key: KEY, platform: 'slack', target: 'ULEDER1' }], clock.now().toISOString()));
    const home = async (): Promise<OutboxMessage> => (await app.store.outbox.list()).find((r) => r.key === KEY)!;
    // between this worker's claim and its hold, its lease runs out (a stalled process) and instance-b takes the row
    const later = new Date(clock.now().getTime() + 5 * 60_000).toISOString();
    const leaseOfB = new Date(clock.now().getTime() + 6 * 60_000).toISOString();
    let takenOver = false;
    const takeOver = async () => {
      if (takenOver) return;
      takenOver = true;
      await app.store.outbox.takeInterrupted('slack', 'instance-b', later, leaseOfB);
      expect((await app.store.outbox.claim('slack', 'instance-b', later, leaseOfB, 10)).map((r) => r.key)).toEqual([KEY]);
    };
    let holdAnswer: unknown;
    const queue = new Proxy(app.store.outbox, {
      get: (target, prop, receiver) => {
        const real = Reflect.get(target, prop, receiver) as unknown;
        if (typeof real !== 'function' || !['hold', 'markFailed'].includes(String(prop))) return real;
        return async (...args: unknown[]) => {
          await takeOver();
          holdAnswer = await (real as (...a: unknown[]) => Promise<unknown>).apply(target, args);
          return holdAnswer;
        };
      },
    });
    const dispatcher = new OutboxDispatcher(queue, [port], clock, { owner: 'instance-a', renderHome: async () => view('home', 'Hjem') });
    await change();
    await dispatcher.run(); // rendered and shown
    clock.advance({ seconds: 0.2 });
    await change();
    await dispatcher.run(); // within the second: this worker would hold it, but it is instance-b's now
    expect(takenOver).toBe(true);
    expect(await home()).toMatchObject({ status: 'sending', leaseUntil: leaseOfB, notBefore: clock.now().toISOString(), attempts: 0 });
    expect((await home()).lastError).toBeUndefined();
    expect(holdAnswer).toBe(false);
    expect(port.delivered).toHaveLength(1);
  } finally {
    await app.close();
  }
});
