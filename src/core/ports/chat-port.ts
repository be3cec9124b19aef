import type { Platform } from '../model/municipality';
import type { View } from '../model/view';

/** Where the outbox delivers: the chat platforms, and `graph` (the organisers' Outlook calendars). */
export type DeliveryPlatform = Platform | 'graph';

/** Port: what an adapter offers the core for messages nobody asked for (posts, DMs, edits). */
export interface ChatPort {
  readonly platform: Platform;
  /**
   * Post a view to a channel or as a DM (target id: channel id, or the user's platform id).
   * With `replaceMessageId`, edit that earlier message in place instead. Returns the platform's message id.
   */
  send(target: { kind: 'channel' | 'dm'; id: string }, view: View, replaceMessageId?: string, idempotencyKey?: string, checkpoint?: SendCheckpoint): Promise<string | undefined>;
  /**
   * Optional: whether a message with this idempotency key already reached the platform (its message id),
   * for sends interrupted by a crash. Without it such a send is reported as unknown, never re-posted;
   * when it throws, the outbox asks again a bounded number of times before reporting the send as unknown.
   * `note`: what the interrupted send recorded through its checkpoint (e.g. the id of a file it uploaded).
   */
  findSent?(target: { kind: 'channel' | 'dm'; id: string }, idempotencyKey: string, note?: string): Promise<string | undefined>;
  /**
   * Optional: pin a message the bot posted (View.pin), unpinning `replacing` (the bot's earlier pin of the
   * same group there). Best effort: a refusal is logged; the message stays sent.
   */
  pin?(target: { kind: 'channel' | 'dm'; id: string }, messageId: string, replacing?: string): Promise<void>;
  /** Optional pacing: the least time between two messages to one channel or conversation. */
  readonly minIntervalMs?: number;
}

/**
 * A send in several steps (a Slack file: upload, then share) records what it has done before the step
 * people see, so a send interrupted by a crash can be recognised (ChatPort.findSent gets the note). The
 * outbox stores the note and renews the lease; it throws SendAbandonedError when the send is no longer
 * this worker's (another one took it over): the port must then stop without the visible step.
 */
export type SendCheckpoint = (note: string) => Promise<void>;

/** The send was taken over by another worker (its lease ran out): stop, record nothing. */
export class SendAbandonedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SendAbandonedError';
  }
}

/**
 * Why a message could not be delivered, as the coordinator is told (grouped by it):
 * the bot is not installed there yet, is not (or no longer) in the channel or conversation, the
 * person's account cannot receive messages, the bot's credentials were refused, the platform did
 * not accept it before the delivery bound ran out, a send was interrupted and the platform could not
 * say whether it arrived, or anything else.
 */
import type { DeliveryFailure } from '../model/outcomes';

export type { DeliveryFailure } from '../model/outcomes';

/** A send that will never succeed (channel gone, bot removed or blocked): do not retry. */
export class PermanentSendError extends Error {
  constructor(message: string, readonly reason: DeliveryFailure = 'other') {
    super(message);
    this.name = 'PermanentSendError';
  }
}

/** A send that may succeed later (rate limit, server error); `retryAfterSeconds` from the platform if it said. */
export class RetryableSendError extends Error {
  constructor(message: string, readonly retryAfterSeconds?: number) {
    super(message);
    this.name = 'RetryableSendError';
  }
}
