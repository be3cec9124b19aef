import { DateTime } from 'luxon';
import { type ChatPort, PermanentSendError, RetryableSendError } from '../core/chat-port';
import type { Clock } from '../core/ports';
import type { OutboxNotifier } from '../store/outbox';

const BACKOFF_SECONDS = [5, 30, 120, 600, 1800];

/**
 * Send what is due in the outbox through the platforms that are running.
 * Retryable failures wait (Retry-After when the platform gave one, else exponential backoff);
 * permanent ones stop. Returns how many rows were sent.
 */
export async function dispatchOutbox(outbox: OutboxNotifier, ports: readonly ChatPort[], clock: Clock): Promise<number> {
  let sent = 0;
  for (const port of ports) {
    const nowUtc = () => DateTime.fromJSDate(clock.now()).toUTC().toISO() as string;
    for (const row of outbox.pending(port.platform, nowUtc())) {
      try {
        const replaceId = row.replacesKey ? outbox.messageIdOf(row.replacesKey) : undefined;
        const id = await port.send({ kind: row.targetKind, id: row.target }, row.view, replaceId);
        outbox.markSent(row.id, id, nowUtc());
        sent++;
      } catch (e) {
        const permanent = e instanceof PermanentSendError;
        const wait = e instanceof RetryableSendError && e.retryAfterSeconds !== undefined
          ? e.retryAfterSeconds
          : BACKOFF_SECONDS[Math.min(row.attempts, BACKOFF_SECONDS.length - 1)]!;
        const retryAt = DateTime.fromJSDate(clock.now()).plus({ seconds: wait }).toUTC().toISO() as string;
        outbox.markFailed(row.id, e instanceof Error ? e.name : 'error', permanent, retryAt, nowUtc());
      }
    }
  }
  return sent;
}
