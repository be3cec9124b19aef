import type { Notification, Notifier } from '../core/commands/types';
import type { Directory } from '../core/directory';
import type { Platform } from '../core/model/municipality';
import { nextAllowedInstant } from '../core/schedule/quiet-hours';
import type { View } from '../core/views';
import type { Db } from './open-database';

export type OutboxStatus = 'pending' | 'sending' | 'sent' | 'failed' | 'unknown' | 'expired';

export interface OutboxRow {
  id: number;
  key: string;
  municipalityId: string;
  platform: Platform;
  targetKind: 'channel' | 'dm';
  target: string;
  view: View;
  status: OutboxStatus;
  attempts: number;
  notBefore: string;
  expiresAt?: string;
  platformMessageId?: string;
  replacesKey?: string;
  /** an edit of the replaced message only: never posted as a new message */
  updateOnly?: boolean;
  lastError?: string;
}

type Row = Record<string, unknown>;
const fromRow = (r: Row): OutboxRow => ({
  id: Number(r.id),
  key: String(r.idempotency_key),
  municipalityId: String(r.municipality_id),
  platform: r.platform as Platform,
  targetKind: r.target_kind as OutboxRow['targetKind'],
  target: String(r.target),
  view: JSON.parse(String(r.payload_json)) as View,
  status: r.status as OutboxStatus,
  attempts: Number(r.attempts),
  notBefore: String(r.not_before),
  ...(r.expires_at ? { expiresAt: String(r.expires_at) } : {}),
  ...(r.platform_message_id ? { platformMessageId: String(r.platform_message_id) } : {}),
  ...(r.replaces_key ? { replacesKey: String(r.replaces_key) } : {}),
  ...(r.update_only ? { updateOnly: true } : {}),
  ...(r.last_error ? { lastError: String(r.last_error) } : {}),
});

/**
 * The durable outbox. The core's notifications become one row per platform target, written in the
 * same transaction as the decision that caused them; the dispatcher sends them later. The unique
 * idempotency key makes a repeated decision enqueue nothing new. Rows wait out the municipality's
 * quiet hours; a row that is no longer useful by its send time expires instead of being sent.
 */
export class OutboxNotifier implements Notifier {
  constructor(private readonly db: Db, private readonly directory: Directory) {}

  enqueue(n: Notification, nowUtc: string): void {
    const m = n.to.kind === 'forum' ? n.to.ref.municipality : n.to.municipality;
    const targets: { platform: Platform; kind: 'channel' | 'dm'; target: string }[] = [];
    if (n.to.kind === 'forum') {
      for (const c of this.directory.channelsOf(n.to.ref)) targets.push({ platform: c.platform, kind: 'channel', target: c.channelId });
    } else if (n.to.kind === 'channel') {
      targets.push({ platform: n.to.platform, kind: 'channel', target: n.to.channelId });
    } else {
      const member = this.directory.member(n.to.municipality, n.to.memberId);
      for (const [platform, id] of Object.entries(member?.identities ?? {})) {
        if (id) targets.push({ platform: platform as Platform, kind: 'dm', target: id });
      }
    }
    const notBefore = nextAllowedInstant(nowUtc, m.timeZone, m.quietHours);
    const insert = this.db.prepare(`INSERT INTO outbox (idempotency_key, municipality_id, platform, target_kind, target, payload_json, not_before,
      expires_at, replaces_key, update_only, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (idempotency_key) DO NOTHING`);
    for (const t of targets) {
      insert.run(`${n.key}@${t.platform}:${t.target}`, m.id, t.platform, t.kind, t.target, JSON.stringify(n.view), notBefore,
        n.expiresUtc ?? null, n.replaces ? `${n.replaces}@${t.platform}:${t.target}` : null, n.updateOnly ? 1 : 0, nowUtc, nowUtc);
    }
  }

  /**
   * Claim up to `limit` due rows of a platform for `owner` until `leaseUntil`. Atomic (BEGIN
   * IMMEDIATE): two workers on one database never claim the same row.
   */
  claim(platform: Platform, owner: string, nowUtc: string, leaseUntil: string, limit = 50): OutboxRow[] {
    return this.db.transaction(() => {
      this.db.prepare(`UPDATE outbox SET status = 'expired', updated_at = ? WHERE status = 'pending' AND expires_at IS NOT NULL AND expires_at < ? AND not_before <= ?`)
        .run(nowUtc, nowUtc, nowUtc);
      const rows = (this.db.prepare(`SELECT * FROM outbox WHERE platform = ? AND status = 'pending' AND not_before <= ? ORDER BY id LIMIT ?`)
        .all(platform, nowUtc, limit) as Row[]).map(fromRow);
      const take = this.db.prepare(`UPDATE outbox SET status = 'sending', lease_owner = ?, lease_until = ?, updated_at = ? WHERE id = ? AND status = 'pending'`);
      return rows.filter((r) => take.run(owner, leaseUntil, nowUtc, r.id).changes === 1).map((r) => ({ ...r, status: 'sending' as const }));
    }).immediate();
  }

  /**
   * Extend our lease on a row just before sending it. False when it is no longer ours (another worker
   * took it over after our lease ran out): then we must not send it.
   */
  renew(id: number, owner: string, leaseUntil: string, nowUtc: string): boolean {
    return this.db.prepare(`UPDATE outbox SET lease_until = ?, updated_at = ? WHERE id = ? AND status = 'sending' AND lease_owner = ?`)
      .run(leaseUntil, nowUtc, id, owner).changes === 1;
  }

  /** Rows whose sender's lease ran out mid-send (a crash): their outcome is unknown. */
  takeInterrupted(platform: Platform, owner: string, nowUtc: string, leaseUntil: string): OutboxRow[] {
    return this.db.transaction(() => {
      const rows = (this.db.prepare(`SELECT * FROM outbox WHERE platform = ? AND status = 'sending' AND lease_until < ? ORDER BY id`)
        .all(platform, nowUtc) as Row[]).map(fromRow);
      const take = this.db.prepare(`UPDATE outbox SET lease_owner = ?, lease_until = ?, updated_at = ? WHERE id = ? AND status = 'sending' AND lease_until < ?`);
      return rows.filter((r) => take.run(owner, leaseUntil, nowUtc, r.id, nowUtc).changes === 1);
    }).immediate();
  }

  all(): OutboxRow[] {
    return (this.db.prepare('SELECT * FROM outbox ORDER BY id').all() as Row[]).map(fromRow);
  }

  /** The platform message id of an earlier row (so a replacement edits it instead of posting again). */
  messageIdOf(key: string): string | undefined {
    const r = this.db.prepare('SELECT platform_message_id FROM outbox WHERE idempotency_key = ?').get(key) as Row | undefined;
    return r?.platform_message_id ? String(r.platform_message_id) : undefined;
  }

  markSent(id: number, platformMessageId: string | undefined, nowUtc: string): void {
    this.db.prepare(`UPDATE outbox SET status = 'sent', platform_message_id = ?, attempts = attempts + 1, lease_owner = NULL, updated_at = ? WHERE id = ?`)
      .run(platformMessageId ?? null, nowUtc, id);
  }

  /** A failed attempt: back to pending until `retryAt`, or `failed` for good when permanent. */
  markFailed(id: number, error: string, permanent: boolean, retryAt: string, nowUtc: string): void {
    this.db.prepare(`UPDATE outbox SET status = ?, last_error = ?, attempts = attempts + 1, not_before = ?, lease_owner = NULL, updated_at = ? WHERE id = ?`)
      .run(permanent ? 'failed' : 'pending', error, retryAt, nowUtc, id);
  }

  /** An edit whose original message was never delivered to this target: nothing to do. */
  markNothingToUpdate(id: number, nowUtc: string): void {
    this.db.prepare(`UPDATE outbox SET status = 'expired', last_error = 'nothing to update', lease_owner = NULL, updated_at = ? WHERE id = ?`).run(nowUtc, id);
  }

  markUnknown(id: number, nowUtc: string): void {
    this.db.prepare(`UPDATE outbox SET status = 'unknown', lease_owner = NULL, updated_at = ? WHERE id = ?`).run(nowUtc, id);
  }

  /** Back to pending without counting an attempt (a recovered row that never reached the platform). */
  release(id: number, nowUtc: string): void {
    this.db.prepare(`UPDATE outbox SET status = 'pending', lease_owner = NULL, updated_at = ? WHERE id = ?`).run(nowUtc, id);
  }
}
