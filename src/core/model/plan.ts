import type { Forum, Municipality } from './municipality';
import { cadenceSlots, datedSlot, type Slot } from './cadence-dates';
import { addDays, dateOfDay, dayNumber, isoWeekday } from './calendar-days';
import { localDaysBefore, zonedInstant } from './zoned-time';

/** Port: which local dates are public holidays (the wiring supplies Norwegian ones). */
export interface HolidayCalendar {
  /** the holiday's name when `date` (YYYY-MM-DD) is a public holiday */
  holidayName(date: string): string | undefined;
}

export interface PlannedMeeting {
  /** stable id: municipality/forum/date of the cadence slot (kept when a holiday moves the meeting) */
  id: string;
  municipalityId: string;
  forumId: string;
  /** local date the meeting is held */
  date: string;
  startUtc: string;
  endUtc: string;
  /** referral deadline: items must reach the coordinator by this instant (inclusive) */
  deadlineUtc: string;
  place?: string;
  note?: string;
  /** set when the holiday policy moved the meeting away from this date */
  movedFrom?: string;
}

/**
 * An instant in UTC as luxon's `toUTC().toISO()` writes it ("2027-01-06T08:00:00.000Z"), without building a
 * DateTime (a plan of three years has thousands of instants; planning runs at every start).
 */
const utcIso = (epochMs: number): string => new Date(epochMs).toISOString();

/** Why a date is not a working day for meetings, or undefined. */
export function dayOff(m: Municipality, holidays: HolidayCalendar, date: string): string | undefined {
  if (isoWeekday(dayNumber(date)) >= 6) return undefined; // weekends are not holidays; cadences choose their weekday
  const pub = holidays.holidayName(date);
  if (pub) return pub;
  const school = m.schoolHolidays.find((h) => h.from <= date && date <= h.to);
  return school?.name;
}

/** Apply the forum's holiday policy to one cadence slot: the date to hold it on, or undefined to skip. */
function applyHolidayPolicy(m: Municipality, f: Forum, holidays: HolidayCalendar, slot: Slot): Slot | undefined {
  const reason = dayOff(m, holidays, slot.date);
  if (!reason || f.holidayPolicy === 'keep') return slot;
  if (f.holidayPolicy === 'skip') return undefined;
  const step = f.holidayPolicy === 'move-next' ? 1 : -1;
  let day = dayNumber(slot.date);
  for (let i = 0; i < 21; i++) {
    day += step;
    const date = dateOfDay(day);
    if (isoWeekday(day) <= 5 && !dayOff(m, holidays, date)) return { ...slot, date, note: slot.note ?? `flyttet fra ${slot.date} (${reason})` };
  }
  return undefined;
}

/**
 * Start, end and referral deadline (UTC ISO instants) of one meeting slot: the start and the deadline are
 * local wall times in the municipality's zone; the end is `durationMinutes` of elapsed time after the start.
 */
export function meetingTimes(m: Municipality, f: Forum, date: string, time = f.time, durationMinutes = f.durationMinutes) {
  const start = zonedInstant(m.timeZone, date, time); // luxon's DateTime.fromISO(`${date}T${time}`, { zone }), cheaper (zoned-time.ts)
  const times = { startUtc: utcIso(start.ms), endUtc: utcIso(start.ms + durationMinutes * 60_000) };
  // without a referral deadline an item counts for the meeting until the meeting starts
  if (f.referralDeadlineDays === null) return { ...times, deadlineUtc: times.startUtc };
  return { ...times, deadlineUtc: utcIso(localDaysBefore(m.timeZone, start, f.referralDeadlineDays, f.deadlineTime).ms) };
}

/** The slots a forum meets on in [from, to], before their times: each with its stable id, in the planner's order. */
function heldSlots(m: Municipality, f: Forum, from: string, to: string, holidays: HolidayCalendar): { id: string; slot: Slot; held: Slot }[] {
  // widen the window so a slot just outside it that a holiday moves inside is found
  const generated = f.cadence.kind === 'dates'
    ? cadenceSlots(f.cadence, from, to).map((s) => ({ slot: s, held: s as Slot | undefined }))
    : cadenceSlots(f.cadence, addDays(from, -21), addDays(to, 21)).map((s) => ({ slot: s, held: applyHolidayPolicy(m, f, holidays, s) }));
  const extra = f.extraMeetings.map(datedSlot).map((s) => ({ slot: s, held: s as Slot | undefined }));
  const cancelled = new Set(f.cancelledDates);
  const seen = new Set<string>();
  const slots: { id: string; slot: Slot; held: Slot }[] = [];
  for (const { slot, held } of [...generated, ...extra]) {
    if (!held || held.date < from || held.date > to) continue;
    if (cancelled.has(slot.date) || cancelled.has(held.date)) continue;
    let id = `${m.id}/${f.id}/${slot.date}`;
    for (let n = 2; seen.has(id); n++) id = `${m.id}/${f.id}/${slot.date}-${n}`;
    seen.add(id);
    slots.push({ id, slot, held });
  }
  return slots;
}

/**
 * The meetings of one forum whose local date lies in [from, to] (inclusive ISO dates):
 * cadence slots with the holiday policy applied, explicit extra meetings, minus cancelled dates,
 * sorted by start, never overlapping. Pure: same input, same output.
 */
export function planForum(m: Municipality, f: Forum, from: string, to: string, holidays: HolidayCalendar): PlannedMeeting[] {
  const meetings: PlannedMeeting[] = heldSlots(m, f, from, to, holidays).map(({ id, slot, held }) => ({
    id,
    municipalityId: m.id,
    forumId: f.id,
    date: held.date,
    ...meetingTimes(m, f, held.date, held.time, held.durationMinutes),
    ...(held.place ?? f.place ? { place: held.place ?? f.place } : {}),
    ...(held.note ? { note: held.note } : {}),
    ...(held.date !== slot.date ? { movedFrom: slot.date } : {}),
  }));
  meetings.sort((a, b) => a.startUtc.localeCompare(b.startUtc));
  // one forum never meets twice at once: a meeting that starts before the previous one ends is dropped
  let lastEnd = '';
  return meetings.filter((mt) => {
    if (mt.startUtc < lastEnd) return false;
    lastEnd = mt.endUtc;
    return true;
  });
}

const HOUR_MS = 3_600_000;
/**
 * How far a local wall-clock reading (read as if UTC) can be from the instant it stands for: a zone's offset
 * is less than 24 h either way, and a moved clock (a DST gap) shifts a reading by less than 48 h. Two readings
 * further apart than the sum of their distances are in the same order as their instants, in every zone.
 */
const START_SLACK_MS = 24 * HOUR_MS; // a start: one offset
const DEADLINE_SLACK_MS = 5 * 24 * HOUR_MS; // a deadline: days counted from a start that a gap may have moved, then an offset

/** A local date and HH:MM as if UTC (epoch ms of the wall-clock reading) */
const wallMs = (date: string, time: string): number => Date.parse(`${date}T${time}:00Z`);

const gapMessage = (f: Forum, prev: string, cur: string) =>
  `referralDeadlineDays (${f.referralDeadlineDays}) is longer than the gap between the meetings on ${prev} and ${cur}`;

/**
 * A referral deadline that reaches back past the previous meeting makes no sense
 * (an item would be due before the meeting before it). Returns a message, or undefined.
 * The same answer as comparing the planned meetings' instants (planForum), found mostly from the local
 * wall-clock readings: meetings days apart need no time zone to be ordered, so only a deadline that falls
 * within days of the previous meeting's start is turned into an instant (test/core/plan-gap-check.test.ts
 * compares the two on generated forums and zones). Runs for three years at every start.
 */
export function deadlineLongerThanGap(m: Municipality, f: Forum, from: string, to: string, holidays: HolidayCalendar): string | undefined {
  const days = f.referralDeadlineDays;
  if (days === null) return undefined;
  const slots = heldSlots(m, f, from, to, holidays).map(({ held }) => {
    const time = held.time ?? f.time;
    const start = wallMs(held.date, time);
    return { held, start, end: start + (held.durationMinutes ?? f.durationMinutes) * 60_000, deadline: wallMs(addDays(held.date, -days), f.deadlineTime ?? time) };
  });
  slots.sort((a, b) => a.start - b.start);
  // the planner's order and its dropping of overlapping meetings are certain only when starts are far apart
  for (let i = 1; i < slots.length; i++) {
    if (slots[i]!.start - slots[i - 1]!.end <= 2 * START_SLACK_MS) return exactGapCheck(m, f, from, to, holidays);
  }
  const instants = new Map<number, ReturnType<typeof meetingTimes>>();
  const times = (i: number) => {
    let t = instants.get(i);
    if (!t) instants.set(i, (t = meetingTimes(m, f, slots[i]!.held.date, slots[i]!.held.time, slots[i]!.held.durationMinutes)));
    return t;
  };
  for (let i = 1; i < slots.length; i++) {
    const apart = slots[i]!.deadline - slots[i - 1]!.start;
    const before = Math.abs(apart) > DEADLINE_SLACK_MS + START_SLACK_MS ? apart < 0 : times(i).deadlineUtc < times(i - 1).startUtc;
    if (before) return gapMessage(f, slots[i - 1]!.held.date, slots[i]!.held.date);
  }
  return undefined;
}

/** The check on the planned meetings' instants, for forums whose meetings are close together. */
function exactGapCheck(m: Municipality, f: Forum, from: string, to: string, holidays: HolidayCalendar): string | undefined {
  const plan = planForum(m, f, from, to, holidays);
  for (let i = 1; i < plan.length; i++) {
    if (plan[i]!.deadlineUtc < plan[i - 1]!.startUtc) return gapMessage(f, plan[i - 1]!.date, plan[i]!.date);
  }
  return undefined;
}
