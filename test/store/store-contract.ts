import type { AgendaItem, MeetingRecord } from '../../src/core/model/records';
import { type SltStore, StorageUnavailableError } from '../../src/core/ports/store';
import { fixture } from '../helpers';
import { dueWorkContract } from './store-contract-due-work';
import { outboxContract } from './store-contract-outbox';
import { outboxOwnerContract } from './store-contract-outbox-owner';

/**
 * What every SltStore does, whichever database is behind it: each test file of a store
 * (sqlite-store.test.ts, postgres-store.test.ts) calls `storeContract(name, open)`, and the same
 * expectations run against SQLite and PostgreSQL. `open` gives a store on a fresh, migrated, empty
 * database. The outbox's part is in store-contract-outbox.ts, the due-work index's in store-contract-due-work.ts.
 */
export type OpenStore = () => Promise<{ store: SltStore; close(): Promise<void> }>;

export const T0 = '2027-01-08T09:00:00.000Z';

export const meetingRecord = (date: string, overrides: Partial<MeetingRecord> = {}): MeetingRecord => ({
  id: `testby/team/${date}`, municipalityId: 'testby', forumId: 'team', date,
  startUtc: `${date}T08:00:00.000Z`, endUtc: `${date}T09:30:00.000Z`, deadlineUtc: `${date}T07:00:00.000Z`,
  status: 'planned', sequence: 0, ...overrides,
});

export const itemRecord = (ref: string, meetingId: string, overrides: Partial<AgendaItem> = {}): AgendaItem => ({
  ref, municipalityId: 'testby', forumId: 'team', meetingId, kind: 'topic', category: 'annet', title: `Sak ${ref}`,
  submitterId: 'politi', state: 'submitted', late: false, createdAt: T0, updatedAt: T0, ...overrides,
});

export function storeContract(name: string, open: OpenStore): void {
  describe(`store contract: ${name}`, () => {
    let store: SltStore;
    let close: () => Promise<void>;
    beforeEach(async () => {
      ({ store, close } = await open());
      await store.transaction(async (tx) => {
        await tx.mirrorConfiguration(fixture());
        for (const d of ['2027-01-20', '2027-01-06', '2027-02-03']) await tx.insertMeeting(meetingRecord(d), T0);
      });
    });
    afterEach(() => close());

    test('configuration mirror: a change is reported once, the same configuration again changes nothing', async () => {
      const m = fixture();
      expect(await store.transaction((tx) => tx.mirrorConfiguration(m))).toBe(false);
      const renamed = { ...m, members: m.members.map((p) => (p.id === 'politi' ? { ...p, role: 'Politiets kontakt' } : p)) };
      expect(await store.transaction((tx) => tx.mirrorConfiguration(renamed))).toBe(true);
      expect(await store.transaction((tx) => tx.mirrorConfiguration(renamed))).toBe(false);
      const forum = { ...m, forums: m.forums.map((f, i) => (i === 0 ? { ...f, name: 'Nytt navn' } : f)) };
      expect(await store.transaction((tx) => tx.mirrorConfiguration(forum))).toBe(true);
    });

    test('meetings: read back as written, by forum in order of start; an update changes them', async () => {
      const list = await store.read.meetingsOfForum('testby', 'team');
      expect(list.map((m) => m.date)).toEqual(['2027-01-06', '2027-01-20', '2027-02-03']);
      expect(await store.read.meeting('testby/team/2027-01-20')).toEqual(meetingRecord('2027-01-20'));
      expect(await store.read.meetingsOfForum('testby', 'rad')).toEqual([]);
      const moved = meetingRecord('2027-01-20', { place: 'Rådhuset', note: 'Flyttet', movedFrom: '2027-01-19', status: 'cancelled', sequence: 2 });
      await store.transaction((tx) => tx.updateMeeting(moved, T0));
      expect(await store.read.meeting(moved.id)).toEqual(moved);
      expect(await store.read.meeting('testby/team/1999-01-01')).toBeUndefined();
    });

    test('item numbers count per prefix and never repeat', async () => {
      const numbers = await store.transaction(async (tx) => [await tx.nextItemNumber('TEAM-2027'), await tx.nextItemNumber('TEAM-2027'), await tx.nextItemNumber('RAD-2027')]);
      expect(numbers).toEqual([1, 2, 1]);
      expect(await store.transaction((tx) => tx.nextItemNumber('TEAM-2027'))).toBe(3);
    });

    test('concurrent transactions never get the same item number', async () => {
      const all = await Promise.all(Array.from({ length: 8 }, () => store.transaction((tx) => tx.nextItemNumber('TEAM-2028'))));
      expect([...all].sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    });

    test('items: written and read back whole; found by reference in any case; ordered by submission', async () => {
      const m1 = 'testby/team/2027-01-20';
      const full = itemRecord('TEAM-2027-002', m1, {
        kind: 'case', category: 'rus', description: 'Beskrivelse', state: 'deferred', late: true, reason: 'Grunn', question: 'Spørsmål?', answer: 'Svar',
        decidedBy: 'leder', decidedAt: T0, carriedFrom: 'testby/team/2027-01-06', raisedFrom: 'RAD-2027-001', submitterId: 'vara', sourceLink: 'slack:C1:1700000000.000100',
      });
      await store.transaction(async (tx) => {
        await tx.insertItem(itemRecord('TEAM-2027-001', m1));
        await tx.insertItem(full);
        await tx.insertItem(itemRecord('TEAM-2027-003', 'testby/team/2027-02-03', { raisedFrom: 'RAD-2027-001' }));
      });
      expect(await store.read.item('TEAM-2027-002')).toEqual(full);
      expect(await store.read.item('team-2027-002')).toEqual(full);
      expect(await store.read.item('TEAM-2027-099')).toBeUndefined();
      expect((await store.read.itemsOfMeeting(m1)).map((i) => i.ref)).toEqual(['TEAM-2027-001', 'TEAM-2027-002']);
      expect((await store.read.itemsOfSubmitter('testby', 'politi')).map((i) => i.ref)).toEqual(['TEAM-2027-001', 'TEAM-2027-003']);
      expect((await store.read.itemsRaisedFrom('RAD-2027-001')).map((i) => i.ref)).toEqual(['TEAM-2027-002', 'TEAM-2027-003']);
    });

    test('items of a meeting a page at a time; a submitter\'s items of a forum for given meetings or states, by meeting start, at most a limit', async () => {
      const [jan06, jan20, feb03] = ['testby/team/2027-01-06', 'testby/team/2027-01-20', 'testby/team/2027-02-03'];
      await store.transaction(async (tx) => {
        await tx.insertItem(itemRecord('TEAM-2027-001', feb03, { state: 'submitted' }));
        await tx.insertItem(itemRecord('TEAM-2027-002', jan20, { state: 'approved' }));
        await tx.insertItem(itemRecord('TEAM-2027-003', jan06, { state: 'needs-info' }));
        await tx.insertItem(itemRecord('TEAM-2027-004', jan06, { state: 'approved' }));
        await tx.insertItem(itemRecord('TEAM-2027-005', jan20, { state: 'submitted', submitterId: 'vara' }));
        await tx.insertItem(itemRecord('TEAM-2027-006', jan20, { state: 'rejected' }));
        await tx.insertMeeting(meetingRecord('2027-01-21', { id: 'testby/rad/2027-01-21', forumId: 'rad' }), T0);
        await tx.insertItem(itemRecord('RAD-2027-001', 'testby/rad/2027-01-21', { forumId: 'rad', state: 'submitted' }));
      });
      const refs = (items: { ref: string }[]) => items.map((i) => i.ref);
      expect(refs(await store.read.itemsOfMeeting(jan20))).toEqual(['TEAM-2027-002', 'TEAM-2027-005', 'TEAM-2027-006']);
      expect(refs(await store.read.itemsOfMeeting(jan20, { offset: 0, limit: 2 }))).toEqual(['TEAM-2027-002', 'TEAM-2027-005']);
      expect(refs(await store.read.itemsOfMeeting(jan20, { offset: 2, limit: 2 }))).toEqual(['TEAM-2027-006']);
      expect(await store.read.itemsOfMeeting(jan20, { offset: 3, limit: 2 })).toEqual([]);
      // politi's team items for the meeting of 20 January or undecided: soonest meeting first, never another forum's or submitter's
      const own = (limit: number) => store.read.ownItemsOfForum('testby', 'politi', 'team', [jan20], ['submitted', 'needs-info'], limit);
      expect(refs(await own(10))).toEqual(['TEAM-2027-003', 'TEAM-2027-002', 'TEAM-2027-006', 'TEAM-2027-001']);
      expect(refs(await own(2))).toEqual(['TEAM-2027-003', 'TEAM-2027-002']);
      expect(refs(await store.read.ownItemsOfForum('testby', 'politi', 'team', [], [], 10))).toEqual([]);
      expect(await store.transaction((tx) => tx.ownItemsOfForum('testby', 'politi', 'team', [feb03], [], 10))).toEqual([await store.read.item('TEAM-2027-001')]);
    });

    test('an item update changes what may change and keeps who submitted it; an unknown item is refused', async () => {
      const m1 = 'testby/team/2027-01-20';
      await store.transaction((tx) => tx.insertItem(itemRecord('TEAM-2027-001', m1, { description: 'Før' })));
      const changed = itemRecord('TEAM-2027-001', 'testby/team/2027-02-03', { state: 'approved', decidedBy: 'leder', decidedAt: T0, updatedAt: '2027-01-09T10:00:00.000Z' });
      await store.transaction((tx) => tx.updateItem(changed));
      expect(await store.read.item('TEAM-2027-001')).toEqual(changed);
      await expect(store.transaction((tx) => tx.updateItem(itemRecord('TEAM-2027-404', m1)))).rejects.toThrow(/TEAM-2027-404/);
    });

    test('items of started meetings in given states, and items between two instants, by meeting start then submission', async () => {
      await store.transaction(async (tx) => {
        await tx.insertItem(itemRecord('TEAM-2027-001', 'testby/team/2027-01-20', { state: 'submitted' }));
        await tx.insertItem(itemRecord('TEAM-2027-002', 'testby/team/2027-01-06', { state: 'needs-info' }));
        await tx.insertItem(itemRecord('TEAM-2027-003', 'testby/team/2027-01-06', { state: 'approved' }));
        await tx.insertItem(itemRecord('TEAM-2027-004', 'testby/team/2027-02-03', { state: 'submitted' }));
      });
      const left = await store.read.itemsInStatesOfStartedMeetings('testby', 'team', ['submitted', 'needs-info'], '2027-01-20T08:00:00.000Z');
      expect(left.map((i) => i.ref)).toEqual(['TEAM-2027-002', 'TEAM-2027-001']);
      expect(await store.read.itemsInStatesOfStartedMeetings('testby', 'rad', ['submitted'], '2030-01-01T00:00:00.000Z')).toEqual([]);
      const between = await store.read.itemsBetween('testby', '2027-01-06T08:00:00.000Z', '2027-02-03T08:00:00.000Z');
      expect(between.map((i) => i.ref)).toEqual(['TEAM-2027-002', 'TEAM-2027-003', 'TEAM-2027-001']);
    });

    test('minutes, entries, actions, attendance and Outlook answers', async () => {
      const m = 'testby/team/2027-01-20';
      await store.transaction((tx) => tx.insertItem(itemRecord('TEAM-2027-001', m)));
      expect(await store.read.minutes(m)).toBeUndefined();
      await store.transaction((tx) => tx.putMinutes({ meetingId: m, status: 'draft', version: 0 }));
      await store.transaction((tx) => tx.putMinutes({ meetingId: m, status: 'approved', version: 1, approvedBy: 'leder', approvedAt: T0 }));
      expect(await store.read.minutes(m)).toEqual({ meetingId: m, status: 'approved', version: 1, approvedBy: 'leder', approvedAt: T0 });

      const [e1, e2] = await store.transaction(async (tx) => [
        await tx.addEntry({ meetingId: m, itemRef: 'TEAM-2027-001', kind: 'note', text: 'Notat', authorId: 'leder', createdAt: T0 }),
        await tx.addEntry({ meetingId: m, itemRef: 'TEAM-2027-001', kind: 'decision', text: 'Vedtak', authorId: 'leder', createdAt: T0 }),
      ]);
      expect(e2).toBeGreaterThan(e1!);
      await store.transaction((tx) => tx.updateEntry(e1!, 'Rettet notat'));
      expect((await store.read.entriesOfMeeting(m)).map((e) => [e.id, e.kind, e.text])).toEqual([[e1, 'note', 'Rettet notat'], [e2, 'decision', 'Vedtak']]);
      await store.transaction((tx) => tx.deleteEntry(e1!));
      expect((await store.read.entriesOfMeeting(m)).map((e) => e.id)).toEqual([e2]);

      const base = { municipalityId: 'testby', forumId: 'team', meetingId: m, itemRef: 'TEAM-2027-001', status: 'open' as const, createdBy: 'leder', createdAt: T0 };
      const [a1, a2, a3] = await store.transaction(async (tx) => [
        await tx.addAction({ ...base, ownerId: 'politi', due: '2027-03-01', text: 'Sen' }),
        await tx.addAction({ ...base, ownerId: 'politi', due: '2027-02-01', text: 'Tidlig' }),
        await tx.addAction({ ...base, ownerId: 'vara', due: '2027-02-01', text: 'Annen eier' }),
      ]);
      expect((await store.read.actionsOfForum('testby', 'team')).map((a) => a.id)).toEqual([a2, a3, a1]);
      expect((await store.read.actionsOfOwner('testby', 'politi')).map((a) => a.text)).toEqual(['Tidlig', 'Sen']);
      expect((await store.read.actionsOfMeeting(m)).map((a) => a.id)).toEqual([a1, a2, a3]);
      const done = { ...(await store.read.action(a1!))!, status: 'done' as const, doneAt: '2027-02-20T10:00:00.000Z', text: 'Sen, rettet', ownerId: 'vara', due: '2027-03-02' };
      await store.transaction((tx) => tx.updateAction(done));
      expect(await store.read.action(a1!)).toEqual(done);
      expect(await store.read.action(9999)).toBeUndefined();

      await store.transaction(async (tx) => {
        await tx.putAttendance({ meetingId: m, memberId: 'vara', status: 'regrets' }, T0);
        await tx.putAttendance({ meetingId: m, memberId: 'leder', status: 'regrets' }, T0);
        await tx.putAttendance({ meetingId: m, memberId: 'vara', status: 'deputy', deputyId: 'obs' }, T0);
      });
      await store.transaction((tx) => tx.putOutlookResponses(m, [{ memberId: 'vara', response: 'declined' }, { memberId: 'leder', response: 'accepted' }], T0));
      await store.transaction((tx) => tx.putOutlookResponses(m, [{ memberId: 'politi', response: 'tentative' }, { memberId: 'leder', response: 'accepted' }], T0));
      expect(await store.read.outlookResponses(m)).toEqual([{ memberId: 'leder', response: 'accepted' }, { memberId: 'politi', response: 'tentative' }]);
      expect(await store.read.outlookResponses('testby/team/2027-02-03')).toEqual([]);
      expect(await store.read.attendanceOf(m)).toEqual([
        { meetingId: m, memberId: 'leder', status: 'regrets' },
        { meetingId: m, memberId: 'vara', status: 'deputy', deputyId: 'obs' },
      ]);
    });

    test('consent is replaced by a new one and can be deleted; publication and audit read back', async () => {
      const m = 'testby/team/2027-01-20';
      await store.transaction((tx) => tx.insertItem(itemRecord('TEAM-2027-001', m, { kind: 'case' })));
      const first = { itemRef: 'TEAM-2027-001', guardianSigned: '2027-01-05', agencies: ['Helse', 'Politiet'], parentsAttend: true, covers: 'Skole', purpose: 'Tiltak', recordedBy: 'koord', recordedAt: T0 };
      await store.transaction((tx) => tx.putConsent(first));
      expect(await store.read.consent('TEAM-2027-001')).toEqual(first);
      const second = { itemRef: 'TEAM-2027-001', legalBasis: 'Barnevernsloven § 13-1', agencies: [], parentsAttend: false, expires: '2027-12-31', recordedBy: 'leder', recordedAt: T0 };
      await store.transaction((tx) => tx.putConsent(second));
      expect(await store.read.consent('TEAM-2027-001')).toEqual(second);
      await store.transaction((tx) => tx.deleteConsent('TEAM-2027-001'));
      expect(await store.read.consent('TEAM-2027-001')).toBeUndefined();

      expect(await store.read.publication(m)).toBeUndefined();
      await store.transaction((tx) => tx.putPublication({ meetingId: m, version: 1, publishedAt: T0, publishedBy: 'leder' }));
      await store.transaction((tx) => tx.putPublication({ meetingId: m, version: 2, publishedAt: T0, publishedBy: 'koord', contentHash: 'abc' }));
      expect(await store.read.publication(m)).toEqual({ meetingId: m, version: 2, publishedAt: T0, publishedBy: 'koord', contentHash: 'abc' });

      const entries = [
        { at: T0, actor: 'politi', action: 'submit', municipalityId: 'testby', forumId: 'team', meetingId: m, itemRef: 'TEAM-2027-001', toState: 'submitted' },
        { at: T0, actor: 'leder', action: 'approve', municipalityId: 'testby', itemRef: 'TEAM-2027-001', fromState: 'submitted', toState: 'approved' },
        { at: T0, actor: 'leder', action: 'other', municipalityId: 'testby', itemRef: 'TEAM-2027-002' },
      ];
      await store.transaction(async (tx) => { for (const e of entries) await tx.appendAudit(e); });
      expect(await store.read.auditOfItem('TEAM-2027-001')).toEqual(entries.slice(0, 2));
    });

    test('remembered replies: the first is kept, a second with the same key is refused; replaced; forgotten by age with the shown marks', async () => {
      expect(await store.transaction((tx) => tx.rememberReply('slack:r1', '{"views":[1]}', '2027-01-01T00:00:00.000Z'))).toBe(true);
      expect(await store.transaction((tx) => tx.rememberReply('slack:r1', '{"views":[2]}', '2027-01-02T00:00:00.000Z'))).toBe(false);
      expect(await store.read.processedReply('slack:r1')).toBe('{"views":[1]}');
      await store.transaction((tx) => tx.replaceReply('slack:r1', '{"views":["redacted"]}'));
      expect(await store.read.processedReply('slack:r1')).toBe('{"views":["redacted"]}');
      await store.transaction((tx) => tx.rememberReply('slack:r2', '{"views":[]}', '2027-01-05T00:00:00.000Z'));
      expect(await store.read.repliesContaining('redacted')).toEqual([{ requestKey: 'slack:r1', replyJson: '{"views":["redacted"]}' }]);

      expect(await store.transaction((tx) => tx.claimShown('slack:r1', '2027-01-01T00:00:00.000Z'))).toBe(true);
      expect(await store.transaction((tx) => tx.claimShown('slack:r1', '2027-01-01T00:00:01.000Z'))).toBe(false);
      await store.transaction((tx) => tx.unclaimShown('slack:r1'));
      expect(await store.transaction((tx) => tx.claimShown('slack:r1', '2027-01-01T00:00:02.000Z'))).toBe(true);
      await store.transaction((tx) => tx.claimShown('slack:r2', '2027-01-05T00:00:00.000Z'));

      await store.transaction((tx) => tx.forgetRepliesBefore('2027-01-03T00:00:00.000Z'));
      expect(await store.read.processedReply('slack:r1')).toBeUndefined();
      expect(await store.read.processedReply('slack:r2')).toBe('{"views":[]}');
      expect(await store.transaction((tx) => tx.claimShown('slack:r1', T0))).toBe(true); // its mark went with it
      expect(await store.transaction((tx) => tx.claimShown('slack:r2', T0))).toBe(false);
    });

    test('delivered copies are recorded once per platform, message and item, and forgotten per item', async () => {
      const copy = { platform: 'teams', targetKind: 'dm' as const, target: 'aad-leder', messageId: 'm-1', itemRef: 'TEAM-2027-001', municipalityId: 'testby' };
      await store.transaction(async (tx) => {
        await tx.recordDeliveredCopy(copy, T0);
        await tx.recordDeliveredCopy(copy, '2027-01-09T00:00:00.000Z');
        await tx.recordDeliveredCopy({ ...copy, itemRef: 'TEAM-2027-002' }, T0);
      });
      expect(await store.read.deliveredCopies('TEAM-2027-001')).toEqual([copy]);
      await store.transaction((tx) => tx.forgetDeliveredCopies('TEAM-2027-001'));
      expect(await store.read.deliveredCopies('TEAM-2027-001')).toEqual([]);
      expect(await store.read.deliveredCopies('TEAM-2027-002')).toHaveLength(1);
    });

    test('channel bindings: one channel per forum and platform; a channel moves to the forum that binds it last', async () => {
      const b = (channelId: string, forumId: string, platform = 'slack') => ({ platform, channelId, municipalityId: 'testby', forumId });
      await store.transaction((tx) => tx.bindChannel(b('C1', 'team'), 'koord', '2027-01-01T00:00:00.000Z'));
      await store.transaction((tx) => tx.bindChannel(b('T1', 'team', 'teams'), 'koord', '2027-01-02T00:00:00.000Z'));
      await store.transaction((tx) => tx.bindChannel(b('C2', 'team'), 'koord', '2027-01-03T00:00:00.000Z'));
      await store.transaction((tx) => tx.bindChannel(b('C3', 'rad'), 'leder', '2027-01-04T00:00:00.000Z'));
      expect((await store.read.bindings()).map((x) => `${x.platform}:${x.channelId}:${x.forumId}:${x.boundBy}:${x.at}`)).toEqual([
        'teams:T1:team:koord:2027-01-02T00:00:00.000Z', 'slack:C2:team:koord:2027-01-03T00:00:00.000Z', 'slack:C3:rad:leder:2027-01-04T00:00:00.000Z',
      ]);
      await store.transaction((tx) => tx.bindChannel(b('C3', 'team'), 'koord', '2027-01-05T00:00:00.000Z'));
      expect((await store.read.bindings()).map((x) => `${x.platform}:${x.channelId}:${x.forumId}`)).toEqual(['teams:T1:team', 'slack:C3:team']);
    });

    test('identity links, schedule log, conversation references and settings', async () => {
      await store.transaction(async (tx) => {
        await tx.linkIdentity({ platform: 'teams', userId: 'u1', municipalityId: 'testby', memberId: 'politi' }, T0);
        await tx.linkIdentity({ platform: 'teams', userId: 'u1', municipalityId: 'testby', memberId: 'vara' }, T0);
      });
      expect(await store.read.identityLinks()).toEqual([{ platform: 'teams', userId: 'u1', municipalityId: 'testby', memberId: 'vara' }]);

      await store.transaction(async (tx) => {
        await tx.recordSchedule('invite:testby/team/2027-01-20:politi', 'enqueued', T0);
        await tx.recordSchedule('invite:testby/team/2027-01-20:politi', 'dropped', T0);
        await tx.recordSchedule('invite:testby/team/2027-01-20:leder', 'enqueued', T0);
        await tx.recordSchedule('invite:testby/team/2027-01-20:vara', 'dropped', T0);
        await tx.recordSchedule('invite:testby/team/2027-01-201:x', 'enqueued', T0);
        await tx.recordSchedule('invite:testby/team/2027-01-2%:x', 'enqueued', T0);
      });
      expect(await store.read.scheduleOutcome('invite:testby/team/2027-01-20:politi')).toBe('enqueued');
      expect(await store.read.scheduleOutcome('invite:nothing')).toBeUndefined();
      expect(await store.read.scheduleKeys('invite:testby/team/2027-01-20:')).toEqual(['invite:testby/team/2027-01-20:leder', 'invite:testby/team/2027-01-20:politi']);
      expect(await store.read.scheduleKeys('invite:testby/team/2027-01-2%')).toEqual(['invite:testby/team/2027-01-2%:x']);

      await store.transaction((tx) => tx.saveConversationRef('teams:user:u1', '{"a":1}', T0));
      await store.transaction((tx) => tx.markUnreachable('teams:user:u1', T0));
      expect(await store.read.conversationRef('teams:user:u1')).toEqual({ referenceJson: '{"a":1}', reachable: false });
      await store.transaction((tx) => tx.saveConversationRef('teams:user:u1', '{"a":2}', T0));
      expect(await store.read.conversationRef('teams:user:u1')).toEqual({ referenceJson: '{"a":2}', reachable: true });
      expect(await store.read.conversationRef('teams:user:none')).toBeUndefined();

      expect(await store.read.setting('calendar-secret')).toBeUndefined();
      expect(await store.transaction((tx) => tx.ensureSetting('calendar-secret', 'first'))).toBe('first');
      expect(await store.transaction((tx) => tx.ensureSetting('calendar-secret', 'second'))).toBe('first');
      expect(await store.read.setting('calendar-secret')).toBe('first');
    });

    test('a transaction that throws stores nothing of what it wrote; reads outside see only what was committed', async () => {
      const m = 'testby/team/2027-01-20';
      await expect(store.transaction(async (tx) => {
        await tx.insertItem(itemRecord('TEAM-2027-001', m));
        await tx.appendAudit({ at: T0, actor: 'politi', action: 'submit', municipalityId: 'testby', itemRef: 'TEAM-2027-001' });
        expect(await tx.item('TEAM-2027-001')).toBeDefined(); // the transaction sees its own writes
        throw new Error('the command failed');
      })).rejects.toThrow('the command failed');
      expect(await store.read.item('TEAM-2027-001')).toBeUndefined();
      expect(await store.read.auditOfItem('TEAM-2027-001')).toEqual([]);
    });

    test('a read-only transaction reads, and any write it tries fails with the storage error of the kind asked for, storing nothing', async () => {
      const m = 'testby/team/2027-01-20';
      expect((await store.readOnly((tx) => tx.meeting(m), 'unwritable'))?.id).toBe(m);
      const attempt = store.readOnly((tx) => tx.insertItem(itemRecord('TEAM-2027-001', m)), 'busy');
      await expect(attempt).rejects.toBeInstanceOf(StorageUnavailableError);
      await expect(store.readOnly((tx) => tx.insertItem(itemRecord('TEAM-2027-001', m)), 'busy')).rejects.toMatchObject({ kind: 'busy' });
      await expect(store.readOnly((tx) => tx.appendAudit({ at: T0, actor: 'x', action: 'y', municipalityId: 'testby' }), 'unwritable')).rejects.toMatchObject({ kind: 'unwritable' });
      expect(await store.read.item('TEAM-2027-001')).toBeUndefined();
    });

    test('a writable database: the write check finds nothing, the database is available', async () => {
      expect(await store.writeProblem(T0)).toBeUndefined();
      await expect(store.checkAvailable()).resolves.toBeUndefined();
      await expect(store.eraseFreedSpace(false)).resolves.toBeUndefined();
      await expect(store.eraseFreedSpace(true)).resolves.toBeUndefined();
    });

    outboxContract(() => store);
    outboxOwnerContract(() => store);
    dueWorkContract(() => store, meetingRecord);
  });
}
