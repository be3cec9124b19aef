import type { SltStore } from '../../src/core/ports/store';
import { PostgresStore, UNIQUE_CONFLICT_ATTEMPTS } from '../../src/store/postgres/postgres-store';
import { withSessionSettings } from '../../src/store/postgres/open-postgres';
import { fixture } from '../helpers';
import { postgresStores } from '../postgres/pg-test-store';
import { itemRecord, meetingRecord, T0 } from './store-contract';
import pg from 'pg';

/**
 * Two bot instances on one PostgreSQL database decide the same items at the same moment. A decision
 * reads the item's state and then writes the next one: at SERIALIZABLE, PostgreSQL aborts the one that
 * would overwrite the other's decision, the store runs it again, and it then finds the item decided.
 */

const stores = postgresStores('concurrency', 6);
afterAll(() => stores.dropAll());

/** what the approve and defer use cases do to the store: read, check the state, write the new one with its audit line */
const decide = (store: SltStore, ref: string, to: 'approved' | 'deferred', who: string) => store.transaction(async (tx) => {
  const item = await tx.item(ref);
  if (!item || item.state !== 'submitted') return `already ${item?.state}`;
  await tx.updateItem({ ...item, state: to, decidedBy: who, decidedAt: T0 });
  await tx.appendAudit({ at: T0, actor: who, action: to === 'approved' ? 'approve' : 'defer', municipalityId: 'testby', itemRef: ref, fromState: 'submitted', toState: to });
  return to;
});

test('approve and defer of the same items at once from two instances: one wins each, one audit line per transition, the other sees the outcome', async () => {
  const { store: a, url, close } = await stores.open();
  const b = new PostgresStore(new pg.Pool({ connectionString: withSessionSettings(url), max: 6 }));
  try {
    const refs = Array.from({ length: 25 }, (_, i) => `TEAM-2027-${String(i + 1).padStart(3, '0')}`);
    await a.transaction(async (tx) => {
      await tx.mirrorConfiguration(fixture());
      await tx.insertMeeting(meetingRecord('2027-01-20'), T0);
      for (const ref of refs) await tx.insertItem(itemRecord(ref, 'testby/team/2027-01-20'));
    });
    const outcomes = await Promise.all(refs.map((ref) => Promise.all([decide(a, ref, 'approved', 'leder'), decide(b, ref, 'deferred', 'koord')])));
    for (const [i, ref] of refs.entries()) {
      const [byA, byB] = outcomes[i]!;
      const item = (await a.read.item(ref))!;
      const audit = await a.read.auditOfItem(ref);
      // exactly one of the two decided it; the other answered from the state it found
      expect({ ref, winners: [byA, byB].filter((o) => !o.startsWith('already')).length }).toEqual({ ref, winners: 1 });
      expect([byA, byB]).toContain(item.state);
      expect([byA, byB]).toContain(`already ${item.state}`);
      expect(audit.map((e) => `${e.fromState}→${e.toState}`)).toEqual([`submitted→${item.state}`]);
    }
  } finally {
    await b.close();
    await close();
  }
});

test('a transaction that keeps colliding is run a bounded number of times, then answered busy', async () => {
  const { store, close } = await stores.open();
  try {
    let runs = 0;
    const collide = store.transaction(async (tx) => {
      runs++;
      await tx.ensureSetting('x', 'y');
      throw Object.assign(new Error('could not serialize access due to read/write dependencies among transactions'), { code: '40001' });
    });
    await expect(collide).rejects.toMatchObject({ kind: 'busy' });
    expect(runs).toBe(12);
    expect(await store.read.setting('x')).toBeUndefined();
  } finally {
    await close();
  }
});

test('two instances plan the same new meetings at once (the daily sync): both succeed, each meeting is stored once', async () => {
  const { store: a, url, close } = await stores.open();
  const b = new PostgresStore(new pg.Pool({ connectionString: withSessionSettings(url), max: 6 }));
  try {
    await a.transaction((tx) => tx.mirrorConfiguration(fixture()));
    // each reads the forum's meetings, finds none, inserts them: the second insert of an id meets the first's row
    // (a unique violation PostgreSQL cannot tell from a serialization failure: the store runs it again and finds the row)
    const plan = (store: SltStore) => store.transaction(async (tx) => {
      const known = new Set((await tx.meetingsOfForum('testby', 'team')).map((m) => m.id));
      for (const d of ['2027-01-20', '2027-02-03', '2027-02-17']) if (!known.has(`testby/team/${d}`)) await tx.insertMeeting(meetingRecord(d), T0);
      return known.size;
    });
    for (let round = 0; round < 5; round++) {
      await b.pool.query('DELETE FROM meetings');
      const found = await Promise.all([plan(a), plan(b)]);
      expect(found.sort()).toEqual([0, 3]); // one inserted them, the other (run again) found them
      expect((await a.read.meetingsOfForum('testby', 'team')).map((m) => m.date)).toEqual(['2027-01-20', '2027-02-03', '2027-02-17']);
    }
  } finally {
    await b.close();
    await close();
  }
});

test('a unique violation that happens every time (not a race) is run again a bounded number of times and then thrown as it is', async () => {
  const { store, close } = await stores.open();
  try {
    await store.transaction(async (tx) => {
      await tx.mirrorConfiguration(fixture());
      await tx.insertMeeting(meetingRecord('2027-01-20'), T0);
    });
    let runs = 0;
    const again = store.transaction(async (tx) => {
      runs++;
      await tx.insertMeeting(meetingRecord('2027-01-20'), T0);
    });
    await expect(again).rejects.toMatchObject({ code: '23505' });
    expect(runs).toBe(UNIQUE_CONFLICT_ATTEMPTS);
  } finally {
    await close();
  }
});
