import type { Notification, Notifier } from '../core/commands/types';
import type { Directory } from '../core/directory';
import type { Platform } from '../core/model/municipality';
import type { View } from '../core/views';
import type { Db } from './open-database';

export interface OutboxRow {
  id: number;
  key: string;
  platform: Platform;
  targetKind: 'channel' | 'dm';
  target: string;
  view: View;
  status: 'pending' | 'sending' | 'sent' | 'failed' | 'unknown';
  attempts: number;
  notBefore: string;
  platformMessageId?: string;
  replacesKey?: string;
  lastError?: string;
}

type Row = Record<string, unknown>;
const fromRow = (r: Row): OutboxRow => ({
  id: Number(r.id),
  key: String(r.idempotency_key),
  platform: r.platform as Platform,
  targetKind: r.target_kind as OutboxRow['targetKind'],
  target: String(r.target),
  view: JSON.parse(String(r.payload_json)) as View,
  status: r.status as OutboxRow['status'],
  attempts: Number(r.attempts),
  notBefore: String(r.not_before),
  ...(r.platform_message_id ? { platformMessageId: String(r.platform_message_id) } : {}),
  ...(r.replaces_key ? { replacesKey: String(r.replaces_key) } : {}),
  ...(r.last_error ? { lastError: String(r.last_error) } : {}),
});

/**
 * The durable outbox. The core's notifications become one row per platform target, written in the
 * same transaction as the decision that caused them; a dispatcher sends them later. The unique
 * idempotency key makes a repeated decision enqueue nothing new.
 */
export class OutboxNotifier implements Notifier {
  constructor(private readonly db: Db, private readonly directory: Directory) {}

  enqueue(n: Notification, nowUtc: string, notBefore = nowUtc): void {
    const targets: { platform: Platform; kind: 'channel' | 'dm'; target: string }[] = [];
    if (n.to.kind === 'forum') {
      for (const c of this.directory.channelsOf(n.to.ref)) targets.push({ platform: c.platform, kind: 'channel', target: c.channelId });
    } else {
      const member = this.directory.member(n.to.municipality, n.to.memberId);
      for (const [platform, id] of Object.entries(member?.identities ?? {})) {
        if (id) targets.push({ platform: platform as Platform, kind: 'dm', target: id });
      }
    }
    const insert = this.db.prepare(`INSERT INTO outbox (idempotency_key, platform, target_kind, target, payload_json, not_before, replaces_key, created_at, updated_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (idempotency_key) DO NOTHING`);
    for (const t of targets) {
      insert.run(`${n.key}@${t.platform}:${t.target}`, t.platform, t.kind, t.target, JSON.stringify(n.view), notBefore,
        n.replaces ? `${n.replaces}@${t.platform}:${t.target}` : null, nowUtc, nowUtc);
    }
  }

  /** Rows of a platform that are waiting, oldest first (the dispatcher's view; tests read it too). */
  pending(platform: Platform, nowUtc: string, limit = 50): OutboxRow[] {
    return (this.db.prepare(`SELECT * FROM outbox WHERE platform = ? AND status = 'pending' AND not_before <= ? ORDER BY id LIMIT ?`)
      .all(platform, nowUtc, limit) as Row[]).map(fromRow);
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
    this.db.prepare(`UPDATE outbox SET status = 'sent', platform_message_id = ?, attempts = attempts + 1, updated_at = ? WHERE id = ?`)
      .run(platformMessageId ?? null, nowUtc, id);
  }

  markFailed(id: number, error: string, permanent: boolean, retryAt: string, nowUtc: string): void {
    this.db.prepare(`UPDATE outbox SET status = ?, last_error = ?, attempts = attempts + 1, not_before = ?, updated_at = ? WHERE id = ?`)
      .run(permanent ? 'failed' : 'pending', error, retryAt, nowUtc, id);
  }
}
