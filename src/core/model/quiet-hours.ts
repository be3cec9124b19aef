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

/** The first instant at or after `instantUtc` outside quiet hours, in the municipality's zone. */
export function nextAllowedInstant(instantUtc: string, zone: string, q: QuietHours): string {
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
