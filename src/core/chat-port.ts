import type { Platform } from './model/municipality';
import type { View } from './views';

/** Port: what an adapter offers the core for messages nobody asked for (posts, DMs, edits). */
export interface ChatPort {
  readonly platform: Platform;
  /**
   * Post a view to a channel or as a DM (target id: channel id, or the user's platform id).
   * With `replaceMessageId`, edit that earlier message in place instead. Returns the platform's message id.
   */
  send(target: { kind: 'channel' | 'dm'; id: string }, view: View, replaceMessageId?: string, idempotencyKey?: string): Promise<string | undefined>;
  /**
   * Optional: whether a message with this idempotency key already reached the platform (its message id),
   * for sends interrupted by a crash. Without it such a send is reported as unknown, never re-posted.
   */
  findSent?(target: { kind: 'channel' | 'dm'; id: string }, idempotencyKey: string): Promise<string | undefined>;
  /** Optional pacing: the least time between two messages to one channel or conversation. */
  readonly minIntervalMs?: number;
}

/** A send that will never succeed (channel gone, bot removed or blocked): do not retry. */
export class PermanentSendError extends Error {
  constructor(message: string) {
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
