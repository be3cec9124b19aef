import { createHash, randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import type { View } from '../core/model/view';
import type { CalendarPort } from '../core/ports/calendar';
import { type ChatPort, type DeliveryFailure, PermanentSendError, RetryableSendError, SendAbandonedError, type SendCheckpoint } from '../core/ports/chat-port';
import type { Clock } from '../core/ports/clock';
import { OUTBOX_BOUNDS, type OutboxMessage, type OutboxQueue } from '../core/ports/outbox';
import { StorageUnavailableError } from '../core/ports/store';
import { isRateLimited } from '../http/rate-limit';
import { errorSummary, textsIn } from '../observability/log-redaction';
import { withRequest } from '../observability/request-context';
import type { Log } from '../observability/logger';
import type { DeliveryObserver } from '../observability/metrics';
import { HomePacing } from './home-pacing';

const BACKOFF_SECONDS = [5, 30, 120, 600, 1800];

export interface DispatchOptions {
  /** who holds the leases (one per process) */
  owner?: string;
  /** how long a claimed row is ours before another worker treats the send as interrupted */
  leaseMs?: number;
  /** after each pass: tell the coordinators about messages that failed or whose outcome is unknown; returns how many were reported */
  report?: () => Promise<number>;
  /** messages waiting for a platform none of the ports serves expire (main: the ports are every platform this bot runs) */
  expireOtherPlatforms?: boolean;
  /** a person's home view as it is now (home rows are rendered when they are sent); undefined: nobody to show it to */
  renderHome?: (row: Pick<OutboxMessage, 'municipalityId' | 'platform' | 'target'>) => Promise<View | undefined>;
  /** told each time a message was delivered (readiness: the worker makes progress) */
  onProgress?: () => void;
  /** told of each delivery and each failed attempt (metrics) */
  observer?: DeliveryObserver;
  sleep?: (ms: number) => Promise<void>;
  logger?: Log;
}

/** What the outbox delivers through: the chat platforms, and the organisers' calendars (Microsoft Graph). */
export type OutboxPort = ChatPort | CalendarPort;
const isCalendar = (p: OutboxPort): p is CalendarPort => 'apply' in p;

/** An error's message, also for errors made in another realm (a native module's error class in a test sandbox). */
const messageOf = (e: unknown): string => {
  const message = (e as { message?: unknown } | null)?.message;
  return typeof message === 'string' ? message : String(e);
};
const errorText = (e: unknown): string => `${(e as { name?: string } | null)?.name ?? 'Error'}: ${messageOf(e)}`.slice(0, 300);
const isBusy = (e: unknown): boolean => e instanceof StorageUnavailableError && e.kind === 'busy';
const realSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * Sends the outbox through the running platforms. Each row is claimed with a lease first, so
 * several workers on one database send each message once; a row interrupted by a crash is checked
 * with the platform (findSent) before anything new is sent and never re-posted blindly; retryable
 * failures wait (Retry-After, else exponential backoff) within the delivery bound; permanent ones stop.
 * Messages to one channel are paced (ChatPort.minIntervalMs), across instances (OutboxQueue.paceChannel). `stop()` ends it cleanly (SIGTERM).
 */
export class OutboxDispatcher {
  private readonly owner: string;
  private readonly leaseMs: number;
  private readonly inFlight = new Set<number>();
  /** per person (platform:target): when their home view may be rendered again (home-pacing.ts) */
  private readonly homePacing = new HomePacing();
  private stopping = false;
  private current?: Promise<number>;

  constructor(private readonly outbox: OutboxQueue, private readonly ports: readonly OutboxPort[], private readonly clock: Clock, private readonly opts: DispatchOptions = {}) {
    this.owner = opts.owner ?? `${process.pid}-${randomUUID().slice(0, 8)}`;
    this.leaseMs = opts.leaseMs ?? OUTBOX_BOUNDS.leaseMs;
  }

  private nowUtc(): string {
    return DateTime.fromJSDate(this.clock.now()).toUTC().toISO() as string;
  }

  private leaseUntil(): string {
    return DateTime.fromJSDate(this.clock.now()).plus({ milliseconds: this.leaseMs }).toUTC().toISO() as string;
  }

  /** A line about the outbox: `outbox: …`, with the row's key and platform as fields (never its text or target's name). */
  private log(level: 'info' | 'warn', event: string, line: string, row?: Pick<OutboxMessage, 'key' | 'platform'>, fields: Record<string, unknown> = {}): void {
    this.opts.logger?.[level]({ event: `outbox.${event}`, ...(row ? { key: row.key, platform: row.platform } : {}), ...fields }, `outbox: ${line}`);
  }

  /**
   * The ownership rule (OutboxQueue): an outcome the store refused, because the row is no longer this
   * worker's (its lease ran out and another worker took it over, or already finished it), is left to the
   * worker that holds it; logged. Returns whether the outcome was recorded.
   */
  private ours(row: OutboxMessage, recorded: boolean, when: string): boolean {
    if (!recorded) this.log('info', 'abandoned', `${row.key}: no longer ours when ${when}; left to the worker that took it over`, row);
    return recorded;
  }

  /** One pass over every platform; returns how many messages were delivered. */
  async run(): Promise<number> {
    if (this.stopping) return 0;
    const pass = this.pass();
    this.current = pass;
    try {
      return await pass;
    } finally {
      if (this.current === pass) this.current = undefined;
    }
  }

  /**
   * Stop claiming; wait up to `graceMs` for the pass under way (the send in flight finishes, rows
   * claimed but not yet sent go back to pending), then release whatever this worker still holds except
   * a send that never finished: that one keeps its lease and is checked with the platform at the next start.
   */
  async stop(graceMs = 10_000): Promise<void> {
    this.stopping = true;
    const current = this.current;
    if (current) {
      let timer: ReturnType<typeof setTimeout> | undefined;
      await Promise.race([current.catch(() => 0), new Promise((r) => { timer = setTimeout(r, graceMs); })]);
      clearTimeout(timer);
    }
    const inFlight = [...this.inFlight];
    const released = await this.outbox.releaseOwned(this.owner, inFlight, this.nowUtc());
    this.log('info', 'stopped', `stopped; released ${released} claimed messages for the next start${inFlight.length ? `; ${inFlight.length} still in flight (checked with the platform at the next start)` : ''}`, undefined, { released, inFlight: inFlight.length });
  }

  private async pass(): Promise<number> {
    if (this.opts.expireOtherPlatforms) await this.expireOtherPlatforms();
    // interrupted sends first, on every platform, before anything new is sent
    for (const port of this.ports) await this.recover(port);
    let sent = await this.sendDue();
    // the reports of this pass go out in it too
    if ((await this.opts.report?.()) && !this.stopping) sent += await this.sendDue();
    return sent;
  }

  private async expireOtherPlatforms(): Promise<void> {
    const bound = new Date(this.clock.now().getTime() - OUTBOX_BOUNDS.giveUpAfterMs).toISOString();
    const expired = await this.outbox.expireNotRunning(this.ports.map((p) => p.platform), bound, this.nowUtc());
    for (const [platform, n] of Object.entries(expired).sort()) {
      this.log('warn', 'expired', `${n} messages for ${platform} expired unsent: ${platform} is not running in this bot (queued by an older version or while it ran)`, undefined, { platform, count: n });
    }
  }

  /** Claim and send small batches, platform after platform in turn, until nothing is due. */
  private async sendDue(): Promise<number> {
    let sent = 0;
    let active = [...this.ports];
    while (active.length && !this.stopping) {
      const busy: OutboxPort[] = [];
      for (const port of active) {
        if (this.stopping) break;
        await this.recover(port); // a lease that ran out during a long backlog is checked before the next batch
        const batch = await this.outbox.claim(port.platform, this.owner, this.nowUtc(), this.leaseUntil(), 10);
        if (!batch.length) continue;
        busy.push(port);
        for (const row of batch) if (await this.send(port, row)) sent++;
      }
      active = busy;
    }
    return sent;
  }

  /**
   * Rows a crashed worker left mid-send: ask the platform whether they arrived, a bounded number of times.
   * A calendar change is safe to send again (see CalendarPort): it goes back to the queue.
   */
  private async recover(port: OutboxPort): Promise<void> {
    for (const row of await this.outbox.takeInterrupted(port.platform, this.owner, this.nowUtc(), this.leaseUntil())) {
      if (row.home) {
        // a home view is published, not posted: publishing it once more shows the same, never a duplicate
        this.ours(row, await this.outbox.release(row.id, this.owner, this.nowUtc()), 'it was to be published again');
        continue;
      }
      if (isCalendar(port)) {
        if (this.ours(row, await this.outbox.release(row.id, this.owner, this.nowUtc()), 'it was to be sent again')) {
          this.log('info', 'interrupted', `${row.key} was interrupted; it is sent again (the calendar refuses a duplicate)`, row);
        }
        continue;
      }
      if (!port.findSent) {
        await this.unknown(row, `${port.platform} cannot tell whether it arrived`);
        continue;
      }
      try {
        const id = await port.findSent({ kind: row.targetKind, id: row.target }, row.key, row.sendNote);
        if (id) {
          if (this.ours(row, await this.persist(() => this.outbox.markSent(row.id, this.owner, id, this.nowUtc())), 'it was found on the platform')) {
            this.log('info', 'recovered', `${row.key} had arrived before the interruption: recorded as sent`, row);
          }
        } else {
          this.ours(row, await this.outbox.release(row.id, this.owner, this.nowUtc()), 'the platform said it had not arrived');
        }
      } catch (e) {
        const overdue = this.clock.now().getTime() > Date.parse(row.dueAt) + OUTBOX_BOUNDS.giveUpAfterMs;
        if (row.checks >= OUTBOX_BOUNDS.checkTries || overdue) {
          await this.unknown(row, `${port.platform} could not be asked whether it arrived (${row.checks} checks; last: ${errorText(e)})`);
        } else {
          this.log('warn', 'check-failed', `could not check whether ${row.key} arrived (check ${row.checks} of ${OUTBOX_BOUNDS.checkTries}: ${errorSummary(e)}); asking again in ${Math.round(this.leaseMs / 1000)} s`, row, { err: e });
        }
      }
    }
  }

  private async unknown(row: OutboxMessage, why: string): Promise<void> {
    if (!this.ours(row, await this.outbox.markUnknown(row.id, this.owner, why, this.nowUtc()), 'it was to be reported as unknown')) return;
    this.opts.observer?.failed(row.platform, 'unknown', false);
    this.log('warn', 'unknown', `${row.key} is unknown: ${why}; reported to the coordinator, not sent again`, row);
  }

  /**
   * Wait until a send to the row's channel may begin (ChatPort.minIntervalMs), as recorded in the store
   * for every instance. Real time: the platforms' rate limits are. After a sleep, "now" is at least the
   * instant slept until (a test's sleep returns at once).
   */
  private async pace(port: OutboxPort, row: OutboxMessage): Promise<void> {
    const gap = port.minIntervalMs ?? 0;
    if (!gap) return;
    let now = Date.now();
    for (let turn = 0; turn < 10 && !this.stopping; turn++) {
      const notBefore = await this.outbox.paceChannel(row.platform, row.target, gap, new Date(now).toISOString());
      if (notBefore === undefined) return;
      const until = Date.parse(notBefore);
      // (the instant may have passed while it was asked for: never a negative timeout, which Node 24 warns about)
      await (this.opts.sleep ?? realSleep)(Math.max(0, until - Date.now()));
      now = Math.max(Date.now(), until);
    }
  }

  /**
   * A write after a send that reached the platform must not be lost to a briefly locked database
   * (another instance writing): it is retried for a while without blocking the process.
   */
  private async persist<T>(write: () => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await write();
      } catch (e) {
        if (!isBusy(e) || attempt >= 50) throw e;
        await realSleep(200);
      }
    }
  }

  private async send(port: OutboxPort, row: OutboxMessage): Promise<boolean> {
    if (this.stopping) {
      this.ours(row, await this.outbox.release(row.id, this.owner, this.nowUtc()), 'it was to be released (stopping)');
      return false;
    }
    if (row.home) return this.sendHome(port, row);
    let replaceId: string | undefined;
    try {
      replaceId = row.replacesKey ? await this.outbox.messageIdOf(row.replacesKey) : undefined;
    } catch (e) {
      await this.failed(row, e);
      return false;
    }
    if (row.updateOnly && !replaceId) {
      this.ours(row, await this.outbox.markNothingToUpdate(row.id, this.owner, this.nowUtc()), 'it was found to have nothing to update');
      return false;
    }
    let posted: string | undefined;
    const sent = await this.sendClaimed(port, row, row.view, replaceId, (id) => {
      posted = id;
      return this.outbox.markSent(row.id, this.owner, id, this.nowUtc());
    });
    if (sent && posted && !replaceId && row.view.pin) await this.pin(port, row, posted, row.view.pin.group);
    return sent;
  }

  /** Pin a new post that asks for it, in place of the earlier pin of its group there; a refusal is logged, the post stays sent. */
  private async pin(port: OutboxPort, row: OutboxMessage, messageId: string, group: string): Promise<void> {
    if (isCalendar(port) || !port.pin) return;
    try {
      await port.pin({ kind: row.targetKind, id: row.target }, messageId, await this.outbox.pinnedBefore(row, group));
    } catch (e) {
      this.log('warn', 'pin-failed', `${row.key} was sent but could not be pinned (${errorSummary(e)})`, row, { err: e });
    }
  }

  /**
   * A person's home view: rendered now, so it shows the state of this moment; not sent when it is what
   * the last send showed. A failure drops this refresh (logged, not reported): the person gets a fresh
   * view whenever they open it, and the next change queues one again.
   */
  private async sendHome(port: OutboxPort, row: OutboxMessage): Promise<boolean> {
    const person = `${row.platform}:${row.target}`;
    const clockNow = this.clock.now().getTime();
    const { wait, slow } = this.homePacing.waitMs(person, clockNow, Date.now());
    if (wait > 0) {
      // not now: pending again a little later (the refresh shows the state of that moment). Held, not
      // failed: no attempt counted, so a real failure later starts at the first step of its backoff
      const until = new Date(clockNow + wait).toISOString();
      if (this.ours(row, await this.outbox.hold(row.id, this.owner, until, this.nowUtc()), 'it was to be held')) {
        this.opts.logger?.debug({ event: 'outbox.home-held', key: row.key, platform: row.platform, waitMs: wait }, `outbox: ${row.key} is held for ${wait} ms (${
          slow ? 'the home view takes long to render' : 'the home view was rendered less than a second ago'})`);
      }
      return false;
    }
    const started = Date.now();
    const view = await this.opts.renderHome?.(row);
    this.homePacing.note(person, started, clockNow, Date.now() - started);
    if (!view) {
      this.ours(row, await this.outbox.finishHome(row.id, this.owner, { sent: false, error: 'nobody to show it to' }, this.nowUtc()), 'it was found to have nobody to show it to');
      return false;
    }
    const hash = createHash('sha256').update(JSON.stringify(view)).digest('hex');
    if (hash === row.contentHash) {
      this.ours(row, await this.outbox.finishHome(row.id, this.owner, { sent: true, hash }, this.nowUtc()), 'it was found unchanged');
      return false;
    }
    return this.sendClaimed(port, row, view, undefined, (id) => this.outbox.finishHome(row.id, this.owner, { sent: true, hash, ...(id ? { messageId: id } : {}) }, this.nowUtc()));
  }

  /**
   * Send a claimed row (paced, lease renewed, noted in flight) and record the outcome with `record` (false: the row is no
   * longer ours; see `ours`); a failure is retried or ends it.
   * The message's texts (and an Outlook event's) are masked in every log line written meanwhile (a platform's error may quote what it was sent).
   */
  private sendClaimed(port: OutboxPort, row: OutboxMessage, view: View, replaceId: string | undefined, record: (messageId: string | undefined) => Promise<boolean>): Promise<boolean> {
    return withRequest({ userTexts: textsIn([view, row.calendar]) }, () => this.sendClaimedNow(port, row, view, replaceId, record));
  }

  private async sendClaimedNow(port: OutboxPort, row: OutboxMessage, view: View, replaceId: string | undefined, record: (messageId: string | undefined) => Promise<boolean>): Promise<boolean> {
    let delivered: string | undefined | false = false;
    try {
      await this.pace(port, row);
      // the lease must outlast the send itself (keep leaseMs above the platform's request timeout)
      if (this.stopping) {
        this.ours(row, await this.outbox.release(row.id, this.owner, this.nowUtc()), 'it was to be released (stopping)');
        return false;
      }
      if (!this.ours(row, await this.outbox.renew(row.id, this.owner, this.leaseUntil(), this.nowUtc()), 'its send was to begin')) return false;
      this.inFlight.add(row.id);
      try {
        delivered = isCalendar(port)
          ? await port.apply(row.target, calendarChange(row), replaceId, row.key)
          : await port.send({ kind: row.targetKind, id: row.target }, view, replaceId, row.key, this.checkpoint(row));
      } finally {
        this.inFlight.delete(row.id);
      }
      // delivered, but no longer ours to record (our lease ran out during the send and another worker took
      // the row over): that worker's recovery asks the platform (findSent, by the row's key and its send
      // note) before sending anything and records it as sent, or reports it as unknown where the platform
      // cannot tell; a home view or a calendar change it simply sends again (the same view; Graph refuses a duplicate)
      this.ours(row, await this.persist(() => record(delivered || undefined)), 'its delivery was to be recorded (it was delivered)');
      this.opts.observer?.sent(port.platform);
      this.opts.logger?.debug({ event: 'outbox.sent', key: row.key, platform: row.platform }, `outbox: ${row.key} sent`);
      this.opts.onProgress?.();
      return true;
    } catch (e) {
      if (delivered !== false) throw e; // sent, but the database refused to record it: the lease runs out and the send is checked
      if (e instanceof SendAbandonedError) {
        this.log('info', 'abandoned', `${row.key}: ${e.message}; left to the worker that took it over`, row);
        return false;
      }
      await this.failed(row, e);
      return false;
    }
  }

  /** A send in several steps notes its progress before its visible step; a send that is no longer ours stops there. */
  private checkpoint(row: OutboxMessage): SendCheckpoint {
    return async (note) => {
      const ours = await this.persist(() => this.outbox.noteProgress(row.id, this.owner, note, this.leaseUntil(), this.nowUtc()));
      if (!ours) throw new SendAbandonedError('its lease ran out before the step people see');
    };
  }

  private async failed(row: OutboxMessage, e: unknown): Promise<void> {
    const wait = e instanceof RetryableSendError && e.retryAfterSeconds !== undefined
      ? e.retryAfterSeconds
      : BACKOFF_SECONDS[Math.min(row.attempts, BACKOFF_SECONDS.length - 1)]!;
    const retryAt = DateTime.fromJSDate(this.clock.now()).plus({ seconds: wait }).toUTC();
    const giveUpAt = Date.parse(row.dueAt) + OUTBOX_BOUNDS.giveUpAfterMs;
    const failure: DeliveryFailure | undefined = e instanceof PermanentSendError ? e.reason : retryAt.toMillis() > giveUpAt ? 'gave-up' : undefined;
    this.opts.observer?.failed(row.platform, failure ?? 'retry', isRateLimited(e));
    if (row.home && failure) {
      if (!this.ours(row, await this.outbox.finishHome(row.id, this.owner, { sent: false, error: errorText(e) }, this.nowUtc()), `its failed attempt was to be recorded (${errorSummary(e)})`)) return;
      this.log('warn', 'home-failed', `${row.key}: the home view could not be published (${failure}: ${errorSummary(e)}); it is published again at the next change or when the person opens it`, row, { cause: failure });
      return;
    }
    if (!this.ours(row, await this.outbox.markFailed(row.id, this.owner, errorText(e), failure, retryAt.toISO() as string, this.nowUtc()), `its failed attempt was to be recorded (${errorSummary(e)})`)) return;
    if (failure) this.log('warn', 'failed', `${row.key} failed (${failure}: ${errorSummary(e)}); reported to the coordinator`, row, { cause: failure });
    else this.opts.logger?.info({ event: 'outbox.retry', key: row.key, platform: row.platform, attempts: row.attempts + 1, waitSeconds: wait, rateLimited: isRateLimited(e) }, `outbox: ${row.key} is tried again in ${wait} s (${errorSummary(e)})`);
  }
}

function calendarChange(row: OutboxMessage) {
  if (!row.calendar) throw new PermanentSendError(`${row.key} has no calendar change`);
  return row.calendar;
}

/** One dispatch pass (tests and simple callers). */
export async function dispatchOutbox(outbox: OutboxQueue, ports: readonly OutboxPort[], clock: Clock, opts: DispatchOptions = {}): Promise<number> {
  return new OutboxDispatcher(outbox, ports, clock, opts).run();
}
