import type { MeetingRecord } from '../../src/core/model/records';
import type { DueForum, SltStore } from '../../src/core/ports/store';

/**
 * The scheduler's reads and due-work index (issue 18) as part of the store contract (store-contract.ts),
 * run on SQLite and PostgreSQL: upcomingMeetings, dueForums/markDue/setNextDue with its version rule,
 * and that every write of a meeting, an item or an action makes its forum due, whoever writes it.
 * The store holds testby/team's meetings of 2027-01-06, 01-20 and 02-03 (each at 08:00 UTC) when a test begins.
 */

const FAR = '2099-01-01T00:00:00.000Z';
const T0 = '2027-01-08T09:00:00.000Z';
const key = (d: DueForum) => `${d.municipalityId}/${d.forumId}`;

export function dueWorkContract(current: () => SltStore, meetingRecord: (date: string, o?: Partial<MeetingRecord>) => MeetingRecord): void {
  describe('due work', () => {
    let store: SltStore;
    beforeEach(() => {
      store = current();
    });
    const due = async (nowUtc = FAR) => (await store.read.dueForums(nowUtc)).map(key).sort();
    const versionOf = async (m: string, f: string) => (await store.read.dueForums(FAR)).find((d) => d.municipalityId === m && d.forumId === f)?.version;
    /** every forum done: due again far in the future */
    const settle = async () => {
      for (const d of await store.read.dueForums(FAR)) await store.transaction((tx) => tx.setNextDue(d.municipalityId, d.forumId, '2098-01-01T00:00:00.000Z', d.version));
      expect(await due('2097-01-01T00:00:00.000Z')).toEqual([]);
    };

    test('upcomingMeetings: planned meetings that start strictly after the instant, soonest first, at most `limit`', async () => {
      await store.transaction(async (tx) => {
        await tx.insertMeeting(meetingRecord('2027-01-13', { status: 'cancelled' }), T0);
        await tx.insertMeeting({ ...meetingRecord('2027-01-27'), forumId: 'rad', id: 'testby/rad/2027-01-27' }, T0);
      });
      const dates = (ms: MeetingRecord[]) => ms.map((m) => m.date);
      expect(dates(await store.read.upcomingMeetings('testby', 'team', T0))).toEqual(['2027-01-20', '2027-02-03']);
      expect(dates(await store.read.upcomingMeetings('testby', 'team', '2027-01-01T00:00:00.000Z', 2))).toEqual(['2027-01-06', '2027-01-20']);
      // strictly after: the meeting starting at the instant is not upcoming
      expect(dates(await store.read.upcomingMeetings('testby', 'team', '2027-01-20T08:00:00.000Z'))).toEqual(['2027-02-03']);
      expect(await store.read.upcomingMeetings('testby', 'team', '2027-02-03T08:00:00.000Z')).toEqual([]);
      expect(dates(await store.read.upcomingMeetings('testby', 'rad', T0, 5))).toEqual(['2027-01-27']);
      expect(await store.transaction(async (tx) => dates(await tx.upcomingMeetings('testby', 'team', T0, 1)))).toEqual(['2027-01-20']);
      expect(await store.read.meeting('testby/team/2027-01-20')).toEqual((await store.read.upcomingMeetings('testby', 'team', T0, 1))[0]);
    });

    test('markDue makes forums due now and raises their version; setNextDue stores a time only at the version read', async () => {
      await settle();
      await store.transaction((tx) => tx.markDue('testby', ['', 'rad']));
      expect(await due('2000-01-01T00:00:00.000Z')).toEqual(['testby/', 'testby/rad']);
      const [own] = (await store.read.dueForums(T0)).filter((d) => d.forumId === '');
      expect(own!.version).toBe(1);
      await store.transaction((tx) => tx.markDue('testby', ['']));
      expect(await versionOf('testby', '')).toBe(2);
      // worked out at version 1: stored over nothing
      await store.transaction((tx) => tx.setNextDue('testby', '', '2027-02-01T00:00:00.000Z', 1));
      expect(await due(T0)).toEqual(['testby/', 'testby/rad']);
      await store.transaction((tx) => tx.setNextDue('testby', '', '2027-02-01T00:00:00.000Z', 2));
      expect(await due(T0)).toEqual(['testby/rad']);
      // due at the instant itself (text compare), not before it
      expect(await due('2027-01-31T23:59:59.999Z')).toEqual(['testby/rad']);
      expect(await due('2027-02-01T00:00:00.000Z')).toEqual(['testby/', 'testby/rad']);
      // a row that does not exist is not made by setNextDue
      await store.transaction((tx) => tx.setNextDue('testby', 'nosuch', T0, 1));
      expect(await due()).toEqual(['testby/', 'testby/rad', 'testby/team']);
    });

    test('every insert or update of a meeting, an item or an action makes its forum due now and raises its version', async () => {
      const m = 'testby/team/2027-01-20';
      const writes: [string, (s: SltStore) => Promise<unknown>][] = [
        ['meeting inserted', (s) => s.transaction((tx) => tx.insertMeeting(meetingRecord('2027-03-03'), T0))],
        ['meeting updated', (s) => s.transaction((tx) => tx.updateMeeting(meetingRecord('2027-01-20', { place: 'Rådhuset' }), T0))],
        ['item inserted', (s) => s.transaction((tx) => tx.insertItem({
          ref: 'TEAM-2027-001', municipalityId: 'testby', forumId: 'team', meetingId: m, kind: 'topic', category: 'annet', title: 'Sak',
          submitterId: 'politi', state: 'submitted', late: false, createdAt: T0, updatedAt: T0,
        }))],
        ['item updated', async (s) => {
          const item = (await s.read.item('TEAM-2027-001'))!;
          await s.transaction((tx) => tx.updateItem({ ...item, state: 'approved' }));
        }],
        ['action inserted', (s) => s.transaction((tx) => tx.addAction({
          municipalityId: 'testby', forumId: 'team', meetingId: m, itemRef: 'TEAM-2027-001', ownerId: 'politi', text: 'Ring', due: '2027-02-01',
          status: 'open', createdBy: 'leder', createdAt: T0,
        }))],
        ['action updated', async (s) => {
          const [a] = await s.read.actionsOfForum('testby', 'team');
          await s.transaction((tx) => tx.updateAction({ ...a!, status: 'done' }));
        }],
      ];
      for (const [what, write] of writes) {
        await settle();
        const before = (await versionOf('testby', 'team'))!;
        await write(store);
        expect([what, await due(T0)]).toEqual([what, ['testby/team']]);
        expect([what, await versionOf('testby', 'team')]).toEqual([what, before + 1]);
      }
      // a write in a transaction that fails makes nothing due
      await settle();
      const before = await versionOf('testby', 'team');
      await expect(store.transaction(async (tx) => {
        await tx.updateMeeting(meetingRecord('2027-01-20', { place: 'Skolen' }), T0);
        throw new Error('given up');
      })).rejects.toThrow('given up');
      expect(await due(T0)).toEqual([]);
      expect(await versionOf('testby', 'team')).toBe(before);
    });

    test('writes at the same moment (several instances) each raise the version: none is lost, none stored over', async () => {
      await settle();
      const before = (await versionOf('testby', 'team'))!;
      const dates = Array.from({ length: 6 }, (_, i) => `2027-04-${String(i + 10)}`);
      await Promise.all(dates.map((d) => store.transaction((tx) => tx.insertMeeting(meetingRecord(d), T0))));
      expect(await versionOf('testby', 'team')).toBe(before + dates.length);
      expect(await due(T0)).toEqual(['testby/team']);
      // a next-due time worked out at the old version while they were written changes nothing
      await store.transaction((tx) => tx.setNextDue('testby', 'team', '2098-01-01T00:00:00.000Z', before));
      expect(await due(T0)).toEqual(['testby/team']);
    });
  });
}
