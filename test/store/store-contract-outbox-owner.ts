import fc from 'fast-check';
import type { OutboxMessage } from '../../src/core/ports/outbox';
import type { SltStore } from '../../src/core/ports/store';
import { message } from './store-contract-outbox';

/**
 * The outbox's ownership rule (OutboxQueue): every outcome of a claimed message is recorded only by the
 * worker whose lease it is under. A worker whose lease ran out and whose message another worker took
 * over changes nothing — neither the other's claim nor, later, the other's result.
 */

const at = (minute: number) => new Date(Date.UTC(2027, 0, 8, 9, minute)).toISOString();
const NOW = at(30);
const LEASE = at(31);

type Outcome = (store: SltStore, id: number, owner: string, nowUtc: string) => Promise<boolean>;

/** Each outcome of a claimed message, and the status it leaves the message in when it is the owner's. */
const OUTCOMES: Record<string, { run: Outcome; status: OutboxMessage['status']; home?: true }> = {
  markSent: { run: (s, id, o, now) => s.outbox.markSent(id, o, '1700.1', now), status: 'sent' },
  'markFailed (retry)': { run: (s, id, o, now) => s.outbox.markFailed(id, o, 'ratelimited', undefined, at(45), now), status: 'pending' },
  'markFailed (for good)': { run: (s, id, o, now) => s.outbox.markFailed(id, o, 'channel_not_found', 'not-member', at(45), now), status: 'failed' },
  markNothingToUpdate: { run: (s, id, o, now) => s.outbox.markNothingToUpdate(id, o, now), status: 'expired' },
  markUnknown: { run: (s, id, o, now) => s.outbox.markUnknown(id, o, 'could not be asked', now), status: 'unknown' },
  release: { run: (s, id, o, now) => s.outbox.release(id, o, now), status: 'pending' },
  hold: { run: (s, id, o, now) => s.outbox.hold(id, o, at(45), now), status: 'pending' },
  'finishHome (sent)': { run: (s, id, o, now) => s.outbox.finishHome(id, o, { sent: true, messageId: 'home-1', hash: 'h1' }, now), status: 'sent', home: true },
  'finishHome (not sent)': { run: (s, id, o, now) => s.outbox.finishHome(id, o, { sent: false, error: 'not_in_channel' }, now), status: 'expired', home: true },
};

export function outboxOwnerContract(current: () => SltStore): void {
  describe('outbox: a claimed message\'s outcome is its owner\'s', () => {
    let store: SltStore;
    beforeEach(() => {
      store = current();
    });
    const row = async (id: number) => (await store.read.outboxMessage(id))!;

    /** One message per outcome (a home row where the outcome is a home row's), claimed by w1, whose send began. */
    const claimedByW1 = async () => {
      const ids: Record<string, number> = {};
      for (const [i, [name, o]] of Object.entries(OUTCOMES).entries()) {
        if (o.home) {
          const key = `home:testby:p${i}@slack:UP${i}`;
          await store.transaction((tx) => tx.enqueueHomes('testby', [{ key: key, platform: 'slack', target: `UP${i}` }], at(0)));
          ids[name] = (await store.outbox.list()).find((m) => m.key === key)!.id;
        } else {
          ids[name] = (await store.transaction((tx) => tx.enqueueMessage(message(`m${i}`, { key: `m${i}@slack:C${i}`, target: `C${i}` }), at(0))))!;
        }
      }
      expect((await store.outbox.claim('slack', 'w1', NOW, LEASE, 50)).length).toBe(Object.keys(OUTCOMES).length);
      for (const id of Object.values(ids)) expect(await store.outbox.renew(id, 'w1', LEASE, NOW)).toBe(true);
      return ids;
    };

    test('each outcome is refused to a worker that does not hold the lease, and to the earlier owner after another worker took the message over; the row stays as it was', async () => {
      const ids = await claimedByW1();
      for (const [name, o] of Object.entries(OUTCOMES)) {
        const id = ids[name]!;
        const before = await row(id);
        const answer = await o.run(store, id, 'w2', NOW);
        expect([name, await row(id)]).toEqual([name, before]);
        expect([name, answer]).toEqual([name, false]);
      }
      // w1's lease runs out mid-send (a slow send, a paused process): w2 takes every message over
      expect((await store.outbox.takeInterrupted('slack', 'w2', at(32), at(40))).length).toBe(Object.keys(OUTCOMES).length);
      for (const [name, o] of Object.entries(OUTCOMES)) {
        const id = ids[name]!;
        const before = await row(id);
        expect(before).toMatchObject({ status: 'sending', leaseUntil: at(40), checks: 1 });
        const answer = await o.run(store, id, 'w1', at(33));
        expect([name, await row(id)]).toEqual([name, before]);
        expect([name, answer]).toEqual([name, false]);
        // the new owner records its outcome as before
        expect([name, await o.run(store, id, 'w2', at(34))]).toEqual([name, true]);
        expect([name, (await row(id)).status]).toEqual([name, o.status]);
      }
    });

    test('the earlier owner cannot overwrite the outcome the new owner recorded, nor record a second one itself', async () => {
      const ids = await claimedByW1();
      await store.outbox.takeInterrupted('slack', 'w2', at(32), at(40));
      for (const [name, o] of Object.entries(OUTCOMES)) expect([name, await o.run(store, ids[name]!, 'w2', at(34))]).toEqual([name, true]);
      for (const [name, id] of Object.entries(ids)) {
        const after = await row(id);
        for (const [other, o] of Object.entries(OUTCOMES)) {
          if (!!o.home !== !!OUTCOMES[name]!.home) continue;
          expect([name, other, await o.run(store, id, 'w1', at(35))]).toEqual([name, other, false]);
          expect([name, other, await o.run(store, id, 'w2', at(35))]).toEqual([name, other, false]); // its claim has ended
          expect([name, other, await row(id)]).toEqual([name, other, after]);
        }
      }
    });

    test('any interleaving of two workers\' claims, expiring leases, takeovers and outcomes on one message: only the current owner changes it', async () => {
      const workers = ['w1', 'w2'] as const;
      const outcomeNames = Object.keys(OUTCOMES).filter((n) => !OUTCOMES[n]!.home);
      const stepArb = fc.record({
        worker: fc.constantFrom(...workers),
        action: fc.constantFrom('claim', 'begin', 'progress', 'expire', 'take', 'outcome'),
        outcome: fc.constantFrom(...outcomeNames),
      });
      let clock = Date.parse(at(0));
      let run = 0;
      let recordedByOwner = 0;
      await fc.assert(fc.asyncProperty(fc.array(stepArb, { minLength: 1, maxLength: 14 }), async (steps) => {
        run++;
        const iso = () => new Date(clock).toISOString();
        const lease = () => new Date(clock + 60_000).toISOString();
        // a fresh message of its own channel, due now
        const id = (await store.transaction((tx) => tx.enqueueMessage(message(`p${run}`, { key: `p${run}@slack:P${run}`, target: `P${run}`, notBefore: iso() }), iso())))!;
        let owner: string | undefined;
        for (const s of steps) {
          clock += 1000;
          const before = await row(id);
          const ours = before.status === 'sending' && owner === s.worker;
          if (s.action === 'expire') {
            clock += 61_000;
            continue;
          }
          if (s.action === 'claim' || s.action === 'take') {
            const taken = s.action === 'claim'
              ? await store.outbox.claim('slack', s.worker, iso(), lease(), 100)
              : await store.outbox.takeInterrupted('slack', s.worker, iso(), lease());
            if (taken.some((m) => m.id === id)) owner = s.worker;
            else if ((await row(id)).status !== 'sending') owner = undefined; // a send never begun goes back to pending
            continue;
          }
          const changed = s.action === 'begin'
            ? await store.outbox.renew(id, s.worker, lease(), iso())
            : s.action === 'progress'
              ? await store.outbox.noteProgress(id, s.worker, `note ${clock}`, lease(), iso())
              : await OUTCOMES[s.outcome]!.run(store, id, s.worker, iso());
          const after = await row(id);
          if (!ours) expect(after).toEqual(before);
          expect(changed).toBe(ours);
          if (ours && s.action === 'outcome') {
            expect(after.status).toBe(OUTCOMES[s.outcome]!.status);
            owner = undefined;
            recordedByOwner++;
          }
        }
      }), { numRuns: 40 });
      expect(recordedByOwner).toBeGreaterThan(0); // the interleavings reached owners' outcomes, not only refusals
    }, 60_000);
  });
}
