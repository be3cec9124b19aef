import { DateTime } from 'luxon';
import type { App } from '../app';
import type { OutboxDispatcher } from './dispatch-outbox';

/**
 * One scheduler tick: take in the bindings and identity links other instances stored, roll the planning horizon forward once a day, decide what is due
 * (core runDue) and send the outbox (and report what could not be delivered), then `after` (reading
 * the answers to Outlook invitations back). The cron and the console both call it.
 */
export function createTick(app: App, dispatcher: OutboxDispatcher, log: (line: string) => void, after?: () => Promise<unknown>): () => Promise<void> {
  let lastSyncDay = DateTime.fromJSDate(app.clock.now()).toISODate();
  return async () => {
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
    for (const key of due.dropped) log(`dropped (its moment passed before the bot ran; no longer useful): ${key}`);
    await dispatcher.run();
    await after?.();
  };
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
