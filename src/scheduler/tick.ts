import { DateTime } from 'luxon';
import type { App } from '../app';
import { StorageUnavailableError } from '../core/ports/store';
import { errorSummary } from '../observability/log-redaction';
import type { Log } from '../observability/logger';
import { asNewRequest } from '../observability/request-context';
import type { OutboxDispatcher } from './dispatch-outbox';

export interface TickOptions {
  logger?: Log;
  /** after the outbox was sent: reading the answers to Outlook invitations back */
  after?: () => Promise<unknown>;
  /** told how long each tick took and whether it ended with an error (metrics) */
  observer?: { tick(seconds: number, ok: boolean): void };
}

/**
 * One scheduler tick: take in the bindings and identity links other instances stored, roll the planning horizon forward once a day, decide what is due
 * (core runDue) and send the outbox (and report what could not be delivered), then `after` (reading
 * the answers to Outlook invitations back). The cron and the console both call it. Each tick is a
 * request of its own (its id on its log lines), timed for the observer; an error ending it is logged
 * (a storage fault as one line, anything else with its type and stack, never a text) and thrown on.
 */
export function createTick(app: App, dispatcher: OutboxDispatcher, opts: TickOptions = {}): () => Promise<void> {
  const { logger: log, after, observer } = opts;
  let lastSyncDay = DateTime.fromJSDate(app.clock.now()).toISODate();
  const tick = async () => {
    // nothing is sent from a database file that is gone or was replaced: it would be sent again from the real one
    await app.store.checkAvailable();
    // channels bound and accounts linked on another instance sharing the database count here too
    await app.refreshDirectory();
    const today = DateTime.fromJSDate(app.clock.now()).toISODate();
    if (today !== lastSyncDay) {
      await app.sync();
      lastSyncDay = today;
    }
    const due = await app.runDue();
    for (const key of due.dropped) log?.info({ event: 'schedule.dropped', key }, `dropped (its moment passed before the bot ran; no longer useful): ${key}`);
    await dispatcher.run();
    await after?.();
  };
  return () => asNewRequest({}, async () => {
    const started = performance.now();
    let ok = false;
    try {
      await tick();
      ok = true;
    } catch (e) {
      if (e instanceof StorageUnavailableError) log?.warn({ event: 'scheduler.storage', kind: e.kind }, `scheduler: ${e.message}`);
      else log?.error({ event: 'scheduler.error', err: e }, `scheduler: ${errorSummary(e)}`);
      throw e;
    } finally {
      observer?.tick((performance.now() - started) / 1000, ok);
    }
  });
}

/** How far the demo clock moves between ticks when it is fast-forwarded. */
export const DEMO_STEP_MS = 15 * 60_000;

/**
 * Demo fast-forward (SLT_NOW, `/slt clock +2d`): move the clock in small steps with a tick after
 * each, as if the time had really passed, so a reminder in between is sent at its moment
 * instead of being dropped as missed.
 */
export async function walkDemoClock(clock: { advance(ms: number): void }, ms: number, tick: () => Promise<void>, stepMs = DEMO_STEP_MS): Promise<void> {
  for (let left = ms; left > 0; left -= stepMs) {
    clock.advance(Math.min(stepMs, left));
    await tick();
  }
}
