import type { DeliveryFailure, DeliveryPlatform } from '../core/chat-port';
import type { CalendarChange } from '../core/calendar/calendar-port';
import type { Notification, Notifier } from '../core/commands/types';
import type { Directory } from '../core/directory';
import type { Platform } from '../core/model/municipality';
import { HOME_PLATFORMS } from '../core/home/home-refresh';
import { nextAllowedInstant } from '../core/schedule/quiet-hours';
import type { View } from '../core/views';
import type { Db } from './open-database';
import { enqueueHome, finishHome } from './outbox-home';

export type OutboxStatus = 'pending' | 'sending' | 'sent' | 'failed' | 'unknown' | 'expired';

/**
 * The delivery promise (README "What the bot sends on its own"): while the bot runs, every message
 * ends `sent`, `failed` or `unknown` at the latest `giveUpAfterMs` after it was due (plus one lease and
 * one tick). A retry that would fall later is not made: the message fails and is reported. A send
 * interrupted by a crash is checked with the platform at most `checkTries` times, one lease apart, and
 * then reported as unknown.
 */
export const OUTBOX_BOUNDS = {
  giveUpAfterMs: 2 * 60 * 60_000,
  checkTries: 3,
  leaseMs: 60_000,
} as const;

export interface OutboxRow {
  id: number;
  key: string;
  municipalityId: string;
  platform: DeliveryPlatform;
  /** `graph`: the organiser's calendar is the "channel" its event is posted to, `target` the mailbox */
  targetKind: 'channel' | 'dm';
  target: string;
  view: View;
  /** `graph`: the change to the meeting's event (`view` describes it in reports) */
  calendar?: CalendarChange;
  status: OutboxStatus;
  attempts: number;
  notBefore: string;
  /** when the message was first due (after quiet hours): the delivery bound counts from here */
  dueAt: string;
  expiresAt?: string;
  platformMessageId?: string;
  replacesKey?: string;
  /** an edit of the replaced message only: never posted as a new message */
  updateOnly?: boolean;
  lastError?: string;
  /** times an interrupted send was checked with the platform */
  checks: number;
  /** when the send to the platform began (a claimed row without it never reached the platform) */
  sendStartedAt?: string;
  /** what a send in several steps recorded before its visible step (see SendCheckpoint) */
  sendNote?: string;
  failure?: DeliveryFailure;
  reportedAt?: string;
  resolved?: string;
  leaseUntil?: string;
  /** a person's home view (see outbox-home.ts): rendered when sent, one row per person, rewritten */
  home: boolean;
  /** a home row: what its last send showed (hash of the rendered view) */
  contentHash?: string;
  createdAt: string;
  updatedAt: string;
}

type Row = Record<string, unknown>;
const opt = (v: unknown): string | undefined => (v === null || v === undefined ? undefined : String(v));
export const outboxRowFrom = (r: Row): OutboxRow => {
  const [expiresAt, platformMessageId, replacesKey, lastError, failure, reportedAt, resolved, leaseUntil, sendStartedAt, sendNote, contentHash] =
    [r.expires_at, r.platform_message_id, r.replaces_key, r.last_error, r.failure, r.reported_at, r.resolved, r.lease_until, r.send_started_at, r.send_note, r.content_hash].map(opt);
  return {
    id: Number(r.id),
    key: String(r.idempotency_key),
    municipalityId: String(r.municipality_id),
    platform: r.platform as DeliveryPlatform,
    targetKind: r.target_kind as OutboxRow['targetKind'],
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

const INSERT = `INSERT INTO outbox (idempotency_key, municipality_id, platform, target_kind, target, payload_json, not_before, due_at,
  expires_at, replaces_key, update_only, created_at, updated_at, calendar_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (idempotency_key) DO NOTHING`;

/**
 * The durable outbox. The core's notifications become one row per platform target, written in the
 * same transaction as the decision that caused them; the dispatcher sends them later. The unique
 * idempotency key makes a repeated decision enqueue nothing new. Rows wait out the municipality's
 * quiet hours; a row that is no longer useful by its send time expires instead of being sent.
 */
export class OutboxNotifier implements Notifier {
  /** the platforms this bot runs; messages for others are not queued (undefined: every platform) */
  private running?: ReadonlySet<DeliveryPlatform>;

  constructor(private readonly db: Db, private readonly directory: Directory) {}

  /** Queue messages only for these platforms from now on (main sets what it started). */
  setRunningPlatforms(platforms: readonly DeliveryPlatform[] | undefined): void {
    this.running = platforms ? new Set(platforms) : undefined;
  }

  enqueue(n: Notification, nowUtc: string): void {
    const m = n.to.kind === 'forum' ? n.to.ref.municipality : n.to.municipality;
    const targets: { platform: DeliveryPlatform; kind: 'channel' | 'dm'; target: string }[] = [];
    if (n.to.kind === 'forum') {
      for (const c of this.directory.channelsOf(n.to.ref)) targets.push({ platform: c.platform, kind: 'channel', target: c.channelId });
    } else if (n.to.kind === 'channel') {
      targets.push({ platform: n.to.platform, kind: 'channel', target: n.to.channelId });
    } else if (n.to.kind === 'calendar') {
      targets.push({ platform: 'graph', kind: 'channel', target: n.to.organizer });
    } else {
      const member = this.directory.member(n.to.municipality, n.to.memberId);
      for (const [platform, id] of Object.entries(member?.identities ?? {})) {
        if (id) targets.push({ platform: platform as Platform, kind: 'dm', target: id });
      }
    }
    if (n.home) {
      for (const t of targets) {
        if (HOME_PLATFORMS.some((p) => p === t.platform) && (!this.running || this.running.has(t.platform))) enqueueHome(this.db, `${n.key}@${t.platform}:${t.target}`, m.id, t.platform, t.target, nowUtc);
      }
      return;
    }
    const notBefore = nextAllowedInstant(nowUtc, m.timeZone, m.quietHours);
    const insert = this.db.prepare(INSERT);
    for (const t of targets) {
      if (this.running && !this.running.has(t.platform)) continue;
      const replaces = n.replaces ? `${n.replaces}@${t.platform}:${t.target}` : null;
      // a calendar change supersedes an older one still waiting: the event never shows an outdated version
      if (n.calendar && replaces) {
        this.db.prepare(`UPDATE outbox SET status = 'expired', last_error = 'superseded by a newer change', updated_at = ?
          WHERE replaces_key = ? AND status = 'pending' AND idempotency_key != ?`).run(nowUtc, replaces, `${n.key}@${t.platform}:${t.target}`);
      }
      insert.run(`${n.key}@${t.platform}:${t.target}`, m.id, t.platform, t.kind, t.target, JSON.stringify(n.view), notBefore, notBefore,
        n.expiresUtc ?? null, replaces, n.updateOnly ? 1 : 0, nowUtc, nowUtc, n.calendar ? JSON.stringify(n.calendar) : null);
    }
  }

  /** A copy of an undelivered row as a new message (the coordinator's `resend`); returns its id. */
  insertCopy(row: OutboxRow, key: string, nowUtc: string): number {
    const m = this.directory.municipalities.find((x) => x.id === row.municipalityId);
    const notBefore = m ? nextAllowedInstant(nowUtc, m.timeZone, m.quietHours) : nowUtc;
    const r = this.db.prepare(`${INSERT} RETURNING id`).get(key, row.municipalityId, row.platform, row.targetKind, row.target, JSON.stringify(row.view),
      notBefore, notBefore, null, row.replacesKey ?? null, row.updateOnly ? 1 : 0, nowUtc, nowUtc, row.calendar ? JSON.stringify(row.calendar) : null) as Row | undefined;
    if (!r) throw new Error(`outbox key ${key} exists already`);
    return Number(r.id);
  }

  /**
   * Claim up to `limit` due rows of a platform for `owner` until `leaseUntil`. Atomic (BEGIN
   * IMMEDIATE): two workers on one database never claim the same row.
   */
  claim(platform: DeliveryPlatform, owner: string, nowUtc: string, leaseUntil: string, limit = 50): OutboxRow[] {
    return this.db.transaction(() => {
      this.db.prepare(`UPDATE outbox SET status = 'expired', updated_at = ? WHERE status = 'pending' AND expires_at IS NOT NULL AND expires_at < ? AND not_before <= ?`)
        .run(nowUtc, nowUtc, nowUtc);
      const rows = (this.db.prepare(`SELECT * FROM outbox WHERE platform = ? AND status = 'pending' AND not_before <= ? ORDER BY id LIMIT ?`)
        .all(platform, nowUtc, limit) as Row[]).map(outboxRowFrom);
      const take = this.db.prepare(`UPDATE outbox SET status = 'sending', lease_owner = ?, lease_until = ?, send_started_at = NULL, send_note = NULL, updated_at = ? WHERE id = ? AND status = 'pending'`);
      return rows.filter((r) => take.run(owner, leaseUntil, nowUtc, r.id).changes === 1).map((r) => ({ ...r, status: 'sending' as const }));
    }).immediate();
  }

  /**
   * Extend our lease on a row just before sending it, and note that its send begins. False when it is
   * no longer ours (another worker took it over after our lease ran out): then we must not send it.
   */
  renew(id: number, owner: string, leaseUntil: string, nowUtc: string): boolean {
    return this.db.prepare(`UPDATE outbox SET lease_until = ?, send_started_at = ?, updated_at = ? WHERE id = ? AND status = 'sending' AND lease_owner = ?`)
      .run(leaseUntil, nowUtc, nowUtc, id, owner).changes === 1;
  }

  /**
   * A send in several steps records what it has done before its visible step, and its lease starts
   * anew (the visible step gets a whole lease). False when the row is no longer ours: the send must stop.
   */
  noteProgress(id: number, owner: string, note: string, leaseUntil: string, nowUtc: string): boolean {
    return this.db.prepare(`UPDATE outbox SET send_note = ?, lease_until = ?, updated_at = ? WHERE id = ? AND status = 'sending' AND lease_owner = ?`)
      .run(note, leaseUntil, nowUtc, id, owner).changes === 1;
  }

  /**
   * Rows whose sender's lease ran out (a crash). Those whose send never began go straight back to
   * pending; the others' outcome is unknown and is checked (each take counts as one check).
   */
  takeInterrupted(platform: DeliveryPlatform, owner: string, nowUtc: string, leaseUntil: string): OutboxRow[] {
    return this.db.transaction(() => {
      this.db.prepare(`UPDATE outbox SET status = 'pending', lease_owner = NULL, lease_until = NULL, updated_at = ?
        WHERE platform = ? AND status = 'sending' AND lease_until < ? AND send_started_at IS NULL`).run(nowUtc, platform, nowUtc);
      const rows = (this.db.prepare(`SELECT * FROM outbox WHERE platform = ? AND status = 'sending' AND lease_until < ? ORDER BY id`)
        .all(platform, nowUtc) as Row[]).map(outboxRowFrom);
      const take = this.db.prepare(`UPDATE outbox SET lease_owner = ?, lease_until = ?, checks = checks + 1, updated_at = ? WHERE id = ? AND status = 'sending' AND lease_until < ?`);
      return rows.filter((r) => take.run(owner, leaseUntil, nowUtc, r.id, nowUtc).changes === 1).map((r) => ({ ...r, checks: r.checks + 1 }));
    }).immediate();
  }

  all(): OutboxRow[] {
    return (this.db.prepare('SELECT * FROM outbox ORDER BY id').all() as Row[]).map(outboxRowFrom);
  }

  row(id: number): OutboxRow | undefined {
    const r = this.db.prepare('SELECT * FROM outbox WHERE id = ?').get(id) as Row | undefined;
    return r && outboxRowFrom(r);
  }

  /**
   * The platform message id a replacement must edit: the latest delivered version of the message
   * (a multi-part Slack post may have gained or lost parts with an earlier edit).
   */
  messageIdOf(key: string): string | undefined {
    const r = this.db.prepare(`SELECT platform_message_id FROM outbox WHERE (idempotency_key = ? OR replaces_key = ?) AND status = 'sent'
      AND platform_message_id IS NOT NULL ORDER BY id DESC LIMIT 1`).get(key, key) as Row | undefined;
    return r?.platform_message_id ? String(r.platform_message_id) : undefined;
  }

  /** A home row's send is over: sent (or unchanged since the last one), or dropped after a failure; pending again if a change came meanwhile. */
  finishHome(id: number, outcome: Parameters<typeof finishHome>[2], nowUtc: string): void {
    finishHome(this.db, id, outcome, nowUtc);
  }

  /** The message id of the latest other message sent to this row's target with the same pin group (View.pin): the pin it replaces. */
  pinnedBefore(row: Pick<OutboxRow, 'id' | 'platform' | 'target'>, group: string): string | undefined {
    const r = this.db.prepare(`SELECT platform_message_id FROM outbox WHERE platform = ? AND target = ? AND id <> ? AND status = 'sent'
      AND platform_message_id IS NOT NULL AND replaces_key IS NULL AND instr(payload_json, ?) > 0 ORDER BY id DESC LIMIT 1`)
      .get(row.platform, row.target, row.id, JSON.stringify({ group })) as Row | undefined;
    return r?.platform_message_id ? String(r.platform_message_id) : undefined;
  }

  markSent(id: number, platformMessageId: string | undefined, nowUtc: string): void {
    this.db.prepare(`UPDATE outbox SET status = 'sent', platform_message_id = ?, attempts = attempts + 1, lease_owner = NULL, updated_at = ? WHERE id = ?`)
      .run(platformMessageId ?? null, nowUtc, id);
  }

  /** A failed attempt: back to pending until `retryAt`, or `failed` for good (with its reason, to be reported). */
  markFailed(id: number, error: string, failure: DeliveryFailure | undefined, retryAt: string, nowUtc: string): void {
    this.db.prepare(`UPDATE outbox SET status = ?, last_error = ?, failure = ?, attempts = attempts + 1, not_before = ?, lease_owner = NULL, updated_at = ? WHERE id = ?`)
      .run(failure ? 'failed' : 'pending', error, failure ?? null, retryAt, nowUtc, id);
  }

  /** An edit whose original message was never delivered to this target: nothing to do. */
  markNothingToUpdate(id: number, nowUtc: string): void {
    this.db.prepare(`UPDATE outbox SET status = 'expired', last_error = 'nothing to update', lease_owner = NULL, updated_at = ? WHERE id = ?`).run(nowUtc, id);
  }

  markUnknown(id: number, error: string, nowUtc: string): void {
    this.db.prepare(`UPDATE outbox SET status = 'unknown', failure = 'interrupted', last_error = ?, lease_owner = NULL, updated_at = ? WHERE id = ?`).run(error, nowUtc, id);
  }

  /** Back to pending without counting an attempt (a recovered row that never reached the platform). */
  release(id: number, nowUtc: string): void {
    this.db.prepare(`UPDATE outbox SET status = 'pending', lease_owner = NULL, updated_at = ? WHERE id = ?`).run(nowUtc, id);
  }

  /** Shutting down: every row `owner` claimed and is not sending right now goes back to pending. */
  releaseOwned(owner: string, keep: readonly number[], nowUtc: string): number {
    const kept = keep.length ? `AND id NOT IN (${keep.map(() => '?').join(', ')})` : '';
    return this.db.prepare(`UPDATE outbox SET status = 'pending', lease_owner = NULL, lease_until = NULL, updated_at = ? WHERE status = 'sending' AND lease_owner = ? ${kept}`)
      .run(nowUtc, owner, ...keep).changes;
  }

  /**
   * Messages waiting past their delivery bound for a platform this bot does not run (queued by an older
   * version, or before a platform was turned off): they can never be sent from here, so they expire
   * (a start with a platform briefly missing loses nothing fresh). Counts per platform.
   */
  expireNotRunning(running: readonly DeliveryPlatform[], nowUtc: string): Record<string, number> {
    const list = running.map(() => '?').join(', ');
    const bound = new Date(Date.parse(nowUtc) - OUTBOX_BOUNDS.giveUpAfterMs).toISOString();
    const rows = this.db.prepare(`UPDATE outbox SET status = 'expired', last_error = 'platform not running', updated_at = ?
      WHERE status = 'pending' AND COALESCE(due_at, not_before) < ? ${running.length ? `AND platform NOT IN (${list})` : ''} RETURNING platform`).all(nowUtc, bound, ...running) as Row[];
    const out: Record<string, number> = {};
    for (const r of rows) out[String(r.platform)] = (out[String(r.platform)] ?? 0) + 1;
    return out;
  }

  /** Messages still waiting or sending past their bound (plus `slackMs`): the worker is not doing its job. */
  overdue(nowUtc: string, slackMs: number): number {
    const limit = new Date(Date.parse(nowUtc) - OUTBOX_BOUNDS.giveUpAfterMs - slackMs).toISOString();
    return (this.db.prepare(`SELECT COUNT(*) AS n FROM outbox WHERE status IN ('pending', 'sending') AND COALESCE(due_at, not_before) < ?`).get(limit) as { n: number }).n;
  }
}
