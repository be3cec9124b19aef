import { ITEM_STATES, type ItemState } from '../core/model/records';
import type { Db } from './open-database';
import type { OutboxStatus } from './outbox';

export const OUTBOX_STATUSES: readonly OutboxStatus[] = ['pending', 'sending', 'sent', 'failed', 'unknown', 'expired'];

/** What the operator's metrics read from the database when scraped (counts only: no ids, no texts). */
export interface OperationalCounts {
  /** outbox rows per status (home-view rows included), every status present */
  outbox: Record<OutboxStatus, number>;
  /** seconds since the oldest message still waiting became due (0 when none is waiting past its time) */
  oldestPendingSeconds: number;
  /** agenda items per municipality and state (every state present for each municipality with items) */
  items: { municipality: string; state: ItemState; count: number }[];
}

export function operationalCounts(db: Db, now: Date): OperationalCounts {
  const outbox = Object.fromEntries(OUTBOX_STATUSES.map((s) => [s, 0])) as Record<OutboxStatus, number>;
  for (const r of db.prepare('SELECT status, COUNT(*) AS n FROM outbox GROUP BY status').all() as { status: OutboxStatus; n: number }[]) outbox[r.status] = r.n;
  const nowUtc = now.toISOString();
  const oldest = (db.prepare(`SELECT MIN(COALESCE(due_at, not_before)) AS due FROM outbox WHERE status = 'pending' AND COALESCE(due_at, not_before) <= ?`).get(nowUtc) as { due: string | null }).due;
  const oldestPendingSeconds = oldest ? Math.max(0, (now.getTime() - Date.parse(oldest)) / 1000) : 0;
  const found = db.prepare('SELECT municipality_id AS m, state, COUNT(*) AS n FROM agenda_items GROUP BY municipality_id, state').all() as { m: string; state: ItemState; n: number }[];
  const items = [...new Set(found.map((r) => r.m))].sort().flatMap((m) => ITEM_STATES.map((state) => ({
    municipality: m, state, count: found.find((r) => r.m === m && r.state === state)?.n ?? 0,
  })));
  return { outbox, oldestPendingSeconds, items };
}
