import { RetryableSendError } from '../core/ports/chat-port';

/**
 * A platform asked to try again later (429 rate limited, or a 5xx with Retry-After): a RetryableSendError
 * that waits the Retry-After it gave (seconds; a missing or unreadable one leaves the outbox's own
 * backoff), marked with the HTTP status so the metrics can count 429s by platform (`isRateLimited`).
 */
export function retryLaterError(message: string, retryAfter: string | number | null | undefined, status = 429): RetryableSendError {
  const after = Number(retryAfter ?? Number.NaN);
  return Object.assign(new RetryableSendError(message, Number.isFinite(after) && after > 0 ? after : undefined), { status });
}

export const isRateLimited = (e: unknown): boolean => (e as { status?: unknown } | null)?.status === 429;
