import fc from 'fast-check';
import pg from 'pg';
import type { SltStore } from '../../src/core/ports/store';
import { openSqliteStore } from '../../src/store/sqlite/open-sqlite-store';
import { postgresStores } from '../postgres/pg-test-store';

/**
 * The outbox worker's claim on SQLite and on PostgreSQL, against a model of its rule: of one platform's messages, every
 * pending home row that is due, and the oldest open (pending or sending) message of each channel or
 * person when it is itself pending and due; oldest first, at most `limit`. The rows are generated in
 * any mix of platforms, targets, states and times. The walk over the channels reads the index of
 * open messages one step per channel (its plan on SQLite: test/store/command-reads.test.ts).
 */
const NOW = '2027-03-01T10:00:00.000Z';
const LEASE = '2027-03-01T10:05:00.000Z';
const STATUSES = ['pending', 'sending', 'sent', 'failed', 'unknown', 'expired'] as const;

interface GenRow { platform: 'slack' | 'teams'; target: string; status: (typeof STATUSES)[number]; home: boolean; due: boolean }

// open messages, several per channel and mostly due, are what the rule is about: they come most often
const rowArb: fc.Arbitrary<GenRow> = fc.record({
  platform: fc.constantFrom('slack' as const, 'teams' as const),
  target: fc.constantFrom('C1', 'D1', 'U1', 'a', 'A', 'é'),
  status: fc.oneof({ arbitrary: fc.constant('pending' as const), weight: 4 }, { arbitrary: fc.constant('sending' as const), weight: 2 }, { arbitrary: fc.constantFrom(...STATUSES), weight: 3 }),
  home: fc.boolean(),
  due: fc.oneof({ arbitrary: fc.constant(true), weight: 3 }, { arbitrary: fc.constant(false), weight: 1 }),
});

const INSERT = `INSERT INTO outbox (idempotency_key, municipality_id, platform, target_kind, target, payload_json, status, not_before, due_at, home, created_at, updated_at)
  VALUES ($1, 'm', $2, 'dm', $3, '{}', $4, $5, $5, $6, $7, $7)`;
const valuesOf = (r: GenRow, i: number) => [`k${i}`, r.platform, r.target, r.status, r.due ? '2027-03-01T09:00:00.000Z' : '2027-03-01T11:00:00.000Z', r.home ? 1 : 0, NOW];

const postgres = postgresStores('outbox_claim_heads', 1);
afterAll(() => postgres.dropAll());

/** A new store of `kind` holding `rows` (ids 1, 2, … in their order), for `fn`. */
async function withRows(kind: 'sqlite' | 'postgres', rows: GenRow[], fn: (store: SltStore) => Promise<void>): Promise<void> {
  if (kind === 'sqlite') {
    const store = await openSqliteStore(':memory:');
    try {
      // SQLite reads $1 … $7 as parameters named 1 … 7
      const add = store.db.prepare(INSERT);
      rows.forEach((r, i) => add.run(Object.fromEntries(valuesOf(r, i).map((v, n) => [String(n + 1), v]))));
      await fn(store);
    } finally {
      await store.close();
    }
    return;
  }
  const { store, url, close } = await postgres.open();
  const pool = new pg.Pool({ connectionString: url, max: 1 });
  try {
    for (const [i, r] of rows.entries()) await pool.query(INSERT, valuesOf(r, i));
    await fn(store);
  } finally {
    await pool.end();
    await close();
  }
}

/** The ids the rule allows (rows inserted in order: id = index + 1). */
function expectedIds(rows: GenRow[], platform: GenRow['platform'], limit: number): number[] {
  const open = (r: GenRow) => r.status === 'pending' || r.status === 'sending';
  const firstOpen = new Map<string, number>();
  rows.forEach((r, i) => {
    if (r.platform === platform && !r.home && open(r) && !firstOpen.has(r.target)) firstOpen.set(r.target, i + 1);
  });
  return rows.map((r, i) => ({ r, id: i + 1 }))
    .filter(({ r, id }) => r.platform === platform && r.status === 'pending' && r.due && (r.home || firstOpen.get(r.target) === id))
    .map(({ id }) => id).slice(0, limit);
}

describe.each(['sqlite', 'postgres'] as const)('on %s', (kind) => {
  test('claim takes the due pending home rows and each channel\'s oldest open message when it is pending and due, oldest first, at most the limit (generated)', async () => {
    await fc.assert(fc.asyncProperty(fc.array(rowArb, { maxLength: 40 }), fc.constantFrom('slack' as const, 'teams' as const), fc.integer({ min: 1, max: 12 }), async (rows, platform, limit) => {
      await withRows(kind, rows, async (store) => {
        const claimed = await store.outbox.claim(platform, 'w1', NOW, LEASE, limit);
        expect(claimed.map((m) => m.id)).toEqual(expectedIds(rows, platform, limit));
        expect(claimed.every((m) => m.status === 'sending' && m.leaseUntil === LEASE)).toBe(true);
      });
    }), { numRuns: kind === 'sqlite' ? 150 : 60 });
  });
});
