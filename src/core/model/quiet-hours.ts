import { DateTime } from 'luxon';
import type { Municipality, QuietHours } from './municipality';

const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** True when a local instant falls in quiet hours (which may span midnight) or on a weekend. */
export function isQuiet(t: DateTime, q: QuietHours): boolean {
  if (q.weekends && t.weekday >= 6) return true;
  const m = t.hour * 60 + t.minute;
  const [from, to] = [minutes(q.from), minutes(q.to)];
  if (from === to) return false;
  return from > to ? m >= from || m < to : m >= from && m < to;
}

/**
 * The answer of nextAllowedInstant for the UTC minute last asked about, per zone and quiet hours: quiet
 * hours begin and end on whole local minutes, and every zone's offset is whole minutes, so within one
 * UTC minute an instant is either allowed as it is or waits for the same end of quiet hours. Every
 * command that queues a message asks (the zone arithmetic costs a quarter of a millisecond); a burst of
 * commands in one minute asks once.
 */
const lastMinute = new Map<string, { minute: number; waitUntil: string | undefined }>();

/** The first instant at or after `instantUtc` outside quiet hours, in the municipality's zone. */
export function nextAllowedInstant(instantUtc: string, zone: string, q: QuietHours): string {
  const ms = Date.parse(instantUtc);
  if (Number.isNaN(ms)) return computeNextAllowedInstant(instantUtc, zone, q);
  const minute = Math.floor(ms / 60_000);
  const key = `${zone} ${q.from} ${q.to} ${q.weekends}`;
  let known = lastMinute.get(key);
  if (known?.minute !== minute) {
    const next = computeNextAllowedInstant(new Date(minute * 60_000).toISOString(), zone, q);
    known = { minute, waitUntil: Date.parse(next) > minute * 60_000 ? next : undefined };
    if (lastMinute.size > 1000) lastMinute.clear();
    lastMinute.set(key, known);
  }
  return known.waitUntil ?? new Date(ms).toISOString();
}

/** nextAllowedInstant worked out from the zone's calendar (no memory of earlier answers). */
export function computeNextAllowedInstant(instantUtc: string, zone: string, q: QuietHours): string {
  let t = DateTime.fromISO(instantUtc, { zone: 'utc' }).setZone(zone);
  const [h, mi] = [Number(q.to.slice(0, 2)), Number(q.to.slice(3, 5))];
  for (let i = 0; i < 14 && isQuiet(t, q); i++) {
    let next = t.set({ hour: h, minute: mi, second: 0, millisecond: 0 });
    if (next <= t) next = next.plus({ days: 1 });
    t = next;
  }
  return t.toUTC().toISO() as string;
}

/** When a message the municipality's bot decides now would go out: undefined when at once, else the instant (UTC) after quiet hours. */
export function deferredUntil(nowUtc: string, m: Municipality): string | undefined {
  const next = nextAllowedInstant(nowUtc, m.timeZone, m.quietHours);
  return Date.parse(next) > Date.parse(nowUtc) ? next : undefined;
}
