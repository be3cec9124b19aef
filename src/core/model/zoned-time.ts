import { IANAZone, Settings } from 'luxon';

/**
 * Local wall-clock times in a municipality's time zone turned into instants, exactly as luxon does it
 * (`DateTime.fromISO(…, { zone })`, `.minus({ days })`, `.set({ hour, minute })`: the same offset guesses,
 * the same answer in a DST gap or overlap), without building a DateTime for each: the planner turns
 * thousands of meeting times into instants at every start (three years are checked), and a DateTime
 * costs several time-zone look-ups and objects more than the arithmetic below. test/core/zoned-time.test.ts
 * compares every function with luxon itself on generated dates, times and zones.
 */

/** An instant (epoch ms) and the zone's offset there (minutes): its wall clock is `ms + offset` minutes. */
export interface ZonedInstant {
  ms: number;
  offset: number;
}

const MINUTE_MS = 60_000;

/** A wall-clock reading as epoch ms as if it were UTC (luxon's objToLocalTS: days and months may overflow). */
function wallMs(year: number, month: number, day: number, hour: number, minute: number, second: number, millisecond: number): number {
  const ms = Date.UTC(year, month - 1, day, hour, minute, second, millisecond);
  if (year >= 100 || year < 0) return ms;
  const d = new Date(ms); // Date.UTC reads years 0–99 as 1900–1999
  d.setUTCFullYear(year, month - 1, day);
  return d.getTime();
}

/** luxon's fixOffset: the instant of wall clock `local` in `zone`, starting from the offset guess `guess`. */
function fixOffset(zone: IANAZone, local: number, guess: number): ZonedInstant {
  let utc = local - guess * MINUTE_MS;
  const o2 = zone.offset(utc);
  if (o2 === guess) return { ms: utc, offset: guess };
  utc -= (o2 - guess) * MINUTE_MS;
  const o3 = zone.offset(utc);
  if (o2 === o3) return { ms: utc, offset: o2 };
  // a wall time the clocks skip: luxon keeps the earlier offset's reading and shows it in the later offset
  return { ms: local - Math.min(o2, o3) * MINUTE_MS, offset: Math.max(o2, o3) };
}

const hourMinute = (time: string): [number, number] => {
  const [h, m] = time.split(':').map(Number);
  return [h!, m!];
};

/** local `date` (YYYY-MM-DD) at `time` (HH:MM) in `zoneName`: `DateTime.fromISO(`${date}T${time}`, { zone })` */
export function zonedInstant(zoneName: string, date: string, time: string): ZonedInstant {
  const zone = IANAZone.create(zoneName);
  const [y, mo, d] = date.split('-').map(Number);
  const [h, mi] = hourMinute(time);
  return fixOffset(zone, wallMs(y!, mo!, d!, h, mi, 0, 0), zone.offset(Settings.now()));
}

/**
 * `at` moved back `days` local days, then to `time` (HH:MM, seconds 0) on that date when given:
 * `dt.minus({ days }).set({ hour, minute, second: 0, millisecond: 0 })`.
 */
export function localDaysBefore(zoneName: string, at: ZonedInstant, days: number, time?: string): ZonedInstant {
  const zone = IANAZone.create(zoneName);
  const c = new Date(at.ms + at.offset * MINUTE_MS);
  const moved = fixOffset(zone, wallMs(c.getUTCFullYear(), c.getUTCMonth() + 1, c.getUTCDate() - days, c.getUTCHours(), c.getUTCMinutes(), c.getUTCSeconds(), c.getUTCMilliseconds()), at.offset);
  if (!time) return moved;
  const c2 = new Date(moved.ms + moved.offset * MINUTE_MS);
  const [h, mi] = hourMinute(time);
  return fixOffset(zone, wallMs(c2.getUTCFullYear(), c2.getUTCMonth() + 1, c2.getUTCDate(), h, mi, 0, 0), moved.offset);
}
