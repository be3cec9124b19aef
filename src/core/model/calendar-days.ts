/**
 * Local calendar dates (YYYY-MM-DD) as whole days counted from 1970-01-01: the planner's date arithmetic
 * (weekly steps, weekdays, moving a meeting off a holiday) without building a luxon DateTime for every
 * day it looks at. Plain dates have no time zone, so this is exact; times of day stay with luxon (plan.ts).
 */
const DAY_MS = 86_400_000;

export const dayNumber = (date: string): number => Date.parse(`${date}T00:00:00Z`) / DAY_MS;

export const dateOfDay = (day: number): string => new Date(day * DAY_MS).toISOString().slice(0, 10);

/** 1 Monday … 7 Sunday, as luxon's `weekday` */
export const isoWeekday = (day: number): number => ((new Date(day * DAY_MS).getUTCDay() + 6) % 7) + 1;

export const addDays = (date: string, days: number): string => dateOfDay(dayNumber(date) + days);

/** The first day of a month (1..12; 13 is January of the next year) */
export function firstOfMonth(year: number, month: number): number {
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, 1);
  return d.getTime() / DAY_MS;
}
