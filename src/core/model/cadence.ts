import { z } from 'zod';
import { LocalDate, LocalTime, Month, Weekday } from './primitives';

/** One explicitly dated meeting: a date, optionally with its own time, length or place. */
export const DatedMeeting = z.union([
  LocalDate,
  z.object({
    date: LocalDate,
    time: LocalTime.optional(),
    durationMinutes: z.number().int().positive().max(24 * 60).optional(),
    place: z.string().min(1).optional(),
    note: z.string().optional(),
  }).strict(),
]);
export type DatedMeeting = z.infer<typeof DatedMeeting>;

/** nth weekday of a month: 1..5, or -1 for the last one. */
const Nth = z.union([z.literal(-1), z.number().int().min(1).max(5)], {
  error: 'expected 1, 2, 3, 4, 5 or -1 (the last one)',
});

export const CADENCE_KINDS = ['weekly', 'monthly', 'spread', 'dates', 'none'] as const;

const Weekly = z.object({
  kind: z.literal('weekly'),
  /** every N weeks: 1 weekly, 2 every other week, 6 every sixth week */
  every: z.number().int().min(1).max(52).default(1),
  weekday: Weekday,
  /** the first meeting is on the first `weekday` on or after this date */
  anchor: LocalDate,
  until: LocalDate.optional(),
}).strict();

const Monthly = z.object({
  kind: z.literal('monthly'),
  weekday: Weekday,
  nth: Nth.default(1),
  /** months with a meeting; default every month but July */
  months: z.array(Month).nonempty().optional(),
}).strict();

const Spread = z.object({
  kind: z.literal('spread'),
  weekday: Weekday,
  nth: Nth.default(2),
  /** each period repeats every year: `count` meetings spread evenly over its months */
  periods: z.array(z.object({
    months: z.array(Month).nonempty(),
    count: z.number().int().min(1).max(12),
  }).strict().refine((p) => p.count <= p.months.length, 'count must not exceed the number of months'))
    .nonempty(),
}).strict();

const Dates = z.object({
  kind: z.literal('dates'),
  dates: z.array(DatedMeeting).nonempty(),
}).strict();

const NoCadence = z.object({ kind: z.literal('none') }).strict();

export const Cadence = z.discriminatedUnion('kind', [Weekly, Monthly, Spread, Dates, NoCadence], {
  error: (issue) =>
    issue.code === 'invalid_union'
      ? `unknown cadence kind: expected one of ${CADENCE_KINDS.join(', ')}`
      : undefined,
});
export type Cadence = z.infer<typeof Cadence>;
