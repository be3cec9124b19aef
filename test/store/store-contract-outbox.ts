import type { NewOutboxMessage } from '../../src/core/ports/outbox';
import type { SltStore } from '../../src/core/ports/store';
import { view } from '../../src/core/model/view';

/** The outbox's part of the store contract (store-contract.ts): the core's side in a transaction, and the worker's queue. */

const at = (minute: number) => new Date(Date.UTC(2027, 0, 8, 9, minute)).toISOString();
const NOW = at(30);
const LEASE = at(31);

export const message = (key: string, overrides: Partial<NewOutboxMessage> = {}): NewOutboxMessage => ({
  key: `${key}@slack:C1`, municipalityId: 'testby', platform: 'slack', targetKind: 'channel', target: 'C1',
  view: view('info', `Melding ${key}`, { lines: ['tekst'] }), notBefore: at(0), ...overrides,
});

export function outboxContract(current: () => SltStore): void {
  describe('outbox', () => {
    let store: SltStore;
    beforeEach(() => {
      store = current();
    });
    const enqueue = (...messages: NewOutboxMessage[]) => store.transaction(async (tx) => {
      const ids: (number | undefined)[] = [];
      for (const m of messages) ids.push(await tx.enqueueMessage(m, at(0)));
      return ids;
    });
    const statusOf = async (id: number | undefined) => (await store.read.outboxMessage(id!))?.status;

    test('the operator\'s counts: messages per status, the oldest due pending one, items per municipality and state', async () => {
      expect(await store.read.operationalCounts(NOW)).toEqual({
        outbox: { pending: 0, sending: 0, sent: 0, failed: 0, unknown: 0, expired: 0 }, oldestPendingDueAt: undefined, items: [],
      });
      await enqueue(message('a', { dueAt: at(2) }), message('b', { target: 'C2', key: 'b@slack:C2', notBefore: at(1) }), message('later', { target: 'C3', key: 'l@slack:C3', notBefore: at(45) }));
      await store.outbox.claim('slack', 'w1', at(1), LEASE, 1); // 'a' (the oldest) is being sent
      await store.transaction(async (tx) => {
        await tx.insertItem({ ref: 'TEAM-2027-001', municipalityId: 'testby', forumId: 'team', meetingId: 'testby/team/2027-01-20', kind: 'topic', category: 'annet', title: 'Sak', submitterId: 'politi', state: 'submitted', late: false, createdAt: NOW, updatedAt: NOW });
        await tx.insertItem({ ref: 'TEAM-2027-002', municipalityId: 'testby', forumId: 'team', meetingId: 'testby/team/2027-01-20', kind: 'topic', category: 'annet', title: 'Sak 2', submitterId: 'politi', state: 'submitted', late: false, createdAt: NOW, updatedAt: NOW });
      });
      const counts = await store.read.operationalCounts(NOW);
      expect(counts.outbox).toEqual({ pending: 2, sending: 1, sent: 0, failed: 0, unknown: 0, expired: 0 });
      expect(counts.oldestPendingDueAt).toBe(at(1)); // 'b' is due; 'later' is not yet
      expect(counts.items).toEqual([{ municipalityId: 'testby', state: 'submitted', count: 2 }]);
    });

    test('a message is added once per key and reads back whole', async () => {
      const [id, again] = await enqueue(
        message('a', { expiresAt: at(50), replacesKey: 'x@slack:C1', updateOnly: true, dueAt: at(1) }),
        message('a', { view: view('info', 'En annen') }),
      );
      expect(id).toEqual(expect.any(Number));
      expect(again).toBeUndefined();
      expect(await store.read.outboxMessage(id!)).toEqual({
        id, key: 'a@slack:C1', municipalityId: 'testby', platform: 'slack', targetKind: 'channel', target: 'C1',
        view: view('info', 'Melding a', { lines: ['tekst'] }), status: 'pending', attempts: 0, notBefore: at(0), dueAt: at(1), checks: 0,
        expiresAt: at(50), replacesKey: 'x@slack:C1', updateOnly: true, home: false, createdAt: at(0), updatedAt: at(0),
      });
      const [copy] = await enqueue(message('copy', { status: 'sent', platformMessageId: '1700.1' }));
      expect(await store.read.outboxMessage(copy!)).toMatchObject({ status: 'sent', platformMessageId: '1700.1' });
      expect((await store.outbox.list()).map((m) => m.id)).toEqual([id, copy]);
    });

    test('claim: due messages of one platform, oldest first, up to the limit; not yet due and other platforms stay; expired ones expire', async () => {
      const ids = await enqueue(
        message('a'),
        message('b', { key: 'b@slack:C2', target: 'C2' }),
        message('later', { key: 'later@slack:C3', target: 'C3', notBefore: at(45) }),
        message('teams', { key: 't@teams:T1', platform: 'teams', target: 'T1' }),
        message('old', { key: 'old@slack:C4', target: 'C4', expiresAt: at(10) }),
        message('c', { key: 'c@slack:C5', target: 'C5' }),
      );
      const first = await store.outbox.claim('slack', 'w1', NOW, LEASE, 2);
      expect(first.map((m) => [m.key, m.status])).toEqual([['a@slack:C1', 'sending'], ['b@slack:C2', 'sending']]);
      expect(first[0]).toMatchObject({ leaseUntil: LEASE });
      expect(await statusOf(ids[4])).toBe('expired');
      const rest = await store.outbox.claim('slack', 'w1', NOW, LEASE, 10);
      expect(rest.map((m) => m.key)).toEqual(['c@slack:C5']);
      expect(await statusOf(ids[2])).toBe('pending');
      expect(await statusOf(ids[3])).toBe('pending');
    });

    test('claim: two workers claiming at once never get the same message', async () => {
      await enqueue(...Array.from({ length: 30 }, (_, i) => message(`m${i}`, { key: `m${i}@slack:C${i}`, target: `C${i}` })));
      const claims = await Promise.all(['w1', 'w2', 'w3'].map((w) => store.outbox.claim('slack', w, NOW, LEASE, 12)));
      const ids = claims.flat().map((m) => m.id);
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids.length).toBe(30);
    });

    test('claim keeps a channel in order: never two of its messages in flight, never a later one before an earlier one still waiting', async () => {
      const [a1, a2, b1] = await enqueue(message('a1'), message('a2'), message('b1', { key: 'b1@slack:C2', target: 'C2' }));
      const first = await store.outbox.claim('slack', 'w1', NOW, LEASE, 10);
      expect(first.map((m) => m.id)).toEqual([a1, b1]);
      expect(await store.outbox.claim('slack', 'w2', NOW, LEASE, 10)).toEqual([]);
      // a1 fails for now (Retry-After): a2 waits for it
      await store.outbox.markFailed(a1!, 'w1', 'rate limited', undefined, at(40), NOW);
      expect(await store.outbox.claim('slack', 'w2', NOW, LEASE, 10)).toEqual([]);
      expect((await store.outbox.claim('slack', 'w2', at(40), at(41), 10)).map((m) => m.id)).toEqual([a1]);
      await store.outbox.markSent(a1!, 'w2', '1.1', at(40));
      expect((await store.outbox.claim('slack', 'w2', at(40), at(41), 10)).map((m) => m.id)).toEqual([a2]);
    });

    test('a home row neither waits for nor holds back the DMs of its person; a change while it is sent makes it go out once more', async () => {
      const dmTarget = { key: 'dm1@slack:ULEDER1', targetKind: 'dm' as const, target: 'ULEDER1' };
      // a DM held by quiet hours, then the person's home view: the home row goes now, the DM waits for its time
      const [held] = await enqueue(message('dm1', { ...dmTarget, notBefore: at(45) }));
      await store.transaction((tx) => tx.enqueueHomes('testby', [{ key: 'home:testby:leder@slack:ULEDER1', platform: 'slack', target: 'ULEDER1' }], NOW));
      const home = (await store.outbox.list()).find((m) => m.home)!;
      expect(home).toMatchObject({ key: 'home:testby:leder@slack:ULEDER1', targetKind: 'dm', target: 'ULEDER1', status: 'pending', notBefore: NOW, home: true });
      expect((await store.outbox.claim('slack', 'w1', NOW, LEASE, 10)).map((m) => m.id)).toEqual([home.id]);
      // a change while it is being sent: it goes out once more after this send; a second enqueue changes nothing more
      await store.transaction((tx) => tx.enqueueHomes('testby', [{ key: home.key, platform: 'slack', target: 'ULEDER1' }], at(31)));
      await store.outbox.finishHome(home.id, 'w1', { sent: true, messageId: 'home-1', hash: 'h1' }, at(32));
      expect(await store.read.outboxMessage(home.id)).toMatchObject({ status: 'pending', notBefore: at(32), contentHash: 'h1', platformMessageId: 'home-1', attempts: 1 });
      // the DM, now due, is claimed although the (newer) home row is pending too; the home row as well
      const both = await store.outbox.claim('slack', 'w1', at(45), at(46), 10);
      expect(both.map((m) => m.id)).toEqual([held, home.id]);
      await store.outbox.finishHome(home.id, 'w1', { sent: false, error: 'not_in_channel' }, at(45));
      expect(await store.read.outboxMessage(home.id)).toMatchObject({ status: 'expired', lastError: 'not_in_channel', contentHash: 'h1', attempts: 2 });
      // a later change makes the same row pending again, its attempts and errors cleared
      await store.transaction((tx) => tx.enqueueHomes('testby', [{ key: home.key, platform: 'slack', target: 'ULEDER1' }], at(50)));
      const again = (await store.read.outboxMessage(home.id))!;
      expect(again).toMatchObject({ status: 'pending', attempts: 0, checks: 0, notBefore: at(50) });
      expect(again.lastError).toBeUndefined();
      expect((await store.outbox.list()).filter((m) => m.home)).toHaveLength(1);
    });

    test('pacing is shared: a send to a channel may begin, the next only after the gap; other channels are not held', async () => {
      const t = Date.UTC(2027, 0, 8, 9, 30);
      const iso = (ms: number) => new Date(t + ms).toISOString();
      expect(await store.outbox.paceChannel('slack', 'C1', 1100, iso(0))).toBeUndefined();
      expect(await store.outbox.paceChannel('slack', 'C1', 1100, iso(500))).toBe(iso(1100));
      expect(await store.outbox.paceChannel('slack', 'C2', 1100, iso(500))).toBeUndefined();
      expect(await store.outbox.paceChannel('teams', 'C1', 150, iso(500))).toBeUndefined();
      expect(await store.outbox.paceChannel('slack', 'C1', 1100, iso(1100))).toBeUndefined();
      expect(await store.outbox.paceChannel('slack', 'C1', 1100, iso(1200))).toBe(iso(2200));
      // two instances asking at the same moment: one may send, the other is told to wait
      const answers = await Promise.all([store.outbox.paceChannel('slack', 'C3', 1100, iso(0)), store.outbox.paceChannel('slack', 'C3', 1100, iso(0))]);
      expect(answers.filter((a) => a === undefined)).toHaveLength(1);
      expect(answers).toContain(iso(1100));
    });

    test('a send in steps notes its progress under its lease; the pin a new post of a group replaces', async () => {
      const [id] = await enqueue(message('a'));
      await store.outbox.claim('slack', 'w1', NOW, LEASE, 10);
      expect(await store.outbox.noteProgress(id!, 'w2', 'file:F1', at(40), NOW)).toBe(false);
      expect(await store.outbox.noteProgress(id!, 'w1', 'file:F1', at(40), NOW)).toBe(true);
      expect(await store.read.outboxMessage(id!)).toMatchObject({ sendNote: 'file:F1', leaseUntil: at(40) });
      await store.outbox.markSent(id!, 'w1', '1.1', NOW);

      const pinned = (k: string, group: string) => message(k, { view: { ...view('agenda', `Saksliste ${k}`, { lines: [] }), pin: { group } } });
      const [p1, , p3] = await enqueue(pinned('p1', 'agenda:team'), pinned('p2', 'agenda:rad'), pinned('p3', 'agenda:team'));
      for (let i = 0; i < 3; i++) {
        const [m] = await store.outbox.claim('slack', 'w1', NOW, LEASE, 1);
        await store.outbox.markSent(m!.id, 'w1', `ts-${m!.key.split('@')[0]}`, NOW);
      }
      expect(await store.outbox.pinnedBefore({ id: p3!, platform: 'slack', target: 'C1' }, 'agenda:team')).toBe('ts-p1');
      expect(await store.outbox.pinnedBefore({ id: p1!, platform: 'slack', target: 'C1' }, 'agenda:team')).toBe('ts-p3');
      expect(await store.outbox.pinnedBefore({ id: p1!, platform: 'slack', target: 'C9' }, 'agenda:team')).toBeUndefined();
    });

    test('a newer calendar change supersedes the older ones still waiting; a transaction counts the rows it changed', async () => {
      const change = (k: string) => message(k, { key: `${k}@graph:org@kommune.no`, platform: 'graph', target: 'org@kommune.no', replacesKey: 'event:m1@graph:org@kommune.no' });
      const counts = await store.transaction(async (tx) => {
        const c0 = await tx.changeCount();
        await tx.enqueueMessage(change('v1'), NOW);
        await tx.enqueueMessage(change('v1'), NOW); // the same key: nothing added
        const c1 = await tx.changeCount();
        await tx.enqueueMessage(change('v2'), NOW);
        await tx.supersedeWaiting('event:m1@graph:org@kommune.no', 'v2@graph:org@kommune.no', NOW);
        return [c0, c1, await tx.changeCount()];
      });
      expect(counts).toEqual([0, 1, 3]);
      const byKey = Object.fromEntries((await store.outbox.list()).map((m) => [m.key, m]));
      expect(byKey['v1@graph:org@kommune.no']).toMatchObject({ status: 'expired', lastError: 'superseded by a newer change' });
      expect(byKey['v2@graph:org@kommune.no']).toMatchObject({ status: 'pending', platform: 'graph' });
      expect(await store.transaction((tx) => tx.changeCount())).toBe(0);
    });

    test('renew only for the owner of a message being sent; it notes when the send began', async () => {
      const [id] = await enqueue(message('a'));
      await store.outbox.claim('slack', 'w1', NOW, LEASE, 10);
      expect(await store.outbox.renew(id!, 'w2', at(35), NOW)).toBe(false);
      expect(await store.outbox.renew(id!, 'w1', at(35), NOW)).toBe(true);
      expect(await store.read.outboxMessage(id!)).toMatchObject({ status: 'sending', leaseUntil: at(35), sendStartedAt: NOW });
      await store.outbox.markSent(id!, 'w1', '1700.2', NOW);
      expect(await store.outbox.renew(id!, 'w1', at(36), NOW)).toBe(false);
      expect(await store.read.outboxMessage(id!)).toMatchObject({ status: 'sent', attempts: 1, platformMessageId: '1700.2' });
    });

    test('interrupted sends: one never begun goes back to pending; one begun is taken over and counts a check', async () => {
      const [begun, notBegun, fresh] = await enqueue(message('a'), message('b', { key: 'b@slack:C2', target: 'C2' }), message('c', { key: 'c@slack:C3', target: 'C3' }));
      await store.outbox.claim('slack', 'dead', NOW, LEASE, 2);
      await store.outbox.renew(begun!, 'dead', LEASE, NOW);
      expect(await store.outbox.takeInterrupted('slack', 'w2', NOW, at(40))).toEqual([]); // leases still running
      const taken = await store.outbox.takeInterrupted('slack', 'w2', at(32), at(40));
      expect(taken.map((m) => [m.id, m.checks, m.status])).toEqual([[begun, 1, 'sending']]);
      expect(await store.read.outboxMessage(notBegun!)).toMatchObject({ status: 'pending' });
      expect(await statusOf(fresh)).toBe('pending');
      expect(await store.outbox.takeInterrupted('slack', 'w3', at(33), at(41))).toEqual([]); // w2 holds it now
      const again = await store.outbox.takeInterrupted('slack', 'w3', at(41), at(50));
      expect(again.map((m) => m.checks)).toEqual([2]);
      await store.outbox.markUnknown(begun!, 'w3', 'could not be asked', at(41));
      expect(await store.read.outboxMessage(begun!)).toMatchObject({ status: 'unknown', failure: 'interrupted', lastError: 'could not be asked' });
    });

    test('end states: failed for good, back to pending for a retry, nothing to update, released; release of an owner keeps the sends in flight', async () => {
      const ids = await enqueue(...['a', 'b', 'c', 'd', 'e'].map((k, i) => message(k, { key: `${k}@slack:C${i}`, target: `C${i}` })));
      await store.outbox.claim('slack', 'w1', NOW, LEASE, 10);
      await store.outbox.markFailed(ids[0]!, 'w1', 'channel_not_found', 'not-member', at(35), NOW);
      await store.outbox.markFailed(ids[1]!, 'w1', 'ratelimited', undefined, at(36), NOW);
      await store.outbox.markNothingToUpdate(ids[2]!, 'w1', NOW);
      expect(await store.read.outboxMessage(ids[0]!)).toMatchObject({ status: 'failed', failure: 'not-member', lastError: 'channel_not_found', attempts: 1 });
      expect(await store.read.outboxMessage(ids[1]!)).toMatchObject({ status: 'pending', lastError: 'ratelimited', notBefore: at(36), attempts: 1 });
      expect(await store.read.outboxMessage(ids[2]!)).toMatchObject({ status: 'expired', lastError: 'nothing to update' });
      expect(await store.outbox.releaseOwned('w1', [ids[4]!], NOW)).toBe(1);
      expect(await statusOf(ids[3])).toBe('pending');
      expect(await statusOf(ids[4])).toBe('sending');
      await store.outbox.release(ids[4]!, 'w1', NOW);
      expect(await statusOf(ids[4])).toBe('pending');
    });

    test('hold: a claimed message back to pending until an instant, its lease released, no attempt counted, no error recorded', async () => {
      const [id, other] = await enqueue(message('a'), message('b', { key: 'b@slack:C2', target: 'C2', notBefore: at(50) }));
      await store.outbox.claim('slack', 'w1', NOW, LEASE, 10);
      await store.outbox.markFailed(id!, 'w1', 'ratelimited', undefined, at(32), NOW); // an earlier real failure: attempts 1, its error
      await store.outbox.claim('slack', 'w1', at(32), at(33), 10);
      expect(await store.outbox.hold(id!, 'w1', at(40), at(32))).toBe(true);
      const held = (await store.read.outboxMessage(id!))!;
      expect(held).toMatchObject({ status: 'pending', notBefore: at(40), attempts: 1, lastError: 'ratelimited', updatedAt: at(32) });
      expect(held.failure).toBeUndefined();
      expect(held.leaseUntil).toBeUndefined();
      // it waits for its instant, then any worker may claim it (its lease is gone)
      expect((await store.outbox.claim('slack', 'w2', at(39), at(41), 10)).map((m) => m.id)).toEqual([]);
      expect((await store.outbox.claim('slack', 'w2', at(40), at(41), 10)).map((m) => m.id)).toEqual([id]);
      // a message never claimed, or held already, is no one's to hold
      expect(await store.outbox.hold(other!, 'w1', at(45), at(40))).toBe(false);
      expect(await store.read.outboxMessage(other!)).toMatchObject({ status: 'pending', notBefore: at(50) });
    });

    test('hold: refused to anyone but the lease\'s owner, also after another worker took the message over; the row stays as it was', async () => {
      const [id] = await enqueue(message('a'));
      await store.outbox.claim('slack', 'w1', NOW, LEASE, 10);
      expect(await store.outbox.hold(id!, 'w2', at(40), NOW)).toBe(false);
      expect(await store.read.outboxMessage(id!)).toMatchObject({ status: 'sending', notBefore: at(0), leaseUntil: LEASE, attempts: 0, updatedAt: NOW });
      // w1's send began, its lease ran out and w2 took the message over: w1 may no longer hold it
      await store.outbox.renew(id!, 'w1', LEASE, NOW);
      expect((await store.outbox.takeInterrupted('slack', 'w2', at(32), at(40))).map((m) => m.id)).toEqual([id]);
      expect(await store.outbox.hold(id!, 'w1', at(45), at(33))).toBe(false);
      expect(await store.read.outboxMessage(id!)).toMatchObject({ status: 'sending', notBefore: at(0), leaseUntil: at(40), attempts: 0, checks: 1, updatedAt: at(32) });
      expect(await store.outbox.hold(id!, 'w2', at(45), at(33))).toBe(true);
      expect(await store.read.outboxMessage(id!)).toMatchObject({ status: 'pending', notBefore: at(45), attempts: 0, checks: 1 });
    });

    test('hold keeps a home row\'s note of a change that came in while it was claimed: after its next send it goes out once more', async () => {
      await store.transaction((tx) => tx.enqueueHomes('testby', [{ key: 'home:testby:leder@slack:ULEDER1', platform: 'slack', target: 'ULEDER1' }], NOW));
      const [home] = await store.outbox.claim('slack', 'w1', NOW, LEASE, 10);
      await store.transaction((tx) => tx.enqueueHomes('testby', [{ key: home!.key, platform: 'slack', target: 'ULEDER1' }], at(31)));
      expect(await store.outbox.hold(home!.id, 'w1', at(35), at(31))).toBe(true);
      expect(await store.read.outboxMessage(home!.id)).toMatchObject({ status: 'pending', notBefore: at(35), attempts: 0 });
      expect((await store.outbox.claim('slack', 'w1', at(35), at(36), 10)).map((m) => m.id)).toEqual([home!.id]);
      await store.outbox.finishHome(home!.id, 'w1', { sent: true, messageId: 'home-1', hash: 'h1' }, at(35));
      expect(await store.read.outboxMessage(home!.id)).toMatchObject({ status: 'pending', notBefore: at(35), attempts: 1 });
    });

    test('messageIdOf: the newest delivered version of a message (the post or an edit of it)', async () => {
      const [orig] = await enqueue(message('post'));
      expect(await store.outbox.messageIdOf('post@slack:C1')).toBeUndefined();
      await store.outbox.claim('slack', 'w1', NOW, LEASE, 10);
      await store.outbox.markSent(orig!, 'w1', '1700.1', NOW);
      const [edit] = await enqueue(message('edit', { replacesKey: 'post@slack:C1' }));
      await store.outbox.claim('slack', 'w1', NOW, LEASE, 10);
      await store.outbox.markSent(edit!, 'w1', '1700.9', NOW);
      expect(await store.outbox.messageIdOf('post@slack:C1')).toBe('1700.9');
    });

    test('platforms not running: pending messages past the bound expire, counted per platform; overdue messages are counted', async () => {
      await enqueue(
        message('s', { notBefore: at(0) }),
        message('t1', { key: 't1@teams:T1', platform: 'teams', target: 'T1', notBefore: at(0) }),
        message('t2', { key: 't2@teams:T2', platform: 'teams', target: 'T2', notBefore: at(20) }),
        message('c', { key: 'c@console:x', platform: 'console', target: 'x', notBefore: at(0) }),
      );
      expect(await store.outbox.countOverdue(at(10))).toBe(3);
      expect(await store.outbox.expireNotRunning(['slack'], at(10), NOW)).toEqual({ teams: 1, console: 1 });
      expect(await store.outbox.countOverdue(at(10))).toBe(1);
      expect(await store.outbox.countOverdue(at(30))).toBe(2);
    });

    test('undelivered messages: reported once, listed newest first per municipality, resolved once; redaction stops a message not yet sent', async () => {
      const ids = await enqueue(...['a', 'b', 'c'].map((k, i) => message(k, { key: `${k}@slack:C${i}`, target: `C${i}` })), message('other', { key: 'o@slack:C9', target: 'C9', municipalityId: 'annen' }));
      await store.outbox.claim('slack', 'w1', NOW, LEASE, 10);
      await store.outbox.markFailed(ids[0]!, 'w1', 'gone', 'not-member', NOW, NOW);
      await store.outbox.markUnknown(ids[1]!, 'w1', 'crash', NOW);
      await store.outbox.markFailed(ids[3]!, 'w1', 'gone', 'account', NOW, NOW);
      const reported = await store.transaction((tx) => tx.takeUnreported(at(32)));
      expect(reported.map((m) => [m.id, m.status, m.reportedAt])).toEqual([[ids[0], 'failed', at(32)], [ids[1], 'unknown', at(32)], [ids[3], 'failed', at(32)]]);
      expect(await store.transaction((tx) => tx.takeUnreported(at(33)))).toEqual([]);
      expect((await store.read.undeliveredMessages('testby', 10)).map((m) => m.id)).toEqual([ids[1], ids[0]]);
      expect((await store.read.undeliveredMessages('testby', 1)).map((m) => m.id)).toEqual([ids[1]]);
      expect(await store.read.countUndelivered('testby')).toBe(2);
      expect(await store.transaction((tx) => tx.resolveUndelivered(ids[0]!, 'done:koord', at(34)))).toBe(true);
      expect(await store.transaction((tx) => tx.resolveUndelivered(ids[0]!, 'resent:99', at(34)))).toBe(false);
      expect(await store.transaction((tx) => tx.resolveUndelivered(ids[2]!, 'done:koord', at(34)))).toBe(false); // being sent, not undelivered
      expect(await store.read.countUndelivered('testby')).toBe(1);
      expect(await store.read.outboxMessage(ids[0]!)).toMatchObject({ resolved: 'done:koord' });

      const [waiting] = await enqueue(message('secret', { key: 'secret@slack:C7', target: 'C7', view: view('item', 'TEAM-2027-001: Hemmelig tittel', { lines: [] }) }));
      expect((await store.read.messagesContaining('Hemmelig tittel')).map((m) => m.id)).toEqual([waiting]);
      const redacted = view('info', 'Slettet', { lines: [] });
      await store.transaction(async (tx) => {
        await tx.redactMessage(waiting!, redacted, at(35));
        await tx.redactMessage(ids[2]!, redacted, at(35));
      });
      expect(await store.read.outboxMessage(waiting!)).toMatchObject({ status: 'expired', view: redacted, lastError: 'erased after the retention period' });
      expect(await store.read.outboxMessage(ids[2]!)).toMatchObject({ status: 'sending', view: redacted });
      expect(await store.read.messagesContaining('Hemmelig tittel')).toEqual([]);
    });
  });
}
