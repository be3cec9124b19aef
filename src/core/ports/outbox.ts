import type { ForumRef } from '../model/directory';
import type { Municipality, Platform } from '../model/municipality';
import type { View } from '../model/view';
import type { CalendarChange } from './calendar';
import type { DeliveryFailure, DeliveryPlatform } from './chat-port';

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

/**
 * pending: waiting to be sent (from `notBefore`); sending: claimed by a worker under a lease;
 * sent, failed (for good, reported), unknown (interrupted, the platform could not say; reported),
 * expired (no longer useful, erased, or an edit of a message never delivered).
 */
export const OUTBOX_STATUSES = ['pending', 'sending', 'sent', 'failed', 'unknown', 'expired'] as const;
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];

/** One message of the durable outbox: to one target on one platform (or one organiser's calendar). */
export interface OutboxMessage {
  id: number;
  /** unique: `<notification key>@<platform>:<target>`; a second enqueue with the same key adds nothing */
  key: string;
  municipalityId: string;
  platform: DeliveryPlatform;
  /** `graph`: the organiser's calendar is the "channel" its event is posted to, `target` the mailbox */
  targetKind: 'channel' | 'dm';
  /** the platform's channel or user id (`graph`: the organiser's mailbox) */
  target: string;
  view: View;
  /** `graph`: the change to the meeting's event (`view` describes it in reports) */
  calendar?: CalendarChange;
  status: OutboxStatus;
  attempts: number;
  /** not sent before this instant (quiet hours, a retry's backoff) */
  notBefore: string;
  /** when the message was first due (after quiet hours): the delivery bound counts from here */
  dueAt: string;
  /** after this instant it is no longer useful: it expires instead of being sent */
  expiresAt?: string;
  platformMessageId?: string;
  /** the key of the message this one edits in place */
  replacesKey?: string;
  /** an edit of the replaced message only: never posted as a new message */
  updateOnly?: boolean;
  lastError?: string;
  /** times an interrupted send was checked with the platform */
  checks: number;
  /** when the send to the platform began (a claimed message without it never reached the platform) */
  sendStartedAt?: string;
  /** what a send in several steps recorded before its visible step (see SendCheckpoint) */
  sendNote?: string;
  failure?: DeliveryFailure;
  /** when the coordinator was told it failed or is unknown */
  reportedAt?: string;
  /** what the coordinator did about it: `resent:<id>` or `done:<member>` */
  resolved?: string;
  leaseUntil?: string;
  /** a person's home view (StoreTx.enqueueHomes): rendered when sent, one row per person and platform, rewritten */
  home: boolean;
  /** a home row: what its last send showed (a hash of the rendered view) */
  contentHash?: string;
  createdAt: string;
  updatedAt: string;
}

/** A message to add to the outbox (StoreTx.enqueueMessage). */
export type NewOutboxMessage = Pick<OutboxMessage, 'key' | 'municipalityId' | 'platform' | 'targetKind' | 'target' | 'view' | 'calendar' | 'notBefore'
  | 'expiresAt' | 'replacesKey' | 'updateOnly' | 'platformMessageId'> & {
  /** default: notBefore */
  dueAt?: string;
  /**
   * Default `pending`. `sent` (with `platformMessageId`) records a message that was delivered outside
   * the outbox (a reply a platform keeps), so that a later edit can name it with `replacesKey`.
   */
  status?: 'pending' | 'sent';
};

/** A message the core wants delivered outside the reply: a channel post or a DM. */
export interface Notification {
  /** unique per logical message; sending the same key twice delivers once */
  key: string;
  to: { kind: 'forum'; ref: ForumRef } | { kind: 'member'; municipality: Municipality; memberId: string }
    /** one channel (a binding announced where it happens, whichever forum the channel belongs to) */
    | { kind: 'channel'; municipality: Municipality; platform: Platform; channelId: string }
    /** an organiser's calendar (Outlook): `calendar` says what to do with the meeting's event; `view` describes it in reports */
    | { kind: 'calendar'; municipality: Municipality; organizer: string };
  view: View;
  /** for a calendar target: the change to the meeting's event (a newer change supersedes one still waiting) */
  calendar?: CalendarChange;
  /** key of an earlier message this one replaces (edit in place instead of re-posting) */
  replaces?: string;
  /** only edit the replaced message; if it was never delivered there, send nothing */
  updateOnly?: boolean;
  /** after this instant the message is no longer useful and is dropped instead of sent */
  expiresUtc?: string;
}

/**
 * Port: where the core's notifications go. The core's notifier (one per transaction) turns a
 * notification into one outbox message per platform target, in the transaction that decided it.
 */
export interface Notifier {
  enqueue(n: Notification): Promise<void>;
  /**
   * Not a message: every person's home view (Slack's App Home) in the municipality needs refreshing.
   * Queued only where a platform shows one (use-cases/home-refresh.ts), one waiting refresh per person
   * (rewritten, never queued twice), rendered when it is sent, not sent when unchanged, never held back
   * by quiet hours.
   */
  enqueueHomes(m: Municipality): Promise<void>;
}

/**
 * The outbox worker's side of the store. Each call is atomic on its own (its own short transaction;
 * never called inside StoreTx work), so several bot instances on one database can run workers at once:
 * a message is claimed by one worker only, under a lease.
 *
 * Ownership rule: a claimed message's lease and outcome are its owner's alone. Every call that changes a
 * claimed message — `renew`, `noteProgress`, `hold`, `finishHome`, `markSent`, `markFailed`,
 * `markNothingToUpdate`, `markUnknown`, `release` — takes the worker's `owner` and changes the message
 * only while it is `sending` under that owner's lease (`lease_owner = owner`, whether or not the lease
 * has run out: until another worker takes it over, it is still the owner's to finish). Otherwise it
 * returns false and changes nothing: another worker took the message over (`takeInterrupted`, after the
 * lease ran out) or already recorded its outcome, and the message is left to that worker. A send that
 * reached the platform but could not be recorded this way is not lost: the worker that took it over asks
 * the platform (ChatPort.findSent, by the message's key and its `sendNote`) before sending anything, or
 * reports it as unknown (a home view or a calendar change is sent again: no duplicate). Only `releaseOwned` (shutting down) changes several claimed messages, all `owner`'s.
 */
export interface OutboxQueue {
  /**
   * First, pending messages whose `expiresAt` is before `nowUtc` (and whose `notBefore` has come)
   * become `expired`. Then claim up to `limit` pending messages of `platform` with `notBefore <= nowUtc`,
   * oldest first (by id), for `owner` until `leaseUntil`: status `sending`, `sendStartedAt` and `sendNote`
   * cleared. Two workers never claim the same message.
   *
   * A channel's messages go out in order, one at a time, whichever instance sends them: a message is
   * claimed only while no other message of its channel (same `platform` and `target`) with a lower id is
   * `pending` or `sending` — not even one waiting for its `notBefore` (quiet hours, a Retry-After). So a
   * claim takes at most one message per channel, and an edit never overtakes the post it edits. A home
   * row (`home`) is no message in a conversation: it neither waits for nor holds back the messages of its
   * channel (the person's DMs), and they do not hold it back.
   */
  claim(platform: DeliveryPlatform, owner: string, nowUtc: string, leaseUntil: string, limit: number): Promise<OutboxMessage[]>;
  /**
   * Extend `owner`'s lease on a message just before sending it and note that its send begins
   * (`sendStartedAt = nowUtc`). False when it is no longer ours (status not `sending` or another owner).
   */
  renew(id: number, owner: string, leaseUntil: string, nowUtc: string): Promise<boolean>;
  /**
   * Pacing of one channel, shared by every instance: `undefined` when a send to (`platform`, `target`)
   * may begin now — the channel's next send may then begin `gapMs` later (recorded) —, otherwise the
   * instant (ISO-8601 UTC) it may begin, and nothing is recorded. `nowUtc` is real time (the worker's
   * wall clock), not the scheduler's clock: pacing is about the platform's rate limits.
   */
  paceChannel(platform: DeliveryPlatform, target: string, gapMs: number, nowUtc: string): Promise<string | undefined>;
  /**
   * A send in several steps records what it has done before its visible step (`sendNote`), and its lease
   * starts anew (`leaseUntil`). False when the message is no longer `owner`'s (status not `sending` or
   * another owner): the send must stop.
   */
  noteProgress(id: number, owner: string, note: string, leaseUntil: string, nowUtc: string): Promise<boolean>;
  /**
   * Messages of `platform` whose sender's lease ran out (`sending` with `leaseUntil < nowUtc`): those
   * whose send never began go straight back to `pending` (owner and lease cleared); the others are
   * taken over by `owner` until `leaseUntil`, each take counting one check (`checks + 1`), and returned
   * (oldest first) with the new count.
   */
  takeInterrupted(platform: DeliveryPlatform, owner: string, nowUtc: string, leaseUntil: string): Promise<OutboxMessage[]>;
  /**
   * The platform message id an edit of `key` must change: the newest `sent` message with this key or
   * replacing it (`replacesKey = key`) that has a platform message id.
   */
  messageIdOf(key: string): Promise<string | undefined>;
  /**
   * The platform message id of the latest other message (`id` excluded) `sent` to the same (platform,
   * target) that is not an edit (`replacesKey` empty) and whose view has `pin.group === group`: the pin a
   * new post of the group replaces.
   */
  pinnedBefore(message: Pick<OutboxMessage, 'id' | 'platform' | 'target'>, group: string): Promise<string | undefined>;
  /**
   * The end of one send of a home row: sent (`messageId`, `hash` of what it showed stored as `contentHash`;
   * also when nothing changed since the last one), or not (`expired`, `lastError`). When a change came in
   * while it was being sent (enqueueHomes marked it), it is `pending` again (notBefore and dueAt: nowUtc)
   * instead. Attempts + 1, owner and lease cleared.
   */
  finishHome(id: number, owner: string, outcome: { sent: true; messageId?: string; hash: string } | { sent: false; error: string }, nowUtc: string): Promise<boolean>;
  /** Delivered: `sent`, attempts + 1, owner cleared. */
  markSent(id: number, owner: string, platformMessageId: string | undefined, nowUtc: string): Promise<boolean>;
  /**
   * A failed attempt (attempts + 1, owner cleared, `lastError`, `notBefore = retryAt`): back to `pending`
   * without `failure`, or `failed` for good with it (to be reported).
   */
  markFailed(id: number, owner: string, error: string, failure: DeliveryFailure | undefined, retryAt: string, nowUtc: string): Promise<boolean>;
  /** An edit whose original was never delivered to this target: `expired`, lastError 'nothing to update', owner cleared. */
  markNothingToUpdate(id: number, owner: string, nowUtc: string): Promise<boolean>;
  /** The platform could not say whether an interrupted send arrived: `unknown`, failure `interrupted`, owner cleared. */
  markUnknown(id: number, owner: string, error: string, nowUtc: string): Promise<boolean>;
  /** Back to `pending` without counting an attempt (owner cleared). */
  release(id: number, owner: string, nowUtc: string): Promise<boolean>;
  /**
   * Not now, and no failure: the worker's own pacing holds a message it claimed (a person's home view
   * rendered less than a second ago, or one that takes long to render). Back to `pending` with
   * `notBefore = notBeforeUtc`, owner and lease cleared; attempts, `lastError`, `failure` and a home row's
   * note of a change that came in meanwhile (see StoreTx.enqueueHomes) are kept, so a real failure later
   * starts at the first step of its backoff. Only `owner`'s claim is held: false, and nothing changed,
   * when the message is no longer `sending` under `owner`'s lease (another worker took it over).
   */
  hold(id: number, owner: string, notBeforeUtc: string, nowUtc: string): Promise<boolean>;
  /** Shutting down: every `sending` message of `owner` except `keep` goes back to `pending` (owner and lease cleared). Returns how many. */
  releaseOwned(owner: string, keep: readonly number[], nowUtc: string): Promise<number>;
  /**
   * Pending messages for a platform not in `running` whose `dueAt` is before `dueBeforeUtc`:
   * `expired` with lastError 'platform not running'. Counts per platform.
   */
  expireNotRunning(running: readonly DeliveryPlatform[], dueBeforeUtc: string, nowUtc: string): Promise<Record<string, number>>;
  /** How many messages are `pending` or `sending` with `dueAt` before `dueBeforeUtc` (readiness). */
  countOverdue(dueBeforeUtc: string): Promise<number>;
  /** Every message, by id (inspection: tests, copying a database, operators). */
  list(): Promise<OutboxMessage[]>;
}
