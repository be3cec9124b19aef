import type { Cadence, DatedMeeting } from './cadence';
import { weekdayNumber, type Weekday } from './primitives';
import { dateOfDay, dayNumber, firstOfMonth, isoWeekday } from './calendar-days';

/** A date a cadence produces, before holidays are applied. All dates are local ISO dates (YYYY-MM-DD). */
export interface Slot {
  date: string;
  time?: string;
  durationMinutes?: number;
  place?: string;
  note?: string;
}

const DEFAULT_MONTHS = [1, 2, 3, 4, 5, 6, 8, 9, 10, 11, 12];

/** The nth (1..5, or -1 = last) `weekday` of a month (a local ISO date), or undefined when the month has no such day. */
export function nthWeekdayOfMonth(year: number, month: number, weekday: Weekday, nth: number): string | undefined {
  const wd = weekdayNumber(weekday);
  if (nth === -1) {
    const last = firstOfMonth(year, month + 1) - 1;
    return dateOfDay(last - ((isoWeekday(last) - wd + 7) % 7));
  }
  const first = firstOfMonth(year, month);
  const d = first + ((wd - isoWeekday(first) + 7) % 7) + (nth - 1) * 7;
  return d >= first && d < firstOfMonth(year, month + 1) ? dateOfDay(d) : undefined;
}

/** Which of `months` get a meeting when `count` meetings are spread evenly over them. */
export function spreadMonths(months: readonly number[], count: number): number[] {
  const sorted = [...new Set(months)].sort((a, b) => a - b);
  const picked: number[] = [];
  for (let i = 0; i < count; i++) {
    const m = sorted[Math.floor(((i + 0.5) * sorted.length) / count)];
    if (m !== undefined) picked.push(m);
  }
  return picked;
}

export const datedSlot = (d: DatedMeeting): Slot => (typeof d === 'string' ? { date: d } : { ...d });

/** Every slot of a cadence whose date lies in [from, to] (inclusive, local ISO dates). */
export function cadenceSlots(cadence: Cadence, from: string, to: string): Slot[] {
  const slots: Slot[] = [];
  switch (cadence.kind) {
    case 'weekly': {
      // in whole days (calendar-days.ts): a plan of three years steps through hundreds of weeks
      const [first, last] = [dayNumber(from), dayNumber(to)];
      const anchor = dayNumber(cadence.anchor);
      const step = cadence.every * 7;
      let d = anchor + ((weekdayNumber(cadence.weekday) - isoWeekday(anchor) + 7) % 7);
      if (d < first) d += Math.floor((first - d) / step) * step;
      const until = cadence.until ? dayNumber(cadence.until) : last;
      for (; d <= last && d <= until; d += step) if (d >= first) slots.push({ date: dateOfDay(d) });
      break;
    }
    case 'monthly':
    case 'spread': {
      for (let y = Number(from.slice(0, 4)); y <= Number(to.slice(0, 4)); y++) {
        const months = cadence.kind === 'monthly'
          ? [...(cadence.months ?? DEFAULT_MONTHS)].sort((a, b) => a - b)
          : cadence.periods.flatMap((p) => spreadMonths(p.months, p.count));
        for (const month of months) {
          const date = nthWeekdayOfMonth(y, month, cadence.weekday, cadence.nth);
          if (date && date >= from && date <= to) slots.push({ date });
        }
      }
      break;
    }
    case 'dates':
      for (const entry of cadence.dates) {
        const s = datedSlot(entry);
        if (s.date >= from && s.date <= to) slots.push(s);
      }
      break;
    case 'none':
      break;
  }
  return slots;
}
