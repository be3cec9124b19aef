import fc from 'fast-check';
import { openSqliteStore } from '../../src/store/sqlite/open-sqlite-store';
import type { SqliteStore } from '../../src/store/sqlite/sqlite-store';

/**
 * The outbox worker's claim on SQLite, against a model of its rule: of one platform's messages, every
 * pending home row that is due, and the oldest open (pending or sending) message of each channel or
 * person when it is itself pending and due; oldest first, at most `limit`. The rows are generated in
 * any mix of platforms, targets, states and times. The walk over the channels reads the index of
 * open messages one step per channel (its plan: test/store/command-reads.test.ts).
 */
const NOW = '2027-03-01T10:00:00.000Z';
const LEASE = '2027-03-01T10:05:00.000Z';
const STATUSES = ['pending', 'sending', 'sent', 'failed', 'unknown', 'expired'] as const;

interface GenRow { platform: 'slack' | 'teams'; target: string; status: (typeof STATUSES)[number]; home: boolean; due: boolean }

const rowArb: fc.Arbitrary<GenRow> = fc.record({
  platform: fc.constantFrom('slack' as const, 'teams' as const),
  target: fc.constantFrom('C1', 'C2', 'D1', 'D2', 'U1', 'U2', 'a', 'A', 'é'),
  status: fc.constantFrom(...STATUSES),
  home: fc.boolean(),
  due: fc.boolean(),
});

function insert(store: SqliteStore, rows: GenRow[]): void {
  const add = store.db.prepare(`INSERT INTO outbox (idempotency_key, municipality_id, platform, target_kind, target, payload_json, status, not_before, due_at, home, created_at, updated_at)
    VALUES (?, 'm', ?, 'dm', ?, '{}', ?, ?, ?, ?, ?, ?)`);
  rows.forEach((r, i) => {
    const notBefore = r.due ? '2027-03-01T09:00:00.000Z' : '2027-03-01T11:00:00.000Z';
    add.run(`k${i}`, r.platform, r.target, r.status, notBefore, notBefore, r.home ? 1 : 0, NOW, NOW);
  });
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

test('claim takes the due pending home rows and each channel\'s oldest open message when it is pending and due, oldest first, at most the limit (generated)', async () => {
  await fc.assert(fc.asyncProperty(fc.array(rowArb, { maxLength: 40 }), fc.constantFrom('slack' as const, 'teams' as const), fc.integer({ min: 1, max: 12 }), async (rows, platform, limit) => {
    const store = await openSqliteStore(':memory:');
    try {
      insert(store, rows);
      const claimed = await store.outbox.claim(platform, 'w1', NOW, LEASE, limit);
      expect(claimed.map((m) => m.id)).toEqual(expectedIds(rows, platform, limit));
      expect(claimed.every((m) => m.status === 'sending' && m.leaseUntil === LEASE)).toBe(true);
    } finally {
      await store.close();
    }
  }), { numRuns: 150 });
});
