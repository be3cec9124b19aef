import fc from 'fast-check';
import { view } from '../../src/core/model/view';
import { openSqliteStore } from '../../src/store/sqlite/open-sqlite-store';

/**
 * Issue 18: on SQLite, a transaction does not queue a home row again that a transaction before it in the same
 * batch (one COMMIT) queued and kept: it is pending, or being sent and marked to go again, until the batch ends.
 * Checked against the rule without that shortcut, on generated rounds: transactions started together (one
 * batch), each queueing homes and some redacting a home row (the outbox's other writes) or failing (rolled
 * back alone); between rounds the worker claims the pending homes and finishes some of them.
 */
const NOW = '2027-03-01T10:00:00.000Z';
const LEASE = '2027-03-01T10:05:00.000Z';
const KEYS = ['h1', 'h2', 'h3'] as const;

type Key = (typeof KEYS)[number];
/** `homes`: one call queueing these people's homes (a command queues its municipality's at once) */
type Op = { kind: 'homes'; keys: Key[] } | { kind: 'redact'; key: Key };
interface Tx { ops: Op[]; fails: boolean }
interface Round { txs: Tx[]; finish: boolean[] }

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { arbitrary: fc.record({ kind: fc.constant('homes' as const), keys: fc.array(fc.constantFrom(...KEYS), { minLength: 1, maxLength: 3 }) }), weight: 4 },
  { arbitrary: fc.record({ kind: fc.constant('redact' as const), key: fc.constantFrom(...KEYS) }), weight: 1 },
);
const roundArb: fc.Arbitrary<Round> = fc.record({
  txs: fc.array(fc.record({ ops: fc.array(opArb, { maxLength: 4 }), fails: fc.boolean() }), { minLength: 1, maxLength: 6 }),
  finish: fc.array(fc.boolean(), { minLength: 3, maxLength: 3 }),
});

type Row = { status: string; again: number };
const keyOf = (k: string) => `home:m:${k}@slack:${k}`;

/** The rule itself, applied one transaction at a time. */
function modelTx(rows: Map<string, Row>, tx: Tx): void {
  if (tx.fails) return;
  for (const op of tx.ops) {
    if (op.kind === 'redact') {
      const row = rows.get(op.key);
      if (row?.status === 'pending') rows.set(op.key, { status: 'expired', again: row.again });
      continue;
    }
    for (const key of op.keys) {
      const row = rows.get(key);
      if (!row || !['pending', 'sending'].includes(row.status)) rows.set(key, { status: 'pending', again: 0 });
      else if (row.status === 'sending') rows.set(key, { status: 'sending', again: 1 });
    }
  }
}

test('a home row queued again within one batch ends as the rule says without the shortcut, whatever else the batch does', async () => {
  await fc.assert(fc.asyncProperty(fc.array(roundArb, { minLength: 1, maxLength: 6 }), async (rounds) => {
    const store = await openSqliteStore(':memory:');
    const model = new Map<string, Row>();
    const idOf = (k: string) => (store.db.prepare('SELECT id FROM outbox WHERE idempotency_key = ?').get(keyOf(k)) as { id: number } | undefined)?.id;
    try {
      for (const round of rounds) {
        // started in one turn: one batch (the first in the SQL transaction, the rest in savepoints)
        await Promise.allSettled(round.txs.map((t) => store.transaction(async (tx) => {
          for (const op of t.ops) {
            if (op.kind === 'homes') await tx.enqueueHomes('m', op.keys.map((k) => ({ key: keyOf(k), platform: 'slack', target: k })), NOW);
            else {
              const id = idOf(op.key);
              if (id !== undefined) await tx.redactMessage(id, view('home', undefined), NOW);
            }
          }
          if (t.fails) throw new Error('fails');
        })));
        for (const t of round.txs) modelTx(model, t);
        const actual = new Map((store.db.prepare('SELECT idempotency_key AS k, status, again FROM outbox WHERE home = 1').all() as { k: string; status: string; again: number }[])
          .map((r) => [r.k, { status: r.status, again: r.again }]));
        expect(actual).toEqual(new Map([...model].map(([k, r]) => [keyOf(k), r])));
        // the worker: every pending home claimed, then some finished (sent, or pending again when marked)
        for (const m of await store.outbox.claim('slack', 'w', NOW, LEASE, 100)) {
          const k = KEYS.find((key) => keyOf(key) === m.key)!;
          model.set(k, { status: 'sending', again: 0 });
        }
        for (const [i, k] of KEYS.entries()) {
          const row = model.get(k);
          if (!round.finish[i] || row?.status !== 'sending') continue;
          expect(await store.outbox.finishHome(idOf(k)!, 'w', { sent: true, hash: 'h' }, NOW)).toBe(true);
          model.set(k, row.again ? { status: 'pending', again: 0 } : { status: 'sent', again: 0 });
        }
      }
    } finally {
      await store.close();
    }
  }), { numRuns: 150 });
});

test('ten commands of one batch that each queue the same two homes write them once; the next batch writes them again', async () => {
  const store = await openSqliteStore(':memory:');
  const repo = (store as unknown as { repo: { enqueueHomes: (m: string, homes: readonly unknown[], now: string) => void } }).repo;
  const calls = jest.spyOn(repo, 'enqueueHomes');
  const written = () => calls.mock.calls.reduce((n, [, homes]) => n + homes.length, 0);
  const batch = () => Promise.all(Array.from({ length: 10 }, () => store.transaction(async (tx) => {
    await tx.enqueueHomes('m', ['h1', 'h2'].map((k) => ({ key: keyOf(k), platform: 'slack', target: k })), NOW);
  })));
  try {
    await batch();
    expect(written()).toBe(2);
    await batch();
    expect(written()).toBe(4);
  } finally {
    await store.close();
  }
});
