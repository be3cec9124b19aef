import type { CalendarChange } from '../../core/ports/calendar';
import type { DeliveryFailure, DeliveryPlatform } from '../../core/ports/chat-port';
import type { View } from '../../core/model/view';
import type { NewOutboxMessage, OutboxMessage, OutboxQueue, OutboxStatus } from '../../core/ports/outbox';
import type { StoreTx } from '../../core/ports/store';
import type { Db } from './open-database';
import type { Sync } from './sync';

type Row = Record<string, unknown>;
const opt = (v: unknown): string | undefined => (v === null || v === undefined ? undefined : String(v));

/** An outbox row as the core's OutboxMessage. */
export const messageFromRow = (r: Row): OutboxMessage => {
  const [expiresAt, platformMessageId, replacesKey, lastError, failure, reportedAt, resolved, leaseUntil, sendStartedAt, sendNote, contentHash] =
    [r.expires_at, r.platform_message_id, r.replaces_key, r.last_error, r.failure, r.reported_at, r.resolved, r.lease_until, r.send_started_at, r.send_note, r.content_hash].map(opt);
  return {
    id: Number(r.id),
    key: String(r.idempotency_key),
    municipalityId: String(r.municipality_id),
    platform: r.platform as DeliveryPlatform,
    targetKind: r.target_kind as OutboxMessage['targetKind'],
    target: String(r.target),
    view: JSON.parse(String(r.payload_json)) as View,
    status: r.status as OutboxStatus,
    attempts: Number(r.attempts),
    notBefore: String(r.not_before),
    dueAt: String(r.due_at ?? r.not_before),
    checks: Number(r.checks ?? 0),
    home: Boolean(r.home),
    createdAt: String(r.created_at),
    updatedAt: String(r.updated_at),
    ...(expiresAt ? { expiresAt } : {}),
    ...(platformMessageId ? { platformMessageId } : {}),
    ...(replacesKey ? { replacesKey } : {}),
    ...(r.update_only ? { updateOnly: true } : {}),
    ...(lastError ? { lastError } : {}),
    ...(failure ? { failure: failure as DeliveryFailure } : {}),
    ...(reportedAt ? { reportedAt } : {}),
    ...(resolved ? { resolved } : {}),
    ...(leaseUntil ? { leaseUntil } : {}),
    ...(sendStartedAt ? { sendStartedAt } : {}),
    ...(sendNote ? { sendNote } : {}),
    ...(r.calendar_json ? { calendar: JSON.parse(String(r.calendar_json)) as CalendarChange } : {}),
    ...(contentHash ? { contentHash } : {}),
  };
};

const UNDELIVERED = `status IN ('failed', 'unknown')`;
/** A platform's open (pending or sending) messages to channels and people, not home rows: the entries of the index outbox_channel_heads. */
const OPEN_CHANNEL_MESSAGES = `platform = @platform AND home = 0 AND status IN ('pending', 'sending')`;

/**
 * The ownership rule (OutboxQueue): a claimed message is changed only while it is `sending` under the
 * lease of the worker asking. `id` and `owner` are the statement's placeholders for them (both stores).
 */
export const ownedBy = (id: string, owner: string): string => `id = ${id} AND status = 'sending' AND lease_owner = ${owner}`;
const OWNED = ownedBy('?', '?');

/**
 * What a change does to a person's home row that already exists (enqueueHomes, both stores), as the SET of an
 * upsert: one pending already is left alone (the statement's WHERE); one being sent is marked `again` and
 * keeps the rest; any other (sent, failed, expired) starts over as pending, due at `excluded`'s times.
 */
const HOME_FRESH: readonly (readonly [string, string])[] = [
  ['status', "'pending'"], ['not_before', 'excluded.not_before'], ['due_at', 'excluded.due_at'], ['attempts', '0'], ['checks', '0'],
  ['last_error', 'NULL'], ['failure', 'NULL'], ['reported_at', 'NULL'], ['lease_owner', 'NULL'], ['lease_until', 'NULL'], ['send_started_at', 'NULL'],
];
export const HOME_UPSERT = `ON CONFLICT (idempotency_key) DO UPDATE SET again = CASE WHEN outbox.status = 'sending' THEN 1 ELSE 0 END,
  ${HOME_FRESH.map(([c, fresh]) => `${c} = CASE WHEN outbox.status = 'sending' THEN outbox.${c} ELSE ${fresh} END`).join(', ')},
  updated_at = excluded.updated_at
  WHERE outbox.status <> 'pending'`;

type OutboxTx = Pick<StoreTx, 'enqueueMessage' | 'supersedeWaiting' | 'takeUnreported' | 'resolveUndelivered' | 'redactMessage' | 'outboxMessage'
  | 'undeliveredMessages' | 'countUndelivered' | 'messagesContaining'>;

/** The outbox's side of a transaction: messages added with the decision that caused them, undelivered messages, retention's redaction. */
export class OutboxTxSql implements Sync<OutboxTx> {
  constructor(private readonly db: Db) {}

  enqueueMessage(m: NewOutboxMessage, nowUtc: string): number | undefined {
    const r = this.db.prepare(`INSERT INTO outbox (idempotency_key, municipality_id, platform, target_kind, target, payload_json, status, not_before, due_at,
      expires_at, platform_message_id, replaces_key, update_only, calendar_json, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (idempotency_key) DO NOTHING`)
      .run(m.key, m.municipalityId, m.platform, m.targetKind, m.target, JSON.stringify(m.view), m.status ?? 'pending', m.notBefore, m.dueAt ?? m.notBefore,
        m.expiresAt ?? null, m.platformMessageId ?? null, m.replacesKey ?? null, m.updateOnly ? 1 : 0, m.calendar ? JSON.stringify(m.calendar) : null, nowUtc, nowUtc);
    return r.changes === 1 ? Number(r.lastInsertRowid) : undefined;
  }

  supersedeWaiting(replacesKey: string, keepKey: string, nowUtc: string): void {
    this.db.prepare(`UPDATE outbox SET status = 'expired', last_error = 'superseded by a newer change', updated_at = ?
      WHERE replaces_key = ? AND status = 'pending' AND idempotency_key != ?`).run(nowUtc, replacesKey, keepKey);
  }

  /**
   * A person's home view in the outbox: one row per person and platform. A change makes it pending again
   * (it never waits twice); one being sent right now is marked `again`, so it goes out once more after the
   * send that may have been rendered before the change (see OutboxQueueSql.finishHome).
   */
  enqueueHome(key: string, municipalityId: string, platform: DeliveryPlatform, target: string, nowUtc: string): void {
    // one statement (it was an UPDATE of a row being sent and then the upsert): every command's changes
    // refresh the homes of the municipality's members
    this.db.prepare(`INSERT INTO outbox (idempotency_key, municipality_id, platform, target_kind, target, payload_json, not_before, due_at, home, created_at, updated_at)
      VALUES (?, ?, ?, 'dm', ?, '{"kind":"home","sections":[]}', ?, ?, 1, ?, ?) ${HOME_UPSERT}`).run(key, municipalityId, platform, target, nowUtc, nowUtc, nowUtc, nowUtc);
  }

  takeUnreported(nowUtc: string): OutboxMessage[] {
    const rows = (this.db.prepare(`SELECT * FROM outbox WHERE ${UNDELIVERED} AND reported_at IS NULL ORDER BY id`).all() as Row[]).map(messageFromRow);
    const mark = this.db.prepare('UPDATE outbox SET reported_at = ? WHERE id = ?');
    for (const r of rows) mark.run(nowUtc, r.id);
    return rows.map((r) => ({ ...r, reportedAt: nowUtc }));
  }

  resolveUndelivered(id: number, resolution: string, nowUtc: string): boolean {
    return this.db.prepare(`UPDATE outbox SET resolved = ?, updated_at = ? WHERE id = ? AND ${UNDELIVERED} AND resolved IS NULL`).run(resolution, nowUtc, id).changes === 1;
  }

  redactMessage(id: number, view: View, nowUtc: string): void {
    this.db.prepare(`UPDATE outbox SET payload_json = ?, status = CASE WHEN status = 'pending' THEN 'expired' ELSE status END,
      last_error = CASE WHEN status = 'pending' THEN 'erased after the retention period' ELSE last_error END, updated_at = ? WHERE id = ?`)
      .run(JSON.stringify(view), nowUtc, id);
  }

  outboxMessage(id: number): OutboxMessage | undefined {
    const r = this.db.prepare('SELECT * FROM outbox WHERE id = ?').get(id) as Row | undefined;
    return r && messageFromRow(r);
  }

  undeliveredMessages(municipalityId: string, limit: number): OutboxMessage[] {
    return (this.db.prepare(`SELECT * FROM outbox WHERE municipality_id = ? AND ${UNDELIVERED} AND resolved IS NULL ORDER BY id DESC LIMIT ?`)
      .all(municipalityId, limit) as Row[]).map(messageFromRow);
  }

  countUndelivered(municipalityId: string): number {
    return (this.db.prepare(`SELECT COUNT(*) AS n FROM outbox WHERE municipality_id = ? AND ${UNDELIVERED} AND resolved IS NULL`).get(municipalityId) as { n: number }).n;
  }

  messagesContaining(text: string): OutboxMessage[] {
    return (this.db.prepare('SELECT * FROM outbox WHERE instr(payload_json, ?) > 0 ORDER BY id').all(text) as Row[]).map(messageFromRow);
  }
}

/**
 * The outbox worker's operations on SQLite. Each runs as one immediate transaction (the store runs
 * it under its lock, so it never meets a transaction of the same process half-way).
 */
export class OutboxQueueSql implements Sync<OutboxQueue> {
  constructor(private readonly db: Db) {}

  claim(platform: DeliveryPlatform, owner: string, nowUtc: string, leaseUntil: string, limit: number): OutboxMessage[] {
    return this.db.transaction(() => {
      // through the index of expiring messages (SQLite would otherwise walk every pending message by due time)
      this.db.prepare(`UPDATE outbox INDEXED BY outbox_expiring SET status = 'expired', updated_at = ?
        WHERE status = 'pending' AND expires_at IS NOT NULL AND expires_at < ? AND not_before <= ?`)
        .run(nowUtc, nowUtc, nowUtc);
      // the oldest open message of its channel only (a home row neither waits for nor holds back the channel),
      // kept if it is pending and due. The channels are walked in the index of open messages one step per
      // channel (the next target after the last, then its first id), so the cost grows with the number of
      // channels, not with how many messages wait behind their heads (a GROUP BY read every waiting entry:
      // 0.6 ms with 10,000 waiting for one person, at every pass of the worker)
      const rows = (this.db.prepare(`WITH RECURSIVE channels(target) AS (
          SELECT (SELECT min(target) FROM outbox WHERE ${OPEN_CHANNEL_MESSAGES})
          UNION ALL
          SELECT (SELECT min(target) FROM outbox WHERE ${OPEN_CHANNEL_MESSAGES} AND target > channels.target) FROM channels WHERE channels.target IS NOT NULL),
        heads(id) AS (
          SELECT id FROM outbox WHERE platform = @platform AND home = 1 AND status IN ('pending', 'sending')
          UNION ALL
          SELECT (SELECT min(id) FROM outbox WHERE ${OPEN_CHANNEL_MESSAGES} AND target = channels.target) FROM channels WHERE channels.target IS NOT NULL)
        SELECT o.* FROM heads h CROSS JOIN outbox o ON o.id = h.id
        WHERE o.status = 'pending' AND o.not_before <= @now ORDER BY o.id LIMIT @limit`)
        .all({ platform, now: nowUtc, limit }) as Row[]).map(messageFromRow);
      const take = this.db.prepare(`UPDATE outbox SET status = 'sending', lease_owner = ?, lease_until = ?, send_started_at = NULL, send_note = NULL, updated_at = ? WHERE id = ? AND status = 'pending'`);
      return rows.filter((r) => take.run(owner, leaseUntil, nowUtc, r.id).changes === 1)
        .map((r) => { const { sendStartedAt: _started, sendNote: _note, ...rest } = r; return { ...rest, status: 'sending' as const, leaseUntil }; });
    }).immediate();
  }

  renew(id: number, owner: string, leaseUntil: string, nowUtc: string): boolean {
    return this.db.prepare(`UPDATE outbox SET lease_until = ?, send_started_at = ?, updated_at = ? WHERE ${OWNED}`)
      .run(leaseUntil, nowUtc, nowUtc, id, owner).changes === 1;
  }

  paceChannel(platform: DeliveryPlatform, target: string, gapMs: number, nowUtc: string): string | undefined {
    return this.db.transaction(() => {
      const r = this.db.prepare('SELECT next_at FROM channel_pace WHERE platform = ? AND target = ?').get(platform, target) as Row | undefined;
      if (r && String(r.next_at) > nowUtc) return String(r.next_at);
      this.db.prepare(`INSERT INTO channel_pace (platform, target, next_at) VALUES (?, ?, ?)
        ON CONFLICT (platform, target) DO UPDATE SET next_at = excluded.next_at`).run(platform, target, new Date(Date.parse(nowUtc) + gapMs).toISOString());
      return undefined;
    }).immediate();
  }

  noteProgress(id: number, owner: string, note: string, leaseUntil: string, nowUtc: string): boolean {
    return this.db.prepare(`UPDATE outbox SET send_note = ?, lease_until = ?, updated_at = ? WHERE ${OWNED}`)
      .run(note, leaseUntil, nowUtc, id, owner).changes === 1;
  }

  takeInterrupted(platform: DeliveryPlatform, owner: string, nowUtc: string, leaseUntil: string): OutboxMessage[] {
    return this.db.transaction(() => {
      this.db.prepare(`UPDATE outbox SET status = 'pending', lease_owner = NULL, lease_until = NULL, updated_at = ?
        WHERE platform = ? AND status = 'sending' AND lease_until < ? AND send_started_at IS NULL`).run(nowUtc, platform, nowUtc);
      const rows = (this.db.prepare(`SELECT * FROM outbox WHERE platform = ? AND status = 'sending' AND lease_until < ? ORDER BY id`)
        .all(platform, nowUtc) as Row[]).map(messageFromRow);
      const take = this.db.prepare(`UPDATE outbox SET lease_owner = ?, lease_until = ?, checks = checks + 1, updated_at = ? WHERE id = ? AND status = 'sending' AND lease_until < ?`);
      return rows.filter((r) => take.run(owner, leaseUntil, nowUtc, r.id, nowUtc).changes === 1).map((r) => ({ ...r, checks: r.checks + 1, leaseUntil }));
    }).immediate();
  }

  messageIdOf(key: string): string | undefined {
    const r = this.db.prepare(`SELECT platform_message_id FROM outbox WHERE (idempotency_key = ? OR replaces_key = ?) AND status = 'sent'
      AND platform_message_id IS NOT NULL ORDER BY id DESC LIMIT 1`).get(key, key) as Row | undefined;
    return r?.platform_message_id ? String(r.platform_message_id) : undefined;
  }

  pinnedBefore(message: Pick<OutboxMessage, 'id' | 'platform' | 'target'>, group: string): string | undefined {
    const r = this.db.prepare(`SELECT platform_message_id FROM outbox WHERE platform = ? AND target = ? AND id <> ? AND status = 'sent'
      AND platform_message_id IS NOT NULL AND replaces_key IS NULL AND instr(payload_json, ?) > 0 ORDER BY id DESC LIMIT 1`)
      .get(message.platform, message.target, message.id, JSON.stringify({ group })) as Row | undefined;
    return r?.platform_message_id ? String(r.platform_message_id) : undefined;
  }

  finishHome(id: number, owner: string, outcome: { sent: true; messageId?: string; hash: string } | { sent: false; error: string }, nowUtc: string): boolean {
    return this.db.prepare(`UPDATE outbox SET status = CASE WHEN again = 1 THEN 'pending' ELSE ? END, again = 0,
        not_before = CASE WHEN again = 1 THEN ? ELSE not_before END, due_at = CASE WHEN again = 1 THEN ? ELSE due_at END,
        platform_message_id = COALESCE(?, platform_message_id), content_hash = COALESCE(?, content_hash), last_error = ?,
        attempts = attempts + 1, lease_owner = NULL, lease_until = NULL, updated_at = ? WHERE ${OWNED}`)
      .run(outcome.sent ? 'sent' : 'expired', nowUtc, nowUtc, outcome.sent ? outcome.messageId ?? null : null, outcome.sent ? outcome.hash : null,
        outcome.sent ? null : outcome.error, nowUtc, id, owner).changes === 1;
  }

  markSent(id: number, owner: string, platformMessageId: string | undefined, nowUtc: string): boolean {
    return this.db.prepare(`UPDATE outbox SET status = 'sent', platform_message_id = ?, attempts = attempts + 1, lease_owner = NULL, updated_at = ? WHERE ${OWNED}`)
      .run(platformMessageId ?? null, nowUtc, id, owner).changes === 1;
  }

  markFailed(id: number, owner: string, error: string, failure: DeliveryFailure | undefined, retryAt: string, nowUtc: string): boolean {
    return this.db.prepare(`UPDATE outbox SET status = ?, last_error = ?, failure = ?, attempts = attempts + 1, not_before = ?, lease_owner = NULL, updated_at = ? WHERE ${OWNED}`)
      .run(failure ? 'failed' : 'pending', error, failure ?? null, retryAt, nowUtc, id, owner).changes === 1;
  }

  markNothingToUpdate(id: number, owner: string, nowUtc: string): boolean {
    return this.db.prepare(`UPDATE outbox SET status = 'expired', last_error = 'nothing to update', lease_owner = NULL, updated_at = ? WHERE ${OWNED}`)
      .run(nowUtc, id, owner).changes === 1;
  }

  markUnknown(id: number, owner: string, error: string, nowUtc: string): boolean {
    return this.db.prepare(`UPDATE outbox SET status = 'unknown', failure = 'interrupted', last_error = ?, lease_owner = NULL, updated_at = ? WHERE ${OWNED}`)
      .run(error, nowUtc, id, owner).changes === 1;
  }

  release(id: number, owner: string, nowUtc: string): boolean {
    return this.db.prepare(`UPDATE outbox SET status = 'pending', lease_owner = NULL, updated_at = ? WHERE ${OWNED}`).run(nowUtc, id, owner).changes === 1;
  }

  hold(id: number, owner: string, notBeforeUtc: string, nowUtc: string): boolean {
    return this.db.prepare(`UPDATE outbox SET status = 'pending', not_before = ?, lease_owner = NULL, lease_until = NULL, updated_at = ?
      WHERE ${OWNED}`).run(notBeforeUtc, nowUtc, id, owner).changes === 1;
  }

  releaseOwned(owner: string, keep: readonly number[], nowUtc: string): number {
    const kept = keep.length ? `AND id NOT IN (${keep.map(() => '?').join(', ')})` : '';
    return this.db.prepare(`UPDATE outbox SET status = 'pending', lease_owner = NULL, lease_until = NULL, updated_at = ? WHERE status = 'sending' AND lease_owner = ? ${kept}`)
      .run(nowUtc, owner, ...keep).changes;
  }

  expireNotRunning(running: readonly DeliveryPlatform[], dueBeforeUtc: string, nowUtc: string): Record<string, number> {
    const list = running.map(() => '?').join(', ');
    const others = running.length ? `AND platform NOT IN (${list})` : '';
    // due before the bound: by due_at, or by not_before for a row without one (older rows); each through the
    // index of pending messages by due_at, so a pass does not walk every message waiting for its turn
    const rows = [
      ...this.db.prepare(`UPDATE outbox INDEXED BY outbox_pending_by_due SET status = 'expired', last_error = 'platform not running', updated_at = ?
        WHERE status = 'pending' AND due_at < ? ${others} RETURNING platform`).all(nowUtc, dueBeforeUtc, ...running),
      ...this.db.prepare(`UPDATE outbox INDEXED BY outbox_pending_by_due SET status = 'expired', last_error = 'platform not running', updated_at = ?
        WHERE status = 'pending' AND due_at IS NULL AND not_before < ? ${others} RETURNING platform`).all(nowUtc, dueBeforeUtc, ...running),
    ] as Row[];
    const out: Record<string, number> = {};
    for (const r of rows) out[String(r.platform)] = (out[String(r.platform)] ?? 0) + 1;
    return out;
  }

  countOverdue(dueBeforeUtc: string): number {
    return (this.db.prepare(`SELECT COUNT(*) AS n FROM outbox WHERE status IN ('pending', 'sending') AND COALESCE(due_at, not_before) < ?`).get(dueBeforeUtc) as { n: number }).n;
  }

  list(): OutboxMessage[] {
    return (this.db.prepare('SELECT * FROM outbox ORDER BY id').all() as Row[]).map(messageFromRow);
  }
}
