import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import { type ChatPort, PermanentSendError, RetryableSendError } from '../core/chat-port';
import type { Clock } from '../core/ports';
import type { OutboxNotifier, OutboxRow } from '../store/outbox';

const BACKOFF_SECONDS = [5, 30, 120, 600, 1800];

export interface DispatchOptions {
  /** who holds the leases (one per process) */
  owner?: string;
  /** how long a claimed row is ours before another worker treats the send as interrupted */
  leaseMs?: number;
  /** told about rows that failed for good or whose outcome is unknown (the wiring reports them to the coordinator) */
  onProblem?: (row: OutboxRow, problem: 'failed' | 'unknown') => void;
  sleep?: (ms: number) => Promise<void>;
}

/**
 * Sends the outbox through the running platforms. Each row is claimed with a lease first, so
 * several workers on one database send each message once; a row interrupted by a crash is checked
 * with the platform (findSent) and never re-posted blindly; retryable failures wait (Retry-After, else
 * exponential backoff); permanent ones stop. Messages to one channel are paced (ChatPort.minIntervalMs).
 */
export class OutboxDispatcher {
  private readonly owner: string;
  private readonly lastSent = new Map<string, number>();

  constructor(private readonly outbox: OutboxNotifier, private readonly ports: readonly ChatPort[], private readonly clock: Clock, private readonly opts: DispatchOptions = {}) {
    this.owner = opts.owner ?? `${process.pid}-${randomUUID().slice(0, 8)}`;
  }

  private nowUtc(): string {
    return DateTime.fromJSDate(this.clock.now()).toUTC().toISO() as string;
  }

  private leaseUntil(): string {
    return DateTime.fromJSDate(this.clock.now()).plus({ milliseconds: this.opts.leaseMs ?? 60_000 }).toUTC().toISO() as string;
  }

  /** One pass over every platform; returns how many messages were delivered. */
  async run(): Promise<number> {
    let sent = 0;
    for (const port of this.ports) {
      await this.recover(port);
      // small batches, so a claimed row never waits long behind others while its lease runs
      for (let batch = this.claim(port); batch.length; batch = this.claim(port)) {
        for (const row of batch) if (await this.send(port, row)) sent++;
      }
    }
    return sent;
  }

  private claim(port: ChatPort): OutboxRow[] {
    return this.outbox.claim(port.platform, this.owner, this.nowUtc(), this.leaseUntil(), 10);
  }

  /** Rows a crashed worker left mid-send: ask the platform whether they arrived. */
  private async recover(port: ChatPort): Promise<void> {
    for (const row of this.outbox.takeInterrupted(port.platform, this.owner, this.nowUtc(), this.leaseUntil())) {
      if (!port.findSent) {
        this.outbox.markUnknown(row.id, this.nowUtc());
        this.opts.onProblem?.(row, 'unknown');
        continue;
      }
      try {
        const id = await port.findSent({ kind: row.targetKind, id: row.target }, row.key);
        if (id) this.outbox.markSent(row.id, id, this.nowUtc());
        else this.outbox.release(row.id, this.nowUtc());
      } catch {
        // the platform could not tell us now; leave the lease to run out and ask again later
      }
    }
  }

  private async pace(port: ChatPort, row: OutboxRow): Promise<void> {
    const gap = port.minIntervalMs ?? 0;
    const key = `${row.platform}:${row.target}`;
    const last = this.lastSent.get(key);
    const wait = last === undefined ? 0 : last + gap - Date.now();
    if (wait > 0) await (this.opts.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms))))(wait);
    this.lastSent.set(key, Date.now());
  }

  private async send(port: ChatPort, row: OutboxRow): Promise<boolean> {
    try {
      const replaceId = row.replacesKey ? this.outbox.messageIdOf(row.replacesKey) : undefined;
      if (row.updateOnly && !replaceId) {
        this.outbox.markNothingToUpdate(row.id, this.nowUtc());
        return false;
      }
      await this.pace(port, row);
      // the lease must outlast the send itself (keep leaseMs above the platform's request timeout)
      if (!this.outbox.renew(row.id, this.owner, this.leaseUntil(), this.nowUtc())) return false;
      const id = await port.send({ kind: row.targetKind, id: row.target }, row.view, replaceId, row.key);
      this.outbox.markSent(row.id, id, this.nowUtc());
      return true;
    } catch (e) {
      const permanent = e instanceof PermanentSendError;
      const wait = e instanceof RetryableSendError && e.retryAfterSeconds !== undefined
        ? e.retryAfterSeconds
        : BACKOFF_SECONDS[Math.min(row.attempts, BACKOFF_SECONDS.length - 1)]!;
      const retryAt = DateTime.fromJSDate(this.clock.now()).plus({ seconds: wait }).toUTC().toISO() as string;
      this.outbox.markFailed(row.id, e instanceof Error ? `${e.name}: ${e.message}`.slice(0, 300) : 'error', permanent, retryAt, this.nowUtc());
      if (permanent) this.opts.onProblem?.(row, 'failed');
      return false;
    }
  }
}

/** One dispatch pass (tests and simple callers). */
export async function dispatchOutbox(outbox: OutboxNotifier, ports: readonly ChatPort[], clock: Clock, opts: DispatchOptions = {}): Promise<number> {
  return new OutboxDispatcher(outbox, ports, clock, opts).run();
}
