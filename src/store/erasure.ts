import type { DeliveredCopy } from '../core/ports';
import type { View } from '../core/views';
import type { Db } from './open-database';

/**
 * Retention's side of the store: every copy of an item's texts outside the item itself. Kept apart
 * from the outbox's send logic (outbox.ts) on purpose; it only reads and rewrites outbox rows and
 * adds update-only rows that the dispatcher sends like any other edit.
 */

export function recordDeliveredCopy(db: Db, c: DeliveredCopy, nowUtc: string): void {
  db.prepare(`INSERT OR IGNORE INTO delivered_copies (platform, target_kind, target, message_id, item_ref, municipality_id, at)
    VALUES (?, ?, ?, ?, ?, ?, ?)`).run(c.platform, c.targetKind, c.target, c.messageId, c.itemRef, c.municipalityId, nowUtc);
}

type Row = Record<string, unknown>;

/** A text as it appears inside stored JSON (quotes, backslashes and control characters escaped). */
const asJson = (t: string) => JSON.stringify(t).slice(1, -1);

/**
 * Replace every stored copy of an item's texts by `redacted` and edit every delivered message that
 * carried them (see SltStore.eraseCopies). Only rows that mention the item's reference are looked at,
 * and of those only rows that carry one of its texts are changed.
 */
export function eraseCopies(db: Db, e: { itemRef: string; municipalityId: string; texts: readonly string[]; redacted: View }, nowUtc: string) {
  const needles = e.texts.filter((t) => t.trim()).map(asJson);
  const carries = (json: string) => needles.some((n) => json.includes(n));
  const redactedJson = JSON.stringify(e.redacted);

  const replies = (db.prepare('SELECT request_key, reply_json FROM processed_requests WHERE instr(reply_json, ?) > 0').all(e.itemRef) as Row[])
    .filter((r) => carries(String(r.reply_json)));
  const redactReply = db.prepare('UPDATE processed_requests SET reply_json = ? WHERE request_key = ?');
  for (const r of replies) redactReply.run(JSON.stringify({ views: [e.redacted] }), r.request_key);

  const rows = (db.prepare(`SELECT id, platform, target_kind, target, payload_json, status, platform_message_id, idempotency_key FROM outbox
    WHERE instr(payload_json, ?) > 0`).all(e.itemRef) as Row[]).filter((r) => carries(String(r.payload_json)));
  // a message not sent yet is not sent at all any more; one sent is kept as a record, without the text
  const redactRow = db.prepare(`UPDATE outbox SET payload_json = ?, status = CASE WHEN status = 'pending' THEN 'expired' ELSE status END,
    last_error = CASE WHEN status = 'pending' THEN 'erased after the retention period' ELSE last_error END, updated_at = ? WHERE id = ?`);
  for (const r of rows) redactRow.run(redactedJson, nowUtc, r.id);

  // every delivered message that showed the texts: one edit per platform message
  const messages = new Map<string, { platform: string; kind: string; target: string; messageId: string; replaces?: string }>();
  for (const r of rows) {
    if (!r.platform_message_id) continue;
    const key = `${String(r.platform)}:${String(r.platform_message_id)}`;
    if (!messages.has(key)) messages.set(key, { platform: String(r.platform), kind: String(r.target_kind), target: String(r.target), messageId: String(r.platform_message_id), replaces: String(r.idempotency_key) });
  }
  const copies = db.prepare('SELECT * FROM delivered_copies WHERE item_ref = ?').all(e.itemRef) as Row[];
  for (const c of copies) {
    const key = `${String(c.platform)}:${String(c.message_id)}`;
    if (!messages.has(key)) messages.set(key, { platform: String(c.platform), kind: String(c.target_kind), target: String(c.target), messageId: String(c.message_id) });
  }
  const insert = db.prepare(`INSERT INTO outbox (idempotency_key, municipality_id, platform, target_kind, target, payload_json, status, not_before,
    platform_message_id, replaces_key, update_only, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (idempotency_key) DO NOTHING`);
  for (const m of messages.values()) {
    const where = `@${m.platform}:${m.target}`;
    let replaces = m.replaces;
    if (!replaces) {
      // a reply the platform kept: a row standing for the message as sent, so the edit can name it
      replaces = `copy:${m.messageId}${where}`;
      insert.run(replaces, e.municipalityId, m.platform, m.kind, m.target, redactedJson, 'sent', nowUtc, m.messageId, null, 0, nowUtc, nowUtc);
    }
    insert.run(`erase:${e.itemRef}:${m.messageId}${where}`, e.municipalityId, m.platform, m.kind, m.target, redactedJson, 'pending', nowUtc, null, replaces, 1, nowUtc, nowUtc);
  }
  db.prepare('DELETE FROM delivered_copies WHERE item_ref = ?').run(e.itemRef);
  return { replies: replies.length, outboxRows: rows.length, messages: messages.size };
}

/**
 * After an erasure: the write-ahead log is checkpointed and truncated (old page images in it held the
 * texts), and with `vacuum` the file is rebuilt so no free page keeps bytes from before secure_delete
 * was on. A busy database (another instance reading) leaves the work to the next day's run.
 */
export function scrubFreePages(db: Db, vacuum: boolean): void {
  db.pragma('wal_checkpoint(TRUNCATE)');
  if (!vacuum) return;
  db.exec('VACUUM');
  db.pragma('wal_checkpoint(TRUNCATE)');
}

/** Remembered replies older than this are of no use to a retried delivery: forget them. */
export function forgetRepliesBefore(db: Db, beforeUtc: string): void {
  db.prepare('DELETE FROM processed_requests WHERE at < ?').run(beforeUtc);
}
