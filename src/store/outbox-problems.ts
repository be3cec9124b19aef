import type { DeliveryLog, DeliveryRecord } from '../core/ports';
import type { Db } from './open-database';
import { type OutboxNotifier, type OutboxRow, outboxRowFrom } from './outbox';

const toRecord = (r: OutboxRow): DeliveryRecord | undefined => (r.status === 'failed' || r.status === 'unknown' ? {
  id: r.id, municipalityId: r.municipalityId, platform: r.platform, targetKind: r.targetKind, target: r.target, view: r.view,
  status: r.status, failure: r.failure ?? (r.status === 'unknown' ? 'interrupted' : 'other'), dueAt: r.dueAt,
  isReport: r.key.startsWith('delivery:'),
  ...(r.lastError ? { lastError: r.lastError } : {}),
  ...(r.resolved ? { resolved: r.resolved } : {}),
} : undefined);

const UNDELIVERED = `status IN ('failed', 'unknown')`;

/** The outbox's undelivered messages: reported once to the coordinator, listed, resent or marked done on request. */
export class OutboxProblems implements DeliveryLog {
  constructor(private readonly db: Db, private readonly outbox: OutboxNotifier) {}

  /** Undelivered messages nobody has been told about yet, now marked as reported (call inside a transaction). */
  takeUnreported(nowUtc: string): DeliveryRecord[] {
    const rows = (this.db.prepare(`SELECT * FROM outbox WHERE ${UNDELIVERED} AND reported_at IS NULL ORDER BY id`).all() as Record<string, unknown>[]).map(outboxRowFrom);
    const mark = this.db.prepare('UPDATE outbox SET reported_at = ? WHERE id = ?');
    for (const r of rows) mark.run(nowUtc, r.id);
    return rows.flatMap((r) => toRecord(r) ?? []);
  }

  undelivered(municipalityId: string, limit: number): DeliveryRecord[] {
    return (this.db.prepare(`SELECT * FROM outbox WHERE municipality_id = ? AND ${UNDELIVERED} AND resolved IS NULL ORDER BY id DESC LIMIT ?`)
      .all(municipalityId, limit) as Record<string, unknown>[]).map(outboxRowFrom).flatMap((r) => toRecord(r) ?? []);
  }

  countUndelivered(municipalityId: string): number {
    return (this.db.prepare(`SELECT COUNT(*) AS n FROM outbox WHERE municipality_id = ? AND ${UNDELIVERED} AND resolved IS NULL`).get(municipalityId) as { n: number }).n;
  }

  record(id: number): DeliveryRecord | undefined {
    const row = this.outbox.row(id);
    return row && toRecord(row);
  }

  resend(id: number, nowUtc: string): number {
    const row = this.outbox.row(id);
    if (!row || !toRecord(row) || row.resolved) throw new Error(`message ${id} is not an unresolved undelivered message`);
    const copy = this.outbox.insertCopy(row, `resend:${id}@${row.platform}:${row.target}`, nowUtc);
    this.db.prepare('UPDATE outbox SET resolved = ?, updated_at = ? WHERE id = ?').run(`resent:${copy}`, nowUtc, id);
    return copy;
  }

  markDone(id: number, memberId: string, nowUtc: string): void {
    this.db.prepare(`UPDATE outbox SET resolved = ?, updated_at = ? WHERE id = ? AND ${UNDELIVERED}`).run(`done:${memberId}`, nowUtc, id);
  }
}
