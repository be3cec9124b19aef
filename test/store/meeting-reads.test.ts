import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import type { MeetingRecord } from '../../src/core/model/records';
import { openSqliteStore } from '../../src/store/sqlite/open-sqlite-store';
import type { SqliteStore } from '../../src/store/sqlite/sqlite-store';
import { SqliteRepository } from '../../src/store/sqlite/sqlite-repository';
import { fixture } from '../helpers';
import { itemRecord, meetingRecord, T0 } from './store-contract';

// Issue 18: within one SQLite transaction a meeting is read from the database once (a command asked for the
// same meeting four times). What a transaction reads must still be what the database holds at that moment:
// after its own changes, and never changed by a caller that altered a record it was given.

const DATES = ['2027-01-20', '2027-02-17', '2027-03-17'] as const;
const ids = DATES.map((d) => meetingRecord(d).id);

async function openStore(): Promise<SqliteStore> {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'slt-meetings-')), 'slt.db');
  const store = await openSqliteStore(file, { policy: { allowNew: true } });
  await store.transaction(async (tx) => {
    await tx.mirrorConfiguration(fixture());
    await tx.insertMeeting(meetingRecord(DATES[0]), T0);
  });
  return store;
}

/** The meeting as the database holds it now, read past the store (the same connection: it sees the open transaction). */
const inDatabase = (store: SqliteStore, id: string) => store.db.prepare('SELECT id, place, status, sequence FROM meetings WHERE id = ?').get(id) as
  { id: string; place: string | null; status: string; sequence: number } | undefined;

/** Counts the runs of the store's meeting look-up (its statements are cached: this is the one it uses). */
function countLookups(store: SqliteStore): { readonly n: number } {
  const st = store.db.prepare('SELECT * FROM meetings WHERE id = ?');
  const get = st.get.bind(st);
  const counter = { n: 0 };
  st.get = ((...args: unknown[]) => {
    counter.n++;
    return get(...args);
  }) as typeof st.get;
  return counter;
}

type Step =
  | { op: 'read'; at: number; scribble: boolean }
  | { op: 'list'; upcoming: boolean; scribble: boolean }
  | { op: 'insert'; at: number }
  | { op: 'update'; at: number; place: string; status: MeetingRecord['status'] };

const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ op: fc.constant('read' as const), at: fc.nat(2), scribble: fc.boolean() }),
  fc.record({ op: fc.constant('list' as const), upcoming: fc.boolean(), scribble: fc.boolean() }),
  fc.record({ op: fc.constant('insert' as const), at: fc.nat(2) }),
  fc.record({ op: fc.constant('update' as const), at: fc.nat(2), place: fc.constantFrom('Rådhuset', 'Politihuset', 'Teams'), status: fc.constantFrom<MeetingRecord['status']>('planned', 'cancelled') }),
);

describe('meeting reads within a transaction (SQLite)', () => {
  it('reads the same meeting from the database once per transaction', async () => {
    const store = await openStore();
    const lookups = countLookups(store);
    await store.transaction(async (tx) => {
      for (let k = 0; k < 4; k++) expect((await tx.meeting(ids[0]!))?.date).toBe(DATES[0]);
    });
    expect(lookups.n).toBe(1);
    await store.transaction(async (tx) => {
      await tx.meeting(ids[0]!);
    });
    expect(lookups.n).toBe(2); // a new transaction reads it again
    await store.close();
  });

  it('a meeting a forum\'s list returned is not read again in the same transaction', async () => {
    const store = await openStore();
    const lookups = countLookups(store);
    await store.transaction(async (tx) => {
      expect((await tx.upcomingMeetings('testby', 'team', '2027-01-01T00:00:00.000Z', 2)).map((m) => m.id)).toEqual([ids[0]]);
      expect((await tx.meeting(ids[0]!))?.date).toBe(DATES[0]);
    });
    expect(lookups.n).toBe(0);
    await store.close();
  });

  it('every read gives what the database holds, through any mix of reads, lists, inserts, updates and callers that alter what they got', async () => {
    await fc.assert(fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 25 }), async (steps) => {
      const store = await openStore();
      try {
        await store.transaction(async (tx) => {
          for (const s of steps) {
            if (s.op === 'list') {
              const listed = s.upcoming ? await tx.upcomingMeetings('testby', 'team', '2027-01-01T00:00:00.000Z') : await tx.meetingsOfForum('testby', 'team');
              for (const m of listed) {
                expect({ id: m.id, place: m.place ?? null, status: m.status, sequence: m.sequence }).toEqual(inDatabase(store, m.id));
                if (s.scribble) Object.assign(m, { place: 'skrevet over av den som listet', status: 'cancelled', sequence: 98 });
              }
              continue;
            }
            const id = ids[s.at]!;
            const row = inDatabase(store, id);
            if (s.op === 'read') {
              const m = await tx.meeting(id);
              expect(m && { id: m.id, place: m.place ?? null, status: m.status, sequence: m.sequence }).toEqual(row);
              if (m && s.scribble) Object.assign(m, { place: 'skrevet over av den som leste', status: 'cancelled', sequence: 99 });
            } else if (s.op === 'insert' && !row) {
              await tx.insertMeeting(meetingRecord(DATES[s.at]!), T0);
            } else if (s.op === 'update' && row) {
              const m = (await tx.meeting(id))!;
              await tx.updateMeeting({ ...m, place: s.place, status: s.status, sequence: m.sequence + 1 }, T0);
            }
          }
        });
      } finally {
        await store.close();
      }
    }), { numRuns: 60 });
  });

  it('a read whose answer arrives after a write that changed it is not remembered (a caller that did not await the read first)', async () => {
    const store = await openStore();
    const direct = new SqliteRepository(store.db);
    await store.transaction(async (tx) => {
      const read = tx.meeting(ids[0]!);
      await tx.updateMeeting({ ...direct.meeting(ids[0]!)!, place: 'Etter lesingen', sequence: 1 }, T0);
      expect((await read)?.place).toBeUndefined(); // the read ran before the write
      expect((await tx.meeting(ids[0]!))?.place).toBe('Etter lesingen');
      const listed = tx.upcomingMeetings('testby', 'team', '2027-01-01T00:00:00.000Z');
      await tx.updateMeeting({ ...direct.meeting(ids[0]!)!, place: 'Etter listen', sequence: 2 }, T0);
      expect((await listed)[0]?.place).toBe('Etter lesingen');
      expect((await tx.meeting(ids[0]!))?.place).toBe('Etter listen');
    });
    await store.close();
  });

  it('a meeting read in a transaction that was rolled back is read again in the next', async () => {
    const store = await openStore();
    await expect(store.transaction(async (tx) => {
      const m = (await tx.meeting(ids[0]!))!;
      await tx.updateMeeting({ ...m, place: 'Bare i den avbrutte', sequence: m.sequence + 1 }, T0);
      expect((await tx.meeting(ids[0]!))?.place).toBe('Bare i den avbrutte');
      throw new Error('avbrutt');
    })).rejects.toThrow('avbrutt');
    await store.transaction(async (tx) => {
      expect((await tx.meeting(ids[0]!))?.place).toBeUndefined();
    });
    await store.close();
  });
});

// Likewise an agenda's publication and the items raised from an item (each read twice by a command: its reply's
// card and the notice's), remembered within a transaction until a write changes them.
type OtherStep =
  | { op: 'publication'; at: number; scribble: boolean }
  | { op: 'publish'; at: number }
  | { op: 'raised'; from: number; scribble: boolean }
  | { op: 'raise'; from: number }
  | { op: 'retitle'; n: number; title: string };

const otherStep: fc.Arbitrary<OtherStep> = fc.oneof(
  fc.record({ op: fc.constant('publication' as const), at: fc.nat(2), scribble: fc.boolean() }),
  fc.record({ op: fc.constant('publish' as const), at: fc.nat(2) }),
  fc.record({ op: fc.constant('raised' as const), from: fc.nat(2), scribble: fc.boolean() }),
  fc.record({ op: fc.constant('raise' as const), from: fc.nat(2) }),
  fc.record({ op: fc.constant('retitle' as const), n: fc.nat(6), title: fc.constantFrom('Ny tittel', 'Annen tittel') }),
);

describe('publications and raised items within a transaction (SQLite)', () => {
  const refOf = (n: number) => `TEAM-2027-${String(n + 1).padStart(3, '0')}`;

  it('each is read from the database once per transaction until a write changes it', async () => {
    const store = await openStore();
    const raisedReads = (() => {
      const st = store.db.prepare('SELECT * FROM agenda_items WHERE raised_from = ? ORDER BY id');
      const all = st.all.bind(st);
      const counter = { n: 0 };
      st.all = ((...args: unknown[]) => (counter.n++, all(...args))) as typeof st.all;
      return counter;
    })();
    await store.transaction(async (tx) => {
      await tx.insertItem(itemRecord(refOf(0), ids[0]!));
      for (let k = 0; k < 3; k++) expect(await tx.itemsRaisedFrom(refOf(0))).toEqual([]);
      expect(raisedReads.n).toBe(1);
      await tx.insertItem(itemRecord(refOf(1), ids[0]!, { raisedFrom: refOf(0) }));
      for (let k = 0; k < 3; k++) expect((await tx.itemsRaisedFrom(refOf(0))).map((i) => i.ref)).toEqual([refOf(1)]);
      expect(raisedReads.n).toBe(2);
    });
    await store.close();
  });

  it('every read gives what the database holds, through any mix of reads, writes and callers that alter what they got', async () => {
    await fc.assert(fc.asyncProperty(fc.array(otherStep, { minLength: 1, maxLength: 25 }), async (steps) => {
      const store = await openStore();
      const direct = new SqliteRepository(store.db); // no memory: what the database holds now, open transaction included
      try {
        await store.transaction(async (tx) => {
          await tx.insertMeeting(meetingRecord(DATES[1]), T0);
          await tx.insertMeeting(meetingRecord(DATES[2]), T0);
          // three items, and two raised from the first (what a changed title shows in)
          for (let n = 0; n < 3; n++) await tx.insertItem(itemRecord(refOf(n), ids[0]!));
          for (let n = 3; n < 5; n++) await tx.insertItem(itemRecord(refOf(n), ids[0]!, { raisedFrom: refOf(0) }));
          let next = 5;
          for (const s of steps) {
            if (s.op === 'publication') {
              const p = await tx.publication(ids[s.at]!);
              expect(p).toEqual(direct.publication(ids[s.at]!));
              if (p && s.scribble) Object.assign(p, { version: 99, publishedBy: 'skrevet over' });
            } else if (s.op === 'publish') {
              const version = (direct.publication(ids[s.at]!)?.version ?? 0) + 1;
              await tx.putPublication({ meetingId: ids[s.at]!, version, publishedAt: T0, publishedBy: 'koordinator' });
            } else if (s.op === 'raised') {
              const items = await tx.itemsRaisedFrom(refOf(s.from));
              expect(items).toEqual(direct.itemsRaisedFrom(refOf(s.from)));
              if (items[0] && s.scribble) Object.assign(items[0], { title: 'skrevet over', state: 'rejected' });
              if (s.scribble) items.push(itemRecord('TEAM-2027-999', ids[0]!));
            } else if (s.op === 'raise') {
              await tx.insertItem(itemRecord(refOf(next++), ids[0]!, { raisedFrom: refOf(s.from) }));
            } else if (s.n < next) {
              const item = direct.item(refOf(s.n))!;
              await tx.updateItem({ ...item, title: s.title, updatedAt: T0 });
            }
          }
        });
      } finally {
        await store.close();
      }
    }), { numRuns: 100 });
  });
});
