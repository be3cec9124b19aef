import type { Db } from './open-database';

/**
 * A person's home view in the outbox: one row per person and platform, keyed `home:<municipality>:<member>@<platform>:<user>`.
 * A change makes it pending again (it never waits twice); one being sent right now is marked `again`, so
 * it goes out once more after the send that may have been rendered before the change. The worker renders
 * the view when it sends the row and skips the send when the rendering is the one it sent last
 * (`content_hash`). A home refresh is no message: quiet hours do not hold it back, and one that fails is
 * dropped (expired, logged) rather than reported; the person sees a fresh view whenever they open it.
 */
export function enqueueHome(db: Db, key: string, municipalityId: string, platform: string, target: string, nowUtc: string): void {
  db.prepare(`UPDATE outbox SET again = 1, updated_at = ? WHERE idempotency_key = ? AND status = 'sending'`).run(nowUtc, key);
  db.prepare(`INSERT INTO outbox (idempotency_key, municipality_id, platform, target_kind, target, payload_json, not_before, due_at, home, created_at, updated_at)
    VALUES (?, ?, ?, 'dm', ?, '{"kind":"home","sections":[]}', ?, ?, 1, ?, ?)
    ON CONFLICT (idempotency_key) DO UPDATE SET status = 'pending', not_before = excluded.not_before, due_at = excluded.due_at, attempts = 0,
      checks = 0, again = 0, last_error = NULL, failure = NULL, reported_at = NULL, lease_owner = NULL, lease_until = NULL, send_started_at = NULL,
      updated_at = excluded.updated_at
    WHERE status NOT IN ('pending', 'sending')`).run(key, municipalityId, platform, target, nowUtc, nowUtc, nowUtc, nowUtc);
}

/** The end of one send of a home row: `sent` (or `expired` when it failed), or pending again when a change came in meanwhile. */
export function finishHome(db: Db, id: number, outcome: { sent: true; messageId?: string; hash: string } | { sent: false; error: string }, nowUtc: string): void {
  const done = outcome.sent ? 'sent' : 'expired';
  db.prepare(`UPDATE outbox SET status = CASE WHEN again = 1 THEN 'pending' ELSE ? END, again = 0,
      not_before = CASE WHEN again = 1 THEN ? ELSE not_before END, due_at = CASE WHEN again = 1 THEN ? ELSE due_at END,
      platform_message_id = COALESCE(?, platform_message_id), content_hash = COALESCE(?, content_hash), last_error = ?,
      attempts = attempts + 1, lease_owner = NULL, lease_until = NULL, updated_at = ? WHERE id = ?`)
    .run(done, nowUtc, nowUtc, outcome.sent ? outcome.messageId ?? null : null, outcome.sent ? outcome.hash : null,
      outcome.sent ? null : outcome.error, nowUtc, id);
}
