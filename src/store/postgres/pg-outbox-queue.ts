import type { DeliveryFailure, DeliveryPlatform } from '../../core/ports/chat-port';
import type { OutboxMessage, OutboxQueue } from '../../core/ports/outbox';
import type { Row } from '../sqlite/row-mappers';
import { messageFromRow, ownedBy } from '../sqlite/outbox-sql';
import type { Queryable } from './pg-reads';

/** Runs one short transaction (READ COMMITTED) on a connection of its own. */
export type Atomically = <T>(fn: (c: Queryable) => Promise<T>) => Promise<T>;

/** A platform's open (pending or sending) messages to channels and people, not home rows: the entries of the index outbox_channel_heads. */
const OPEN_CHANNEL_MESSAGES = `platform = $1 AND home = 0 AND status IN ('pending', 'sending')`;

const byId = (rows: Row[]): OutboxMessage[] => rows.map(messageFromRow).sort((a, b) => a.id - b.id);
/** The ownership rule (OutboxQueue): each statement on one claimed message takes its id as $1 and the worker as $2. */
const OWNED = ownedBy('$1', '$2');

/**
 * The outbox worker's operations on PostgreSQL. Each call is one statement or one short READ COMMITTED
 * transaction. Several instances claim at once: `FOR UPDATE SKIP LOCKED` hands each row to one of them,
 * and a row is only claimed while it is the oldest open (pending or sending) message of its channel, so
 * one channel never has two messages in flight, and an edit never overtakes the post it edits. A
 * person's home view (`home`, one row per person) is no message in a conversation: it neither waits for
 * nor holds back the person's DMs.
 */
export class PgOutboxQueue implements OutboxQueue {
  constructor(private readonly pool: Queryable, private readonly atomically: Atomically) {}

  private async run(text: string, values: unknown[]): Promise<number> {
    return (await this.pool.query(text, values)).rowCount ?? 0;
  }

  claim(platform: DeliveryPlatform, owner: string, nowUtc: string, leaseUntil: string, limit: number): Promise<OutboxMessage[]> {
    return this.atomically(async (c) => {
      await c.query(`UPDATE outbox SET status = 'expired', updated_at = $1
        WHERE status = 'pending' AND expires_at IS NOT NULL AND expires_at < $1 AND not_before <= $1`, [nowUtc]);
      // each channel's head is found by walking the index of open messages one step per channel (the next
      // target after the last, then its first id), as on SQLite: the cost grows with the channels, not with the
      // messages waiting behind their heads (checking every pending message for an older open one did).
      // picked is materialized: locked and limited once (an IN (subquery) may be evaluated again and take more than the limit)
      const taken = await c.query(`WITH RECURSIVE channels(target) AS (
          SELECT (SELECT min(target) FROM outbox WHERE ${OPEN_CHANNEL_MESSAGES})
          UNION ALL
          SELECT (SELECT min(target) FROM outbox WHERE ${OPEN_CHANNEL_MESSAGES} AND target > channels.target) FROM channels WHERE channels.target IS NOT NULL),
        heads(id) AS (
          SELECT id FROM outbox WHERE platform = $1 AND home = 1 AND status = 'pending'
          UNION ALL
          SELECT (SELECT min(id) FROM outbox WHERE ${OPEN_CHANNEL_MESSAGES} AND target = channels.target) FROM channels WHERE channels.target IS NOT NULL),
        picked AS MATERIALIZED (
          SELECT o.id FROM outbox o
          WHERE o.id IN (SELECT id FROM heads) AND o.platform = $1 AND o.status = 'pending' AND o.not_before <= $4
          ORDER BY o.id LIMIT $5
          FOR UPDATE OF o SKIP LOCKED)
        UPDATE outbox SET status = 'sending', lease_owner = $2, lease_until = $3, send_started_at = NULL, send_note = NULL, updated_at = $4
        FROM picked WHERE outbox.id = picked.id AND outbox.status = 'pending'
        RETURNING outbox.*`, [platform, owner, leaseUntil, nowUtc, limit]);
      return byId(taken.rows);
    });
  }

  async renew(id: number, owner: string, leaseUntil: string, nowUtc: string): Promise<boolean> {
    return await this.run(`UPDATE outbox SET lease_until = $3, send_started_at = $4, updated_at = $4 WHERE ${OWNED}`,
      [id, owner, leaseUntil, nowUtc]) === 1;
  }

  /** A send in several steps records what it has done before its visible step; its lease starts anew. False when the message is no longer ours. */
  async noteProgress(id: number, owner: string, note: string, leaseUntil: string, nowUtc: string): Promise<boolean> {
    return await this.run(`UPDATE outbox SET send_note = $3, lease_until = $4, updated_at = $5 WHERE ${OWNED}`,
      [id, owner, note, leaseUntil, nowUtc]) === 1;
  }

  /**
   * Pacing shared by every instance: undefined when a send to the channel may begin now (the channel's
   * next send then waits `gapMs`: recorded), else the instant it may begin (nothing recorded). Real time.
   */
  async paceChannel(platform: DeliveryPlatform, target: string, gapMs: number, nowUtc: string): Promise<string | undefined> {
    const next = new Date(Date.parse(nowUtc) + gapMs).toISOString();
    for (let attempt = 0; attempt < 3; attempt++) {
      const taken = await this.run(`INSERT INTO channel_pace (platform, target, next_at) VALUES ($1, $2, $4)
        ON CONFLICT (platform, target) DO UPDATE SET next_at = excluded.next_at WHERE channel_pace.next_at <= $3`, [platform, target, nowUtc, next]);
      if (taken === 1) return undefined;
      const r = (await this.pool.query('SELECT next_at FROM channel_pace WHERE platform = $1 AND target = $2', [platform, target])).rows[0] as Row | undefined;
      if (r && String(r.next_at) > nowUtc) return String(r.next_at);
    }
    return undefined;
  }

  takeInterrupted(platform: DeliveryPlatform, owner: string, nowUtc: string, leaseUntil: string): Promise<OutboxMessage[]> {
    return this.atomically(async (c) => {
      await c.query(`UPDATE outbox SET status = 'pending', lease_owner = NULL, lease_until = NULL, updated_at = $2
        WHERE platform = $1 AND status = 'sending' AND lease_until < $2 AND send_started_at IS NULL`, [platform, nowUtc]);
      const taken = await c.query(`WITH picked AS MATERIALIZED (
          SELECT id FROM outbox WHERE platform = $1 AND status = 'sending' AND lease_until < $2 ORDER BY id FOR UPDATE SKIP LOCKED)
        UPDATE outbox SET lease_owner = $3, lease_until = $4, checks = checks + 1, updated_at = $2
        FROM picked WHERE outbox.id = picked.id AND outbox.status = 'sending' AND outbox.lease_until < $2
        RETURNING outbox.*`, [platform, nowUtc, owner, leaseUntil]);
      return byId(taken.rows);
    });
  }

  async messageIdOf(key: string): Promise<string | undefined> {
    const r = (await this.pool.query(`SELECT platform_message_id FROM outbox WHERE (idempotency_key = $1 OR replaces_key = $1) AND status = 'sent'
      AND platform_message_id IS NOT NULL ORDER BY id DESC LIMIT 1`, [key])).rows[0] as Row | undefined;
    return r?.platform_message_id ? String(r.platform_message_id) : undefined;
  }

  async pinnedBefore(message: Pick<OutboxMessage, 'id' | 'platform' | 'target'>, group: string): Promise<string | undefined> {
    const r = (await this.pool.query(`SELECT platform_message_id FROM outbox WHERE platform = $1 AND target = $2 AND id <> $3 AND status = 'sent'
      AND platform_message_id IS NOT NULL AND replaces_key IS NULL AND strpos(payload_json, $4) > 0 ORDER BY id DESC LIMIT 1`,
    [message.platform, message.target, message.id, JSON.stringify({ group })])).rows[0] as Row | undefined;
    return r?.platform_message_id ? String(r.platform_message_id) : undefined;
  }

  async finishHome(id: number, owner: string, outcome: { sent: true; messageId?: string; hash: string } | { sent: false; error: string }, nowUtc: string): Promise<boolean> {
    return await this.run(`UPDATE outbox SET status = CASE WHEN again = 1 THEN 'pending' ELSE $3 END, again = 0,
        not_before = CASE WHEN again = 1 THEN $4 ELSE not_before END, due_at = CASE WHEN again = 1 THEN $4 ELSE due_at END,
        platform_message_id = COALESCE($5, platform_message_id), content_hash = COALESCE($6, content_hash), last_error = $7,
        attempts = attempts + 1, lease_owner = NULL, lease_until = NULL, updated_at = $4 WHERE ${OWNED}`,
    [id, owner, outcome.sent ? 'sent' : 'expired', nowUtc, outcome.sent ? outcome.messageId ?? null : null, outcome.sent ? outcome.hash : null, outcome.sent ? null : outcome.error]) === 1;
  }

  async markSent(id: number, owner: string, platformMessageId: string | undefined, nowUtc: string): Promise<boolean> {
    return await this.run(`UPDATE outbox SET status = 'sent', platform_message_id = $3, attempts = attempts + 1, lease_owner = NULL, updated_at = $4 WHERE ${OWNED}`,
      [id, owner, platformMessageId ?? null, nowUtc]) === 1;
  }

  async markFailed(id: number, owner: string, error: string, failure: DeliveryFailure | undefined, retryAt: string, nowUtc: string): Promise<boolean> {
    return await this.run(`UPDATE outbox SET status = $3, last_error = $4, failure = $5, attempts = attempts + 1, not_before = $6, lease_owner = NULL, updated_at = $7 WHERE ${OWNED}`,
      [id, owner, failure ? 'failed' : 'pending', error, failure ?? null, retryAt, nowUtc]) === 1;
  }

  async markNothingToUpdate(id: number, owner: string, nowUtc: string): Promise<boolean> {
    return await this.run(`UPDATE outbox SET status = 'expired', last_error = 'nothing to update', lease_owner = NULL, updated_at = $3 WHERE ${OWNED}`, [id, owner, nowUtc]) === 1;
  }

  async markUnknown(id: number, owner: string, error: string, nowUtc: string): Promise<boolean> {
    return await this.run(`UPDATE outbox SET status = 'unknown', failure = 'interrupted', last_error = $3, lease_owner = NULL, updated_at = $4 WHERE ${OWNED}`,
      [id, owner, error, nowUtc]) === 1;
  }

  async release(id: number, owner: string, nowUtc: string): Promise<boolean> {
    return await this.run(`UPDATE outbox SET status = 'pending', lease_owner = NULL, updated_at = $3 WHERE ${OWNED}`, [id, owner, nowUtc]) === 1;
  }

  async hold(id: number, owner: string, notBeforeUtc: string, nowUtc: string): Promise<boolean> {
    return await this.run(`UPDATE outbox SET status = 'pending', not_before = $3, lease_owner = NULL, lease_until = NULL, updated_at = $4
      WHERE ${OWNED}`, [id, owner, notBeforeUtc, nowUtc]) === 1;
  }

  async releaseOwned(owner: string, keep: readonly number[], nowUtc: string): Promise<number> {
    return this.run(`UPDATE outbox SET status = 'pending', lease_owner = NULL, lease_until = NULL, updated_at = $2
      WHERE status = 'sending' AND lease_owner = $1 AND NOT (id = ANY($3::int[]))`, [owner, nowUtc, [...keep]]);
  }

  async expireNotRunning(running: readonly DeliveryPlatform[], dueBeforeUtc: string, nowUtc: string): Promise<Record<string, number>> {
    const r = await this.pool.query(`UPDATE outbox SET status = 'expired', last_error = 'platform not running', updated_at = $1
      WHERE status = 'pending' AND COALESCE(due_at, not_before) < $2 AND NOT (platform = ANY($3::text[])) RETURNING platform`, [nowUtc, dueBeforeUtc, [...running]]);
    const out: Record<string, number> = {};
    for (const row of r.rows as Row[]) out[String(row.platform)] = (out[String(row.platform)] ?? 0) + 1;
    return out;
  }

  async countOverdue(dueBeforeUtc: string): Promise<number> {
    const r = (await this.pool.query(`SELECT COUNT(*)::int AS n FROM outbox WHERE status IN ('pending', 'sending') AND COALESCE(due_at, not_before) < $1`, [dueBeforeUtc])).rows[0] as Row;
    return Number(r.n);
  }

  async list(): Promise<OutboxMessage[]> {
    return (await this.pool.query('SELECT * FROM outbox ORDER BY id')).rows.map(messageFromRow);
  }
}
