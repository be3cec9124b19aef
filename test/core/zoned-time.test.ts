import fc from 'fast-check';
import { DateTime, Settings } from 'luxon';
import { meetingTimes } from '../../src/core/model/plan';
import { localDaysBefore, zonedInstant } from '../../src/core/model/zoned-time';
import { fixture } from '../helpers';

/**
 * The planner turns local meeting times into instants without luxon DateTimes (src/core/model/zoned-time.ts);
 * luxon is the oracle: the same instant for every date, time, zone and deadline, including the times the
 * clocks skip or repeat, whatever the current date (luxon's first guess of the offset is today's).
 */
const ZONES = ['Europe/Oslo', 'Europe/London', 'America/New_York', 'America/Havana' /* DST at midnight */, 'America/Santiago', 'America/St_Johns',
  'Australia/Lord_Howe' /* 30-minute DST */, 'Antarctica/Troll' /* 2-hour DST */, 'Pacific/Apia', 'Asia/Kathmandu', 'Africa/Casablanca', 'UTC', 'Etc/GMT+5'];
const pad = (n: number) => String(n).padStart(2, '0');
const byLuxon = (zone: string, date: string, time: string, days: number | null, deadlineTime?: string) => {
  const start = DateTime.fromISO(`${date}T${time}`, { zone });
  if (days === null) return { start: start.toMillis(), deadline: start.toMillis() };
  let deadline = start.minus({ days });
  if (deadlineTime) {
    const [h, mi] = deadlineTime.split(':').map(Number);
    deadline = deadline.set({ hour: h, minute: mi, second: 0, millisecond: 0 });
  }
  return { start: start.toMillis(), deadline: deadline.toMillis() };
};
const byPlanner = (zone: string, date: string, time: string, days: number | null, deadlineTime?: string) => {
  const start = zonedInstant(zone, date, time);
  return { start: start.ms, deadline: days === null ? start.ms : localDaysBefore(zone, start, days, deadlineTime).ms };
};

const arbDate = fc.oneof(
  fc.integer({ min: 0, max: 365 * 6 }).map((n) => DateTime.utc(2024, 1, 1).plus({ days: n }).toISODate()!),
  // the days around the transitions (last Sundays of March and October in Europe, and others' near them)
  fc.record({ y: fc.integer({ min: 2024, max: 2029 }), m: fc.constantFrom(3, 4, 9, 10, 11), d: fc.integer({ min: 1, max: 30 }) })
    .map(({ y, m, d }) => `${y}-${pad(m)}-${pad(d)}`),
  // the days of the changes themselves: Europe's last Sundays of March and October, North America's (and Havana's)
  // second Sunday of March and first of November
  fc.record({ y: fc.integer({ min: 2024, max: 2029 }), which: fc.constantFrom('eu-mar', 'eu-oct', 'us-mar', 'us-nov') }).map(({ y, which }) => {
    const sunday = (month: number, nth: number) => {
      const first = DateTime.utc(y, month, 1);
      const firstSunday = first.plus({ days: (7 - first.weekday) % 7 });
      return nth > 0 ? firstSunday.plus({ weeks: nth - 1 }) : firstSunday.plus({ weeks: 4 }).month === month ? firstSunday.plus({ weeks: 4 }) : firstSunday.plus({ weeks: 3 });
    };
    const d = { 'eu-mar': sunday(3, -1), 'eu-oct': sunday(10, -1), 'us-mar': sunday(3, 2), 'us-nov': sunday(11, 1) }[which];
    return d.toISODate()!;
  }),
);
const arbTime = fc.oneof(
  fc.record({ h: fc.integer({ min: 0, max: 23 }), m: fc.integer({ min: 0, max: 59 }) }),
  fc.record({ h: fc.constantFrom(0, 1, 2, 3, 23), m: fc.constantFrom(0, 15, 30, 45, 59) }),
).map(({ h, m }) => `${pad(h)}:${pad(m)}`);
const arbNow = fc.constantFrom(Date.UTC(2027, 0, 15), Date.UTC(2027, 6, 15), Date.UTC(2026, 2, 29, 1, 30), Date.UTC(2026, 9, 25, 0, 30));

describe('local meeting times to instants, as luxon does', () => {
  const realNow = Settings.now;
  afterEach(() => {
    Settings.now = realNow;
  });

  test('start and referral deadline agree with luxon in every zone, around every DST change (fast-check)', () => {
    fc.assert(fc.property(fc.constantFrom(...ZONES), arbDate, arbTime, fc.option(fc.integer({ min: 0, max: 90 })), fc.option(arbTime, { nil: undefined }), arbNow,
      (zone, date, time, days, deadlineTime, now) => {
        Settings.now = () => now;
        expect({ zone, date, time, days, deadlineTime, now, ...byPlanner(zone, date, time, days, deadlineTime) })
          .toEqual({ zone, date, time, days, deadlineTime, now, ...byLuxon(zone, date, time, days, deadlineTime) });
      }), { numRuns: 3000 });
  });

  test('the times the clocks skip and repeat in Oslo, either side of the year', () => {
    for (const now of [Date.UTC(2027, 0, 15), Date.UTC(2027, 6, 15)]) {
      Settings.now = () => now;
      for (const [date, time] of [['2027-03-28', '02:30'], ['2027-10-31', '02:30'], ['2027-03-28', '03:00'], ['2027-10-31', '01:59']]) {
        for (const days of [null, 0, 1, 7]) {
          for (const deadlineTime of [undefined, '02:30', '12:00']) {
            expect(byPlanner('Europe/Oslo', date!, time!, days, deadlineTime)).toEqual(byLuxon('Europe/Oslo', date!, time!, days, deadlineTime));
          }
        }
      }
    }
  });

  test("a meeting's start, end and deadline in the plan", () => {
    const m = fixture();
    const f = { ...m.forums[0]!, referralDeadlineDays: 3, deadlineTime: '12:00' };
    expect(meetingTimes(m, f, '2027-03-29', '09:00', 90)).toEqual({
      startUtc: '2027-03-29T07:00:00.000Z', // summer time since the day before
      endUtc: '2027-03-29T08:30:00.000Z',
      deadlineUtc: '2027-03-26T11:00:00.000Z', // Friday noon, still winter time
    });
  });
});
