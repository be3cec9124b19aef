import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { StorageUnavailableError, type StoreTx } from '../../src/core/ports/store';
import { openSqliteStore } from '../../src/store/sqlite/open-sqlite-store';
import type { SqliteStore } from '../../src/store/sqlite/sqlite-store';
import { fixture } from '../helpers';
import { meetingRecord, T0 } from './store-contract';

// Issue 18: SQLite transactions that arrive while others wait for their COMMIT share one COMMIT (group
// commit). Nothing is acknowledged before it is stored: a transaction's promise resolves only after
// the COMMIT that holds its writes, one that throws leaves nothing behind and takes no other with it,
// and a failing COMMIT fails every transaction of its batch.

const tmpFile = () => path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'slt-batch-')), 'slt.db');
const MEETING = meetingRecord('2027-01-20');

/** A store on a file, with one meeting, and a second connection that sees only what was committed. */
async function openPair(): Promise<{ store: SqliteStore; file: string; committed(key: string): string | undefined; close(): Promise<void> }> {
  const file = tmpFile();
  const store = await openSqliteStore(file, { policy: { allowNew: true } });
  await store.transaction(async (tx) => {
    await tx.mirrorConfiguration(fixture());
    await tx.insertMeeting(MEETING, T0);
  });
  const peer = new Database(file, { readonly: true });
  const get = peer.prepare('SELECT value FROM settings WHERE key = ?');
  return {
    store, file,
    committed: (key) => (get.get(key) as { value: string } | undefined)?.value,
    close: async () => {
      peer.close();
      await store.close();
    },
  };
}

/** Counts the COMMITs the store runs (its statements are cached: this is the one it uses). */
function countCommits(store: SqliteStore): { readonly n: number } {
  const commit = store.db.prepare('COMMIT');
  const run = commit.run.bind(commit);
  const counter = { n: 0 };
  commit.run = ((...args: []) => {
    counter.n++;
    return run(...args);
  }) as typeof commit.run;
  return counter;
}

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));
/** Later in the same turn of the event loop: the transactions started before have run and wait for their COMMIT. */
const laterThisTurn = async () => {
  for (let k = 0; k < 20; k++) await Promise.resolve();
};
type Start = 'same-turn' | 'later-this-turn' | 'next-turn';
const start = fc.constantFrom<Start>('same-turn', 'later-this-turn', 'next-turn');

type Step =
  | { kind: 'tx'; outcome: 'ok' | 'throws' | 'sql-error'; writes: number; startsAt: Start }
  | { kind: 'read'; back: number; startsAt: Start };

const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('tx' as const), outcome: fc.constantFrom('ok' as const, 'ok' as const, 'throws' as const, 'sql-error' as const), writes: fc.integer({ min: 1, max: 3 }), startsAt: start }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('read' as const), back: fc.integer({ min: 1, max: 3 }), startsAt: start }) },
);

test('property: any interleaving of succeeding and throwing transactions: each one\'s writes are stored exactly when its promise resolved, and were committed when it resolved; reads outside see only committed data', async () => {
  const { store, committed, close } = await openPair();
  const commits = countCommits(store);
  let run = 0;
  await fc.assert(fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 30 }), async (steps) => {
    run++;
    const commitsBefore = commits.n;
    const settled: Promise<void>[] = [];
    const outcome = new Map<number, 'resolved' | 'rejected'>();
    const problems: string[] = [];
    const keys = (i: number, writes: number) => Array.from({ length: writes }, (_, w) => `r${run}-t${i}-w${w}`);
    for (const [i, s] of steps.entries()) {
      if (s.startsAt === 'next-turn') await nextTurn();
      if (s.startsAt === 'later-this-turn') await laterThisTurn();
      if (s.kind === 'read') {
        const key = `r${run}-t${i - s.back}-w0`; // a transaction started shortly before
        const acknowledged = outcome.get(i - s.back) === 'resolved';
        settled.push(store.read.setting(key).then((seen) => {
          // a read outside a transaction never sees what is not committed, and always what was acknowledged
          if (seen !== undefined && committed(key) === undefined) problems.push(`read of ${key} saw uncommitted data`);
          if (acknowledged && seen === undefined) problems.push(`read of ${key} missed an acknowledged write`);
        }));
        continue;
      }
      const work = async (tx: StoreTx) => {
        for (const key of keys(i, s.writes)) await tx.ensureSetting(key, `value ${i}`);
        if (s.outcome === 'throws') throw new Error(`transaction ${i} fails`);
        if (s.outcome === 'sql-error') await tx.insertMeeting(MEETING, T0); // the meeting exists: a constraint error
        return i;
      };
      settled.push(store.transaction(work).then(
        (result) => {
          outcome.set(i, 'resolved');
          if (result !== i) problems.push(`transaction ${i} resolved with ${result}`);
          // resolved only after its COMMIT: another connection sees all its writes at that moment
          for (const key of keys(i, s.writes)) if (committed(key) !== `value ${i}`) problems.push(`transaction ${i} resolved before ${key} was committed`);
        },
        () => void outcome.set(i, 'rejected'),
      ));
    }
    await Promise.all(settled);
    for (const [i, s] of steps.entries()) {
      if (s.kind !== 'tx') continue;
      expect([i, outcome.get(i)]).toEqual([i, s.outcome === 'ok' ? 'resolved' : 'rejected']);
      // stored exactly when it resolved: all of its writes, or none
      for (const key of keys(i, s.writes)) expect([key, committed(key)]).toEqual([key, s.outcome === 'ok' ? `value ${i}` : undefined]);
    }
    expect(problems).toEqual([]);
    const transactions = steps.filter((s) => s.kind === 'tx').length;
    expect(commits.n - commitsBefore).toBeLessThanOrEqual(transactions);
  }), { numRuns: 100 });
  await close();
});

test('transactions started in the same turn of the event loop share one COMMIT; the next turn\'s get their own', async () => {
  const { store, committed, close } = await openPair();
  const commits = countCommits(store);
  const results = await Promise.all([1, 2, 3, 4].map((i) => store.transaction((tx) => tx.ensureSetting(`k${i}`, `v${i}`))));
  expect(results).toEqual(['v1', 'v2', 'v3', 'v4']);
  expect(commits.n).toBe(1);
  expect([1, 2, 3, 4].map((i) => committed(`k${i}`))).toEqual(['v1', 'v2', 'v3', 'v4']);
  await store.transaction((tx) => tx.ensureSetting('k5', 'v5'));
  expect(commits.n).toBe(2);
  await close();
});

test('a read outside a transaction sees only committed data: on a file the last COMMIT, at once; the outbox worker\'s operations commit the open batch first', async () => {
  const { store, committed, close } = await openPair();
  const first = store.transaction((tx) => tx.ensureSetting('k', 'v'));
  await laterThisTurn(); // it ran and waits for its COMMIT
  expect(store.db.inTransaction).toBe(true);
  expect(await store.read.setting('k')).toBeUndefined();
  expect(committed('k')).toBeUndefined();
  expect(await first).toBe('v');
  expect(await store.read.setting('k')).toBe('v'); // once acknowledged, every read sees it
  const second = store.transaction((tx) => tx.ensureSetting('k2', 'v2'));
  await laterThisTurn();
  expect(store.db.inTransaction).toBe(true);
  expect(await store.outbox.countOverdue('2027-01-01T00:00:00.000Z')).toBe(0);
  expect(store.db.inTransaction).toBe(false);
  expect(committed('k2')).toBe('v2');
  expect(await second).toBe('v2');
  await close();
});

test('without a second connection (a database in memory), a read outside a transaction commits the open batch first', async () => {
  const store = await openSqliteStore(':memory:');
  const written = store.transaction((tx) => tx.ensureSetting('k', 'v'));
  await laterThisTurn();
  expect(store.db.inTransaction).toBe(true);
  expect(await store.read.setting('k')).toBe('v');
  expect(store.db.inTransaction).toBe(false); // committed before the read ran
  expect(await written).toBe('v');
  await store.close();
});

describe('a COMMIT that fails fails every transaction of its batch', () => {
  test('disk full at COMMIT: each transaction of the batch rejects with the storage error, none of their writes is stored; the next transaction works', async () => {
    const { store, committed, close } = await openPair();
    const commit = store.db.prepare('COMMIT');
    const run = commit.run.bind(commit);
    commit.run = (() => {
      commit.run = run; // this COMMIT only
      throw Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' });
    }) as typeof commit.run;
    const settled = await Promise.allSettled([
      store.transaction((tx) => tx.ensureSetting('a', '1')),
      store.transaction(async (tx) => {
        await tx.ensureSetting('b', '2');
        throw new Error('b fails by itself');
      }),
      store.transaction((tx) => tx.ensureSetting('c', '3')),
    ]);
    expect(settled.map((s) => s.status)).toEqual(['rejected', 'rejected', 'rejected']);
    const [a, b, c] = settled.map((s) => (s.status === 'rejected' ? s.reason as unknown : undefined));
    for (const e of [a, c]) {
      expect(e).toBeInstanceOf(StorageUnavailableError);
      expect(e).toMatchObject({ kind: 'unwritable', message: expect.stringMatching(/SQLITE_FULL database or disk is full/) });
    }
    expect(String(b)).toMatch(/b fails by itself/);
    expect(['a', 'b', 'c'].map(committed)).toEqual([undefined, undefined, undefined]);
    expect(store.db.inTransaction).toBe(false);
    expect(await store.read.setting('a')).toBeUndefined();
    expect(await store.transaction((tx) => tx.ensureSetting('d', '4'))).toBe('4');
    expect(committed('d')).toBe('4');
    await close();
  });

  test('the database file removed after the batch\'s transactions ran: all of them are told nothing was stored', async () => {
    const { store, file, close } = await openPair();
    const settled = await Promise.allSettled([
      store.transaction((tx) => tx.ensureSetting('a', '1')),
      store.transaction(async (tx) => {
        await tx.ensureSetting('b', '2');
        fs.rmSync(file); // between the work and the COMMIT of the batch
      }),
    ]);
    expect(settled.map((s) => s.status)).toEqual(['rejected', 'rejected']);
    for (const s of settled) expect(s.status === 'rejected' && s.reason).toMatchObject({ kind: 'unwritable', message: expect.stringMatching(/slt\.db has gone/) });
    expect(store.db.inTransaction).toBe(false);
    expect(store.db.prepare("SELECT COUNT(*) AS n FROM settings WHERE key IN ('a', 'b')").get()).toEqual({ n: 0 });
    await close();
  });
});

test('SQLite rolling the whole transaction back under a later transaction of the batch fails the earlier ones too (none is acknowledged)', async () => {
  const { store, committed, close } = await openPair();
  const settled = await Promise.allSettled([
    store.transaction((tx) => tx.ensureSetting('a', '1')),
    store.transaction(async (tx) => {
      await tx.ensureSetting('b', '2');
      store.db.exec('ROLLBACK'); // what SQLite does by itself on some I/O errors (a full disk, an I/O error), here caught by the work
    }),
  ]);
  expect(settled.map((s) => s.status)).toEqual(['rejected', 'rejected']);
  expect(settled[0]!.status === 'rejected' && settled[0]!.reason).toBeInstanceOf(StorageUnavailableError);
  expect(committed('a')).toBeUndefined();
  expect(committed('b')).toBeUndefined();
  expect(await store.transaction((tx) => tx.ensureSetting('d', '4'))).toBe('4');
  await close();
});
