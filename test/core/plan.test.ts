import fc from 'fast-check';
import { DateTime } from 'luxon';
import { planForum } from '../../src/core/model/plan';
import { nthWeekdayOfMonth, spreadMonths } from '../../src/core/model/cadence-dates';
import { addDays, dateOfDay, dayNumber, isoWeekday } from '../../src/core/model/calendar-days';
import { Municipality } from '../../src/core/model/municipality';
import { fixture, fixtureInput, holidays } from '../helpers';

const oslo = (iso: string) => DateTime.fromISO(iso, { zone: 'utc' }).setZone('Europe/Oslo');

describe('cadence building blocks', () => {
  test('nth weekday of a month, and the last one', () => {
    expect(nthWeekdayOfMonth(2027, 1, 'wednesday', 2)).toBe('2027-01-13');
    expect(nthWeekdayOfMonth(2027, 3, 'wednesday', -1)).toBe('2027-03-31');
    expect(nthWeekdayOfMonth(2027, 12, 'friday', -1)).toBe('2027-12-31');
    expect(nthWeekdayOfMonth(2028, 2, 'tuesday', 5)).toBe('2028-02-29');
    expect(nthWeekdayOfMonth(2027, 2, 'monday', 5)).toBeUndefined();
  });
  test('whole-day arithmetic agrees with luxon for any date from 1900 to 2199: weekday, adding days, and back', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 109_572 }), fc.integer({ min: -800, max: 800 }), (n, days) => {
      const d = DateTime.utc(1900, 1, 1).plus({ days: n });
      const date = d.toISODate()!;
      return dayNumber(date) === d.toMillis() / 86_400_000 && dateOfDay(dayNumber(date)) === date && isoWeekday(dayNumber(date)) === d.weekday
        && addDays(date, days) === d.plus({ days }).toISODate();
    }), { numRuns: 500 });
  });
  test('spreading meetings evenly over months', () => {
    expect(spreadMonths([1, 2, 3, 4, 5, 6], 3)).toEqual([2, 4, 6]);
    expect(spreadMonths([8, 9, 10, 11, 12], 2)).toEqual([9, 11]);
    expect(spreadMonths([1, 2, 3], 3)).toEqual([1, 2, 3]);
  });
});

describe('planForum', () => {
  const m = fixture();
  const team = m.forums[0]!;

  test('every other Wednesday from the anchor, at 09:00 Oslo time, deadline 7 days before', () => {
    const plan = planForum(m, team, '2027-01-01', '2027-02-28', holidays);
    expect(plan.map((p) => p.date)).toEqual(['2027-01-06', '2027-01-20', '2027-02-03', '2027-02-17']);
    expect(plan[0]!.startUtc).toBe('2027-01-06T08:00:00.000Z');
    expect(plan[0]!.endUtc).toBe('2027-01-06T09:30:00.000Z');
    expect(plan[0]!.deadlineUtc).toBe('2026-12-30T08:00:00.000Z');
    expect(plan[0]!.id).toBe('testby/team/2027-01-06');
  });

  test('skip policy drops a meeting on a public holiday; move-next moves it and keeps its id', () => {
    // 2027-03-24 is a Wednesday in this cadence (anchor 2027-01-06 + 11 weeks); Maundy Thursday is 2027-03-25
    const weekly = { ...team, cadence: { kind: 'weekly' as const, every: 1, weekday: 'thursday' as const, anchor: '2027-03-18' } };
    const skip = planForum(m, { ...weekly, holidayPolicy: 'skip' }, '2027-03-18', '2027-04-08', holidays);
    expect(skip.map((p) => p.date)).toEqual(['2027-03-18', '2027-04-01', '2027-04-08']);
    const move = planForum(m, { ...weekly, holidayPolicy: 'move-next' }, '2027-03-18', '2027-04-08', holidays);
    // Thu 25 and Fri 26 (Good Friday) are holidays, Mon 29 is Easter Monday: the meeting moves to Tue 30
    expect(move.map((p) => p.date)).toEqual(['2027-03-18', '2027-03-30', '2027-04-01', '2027-04-08']);
    expect(move[1]!.movedFrom).toBe('2027-03-25');
    expect(move[1]!.id).toBe('testby/team/2027-03-25');
  });

  test('school holidays from the municipality are days off too', () => {
    const mm = fixture({ schoolHolidays: [{ name: 'Vinterferie', from: '2027-03-01', to: '2027-03-05' }] });
    const weekly = { ...team, cadence: { kind: 'weekly' as const, every: 1, weekday: 'wednesday' as const, anchor: '2027-02-24' } };
    expect(planForum(mm, weekly, '2027-02-24', '2027-03-10', holidays).map((p) => p.date)).toEqual(['2027-02-24', '2027-03-10']);
  });

  test('explicit dates with their own time, cancelled dates and extra meetings', () => {
    const f = {
      ...team,
      cadence: { kind: 'dates' as const, dates: ['2027-05-05', { date: '2027-05-12', time: '14:30', durationMinutes: 60 }, '2027-05-19'] },
      cancelledDates: ['2027-05-19'],
      extraMeetings: [{ date: '2027-06-02', place: 'Skolen' }],
    };
    const plan = planForum(m, f, '2027-01-01', '2027-12-31', holidays);
    expect(plan.map((p) => [p.date, oslo(p.startUtc).toFormat('HH:mm'), p.place])).toEqual([
      ['2027-05-05', '09:00', 'Rådhuset'],
      ['2027-05-12', '14:30', 'Rådhuset'],
      ['2027-06-02', '09:00', 'Skolen'],
    ]);
    expect(oslo(plan[1]!.endUtc).toFormat('HH:mm')).toBe('15:30');
  });

  test('a configured deadline time of day', () => {
    const plan = planForum(m, { ...team, deadlineTime: '16:00' }, '2027-01-01', '2027-01-10', holidays);
    expect(oslo(plan[0]!.deadlineUtc).toISO()).toBe('2026-12-30T16:00:00.000+01:00');
  });

  test('both DST switch weeks: local times stay at 09:00, deadlines 7 local days before', () => {
    const weekly = { ...team, cadence: { kind: 'weekly' as const, every: 1, weekday: 'tuesday' as const, anchor: '2027-03-23' } };
    // DST starts Sunday 2027-03-28 (Monday 29th is Easter Monday), ends Sunday 2027-10-31
    const spring = planForum(m, weekly, '2027-03-30', '2027-03-30', holidays)[0]!;
    expect(spring.startUtc).toBe('2027-03-30T07:00:00.000Z'); // CEST
    expect(spring.deadlineUtc).toBe('2027-03-23T08:00:00.000Z'); // CET: 167 hours earlier, same wall time
    const autumn = planForum(m, weekly, '2027-11-02', '2027-11-02', holidays)[0]!;
    expect(autumn.startUtc).toBe('2027-11-02T08:00:00.000Z');
    expect(autumn.deadlineUtc).toBe('2027-10-26T07:00:00.000Z');
  });
});

describe('planner properties', () => {
  const weekdays = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'] as const;
  const arbForum = fc.record({
    every: fc.integer({ min: 1, max: 6 }),
    weekday: fc.constantFrom(...weekdays),
    anchorDay: fc.integer({ min: 0, max: 700 }),
    hour: fc.integer({ min: 0, max: 23 }),
    minute: fc.constantFrom(0, 15, 30, 45),
    days: fc.integer({ min: 0, max: 6 }),
    policy: fc.constantFrom('skip', 'move-next', 'move-previous', 'keep' as const),
    duration: fc.integer({ min: 15, max: 240 }),
  });
  type P = { every: number; weekday: string; anchorDay: number; hour: number; minute: number; days: number; policy: string; duration: number };
  const build = (p: P) => {
    const anchor = DateTime.fromISO('2026-01-01').plus({ days: p.anchorDay }).toISODate()!;
    const time = `${String(p.hour).padStart(2, '0')}:${String(p.minute).padStart(2, '0')}`;
    const input = fixtureInput();
    const forum = { ...input.forums[0]!, cadence: { kind: 'weekly', every: p.every, weekday: p.weekday, anchor }, time, referralDeadlineDays: p.days, holidayPolicy: p.policy, durationMinutes: p.duration };
    const m = Municipality.parse({ ...input, forums: [forum] });
    return { m, f: m.forums[0]! };
  };

  test('deadlines are exactly N days before in local wall time, across DST', () => {
    fc.assert(fc.property(arbForum, (p) => {
      const { m, f } = build(p);
      for (const mt of planForum(m, f, '2026-01-01', '2028-12-31', holidays)) {
        const start = oslo(mt.startUtc);
        const deadline = oslo(mt.deadlineUtc);
        // 02:xx does not exist on the spring-forward day: luxon moves it an hour on, only then may times differ
        if (start.toFormat('HH:mm') !== deadline.toFormat('HH:mm') && p.hour !== 2) return false;
        if (deadline.plus({ days: p.days }).toISODate() !== start.toISODate()) return false;
      }
      return true;
    }), { numRuns: 60 });
  });

  test('under the skip policy no meeting falls on a Norwegian public holiday', () => {
    fc.assert(fc.property(arbForum, (p) => {
      const { m, f } = build({ ...p, policy: 'skip' });
      return planForum(m, f, '2026-01-01', '2028-12-31', holidays).every((mt) => holidays.holidayName(mt.date) === undefined);
    }), { numRuns: 60 });
  });

  test("a meeting's instants are the zone's wall times as luxon computes them, in any zone: start at the local time, end the duration later, deadline N local days before (at the deadline time)", () => {
    const zones = ['Europe/Oslo', 'America/New_York', 'Australia/Lord_Howe', 'Asia/Kathmandu', 'Pacific/Chatham', 'UTC'];
    fc.assert(fc.property(arbForum, fc.constantFrom(...zones), fc.option(fc.tuple(fc.integer({ min: 0, max: 23 }), fc.constantFrom(0, 30, 59))), (p, timeZone, deadlineAt) => {
      const { m, f: plain } = build(p);
      const zoned = { ...m, timeZone };
      const f = deadlineAt ? { ...plain, deadlineTime: `${String(deadlineAt[0]).padStart(2, '0')}:${String(deadlineAt[1]).padStart(2, '0')}` } : plain;
      const utc = (d: DateTime) => d.toUTC().toISO();
      for (const mt of planForum(zoned, f, '2026-01-01', '2028-12-31', holidays)) {
        const start = DateTime.fromISO(`${mt.date}T${f.time}`, { zone: timeZone });
        let deadline = start.minus({ days: p.days });
        if (deadlineAt) deadline = deadline.set({ hour: deadlineAt[0], minute: deadlineAt[1], second: 0, millisecond: 0 });
        if (mt.startUtc !== utc(start) || mt.endUtc !== utc(start.plus({ minutes: p.duration })) || mt.deadlineUtc !== utc(deadline)) return false;
      }
      return true;
    }), { numRuns: 60 });
  });

  test('plans are sorted and never overlap', () => {
    fc.assert(fc.property(arbForum, (p) => {
      const { m, f } = build(p);
      const plan = planForum(m, f, '2026-01-01', '2028-12-31', holidays);
      return plan.every((mt, i) => i === 0 || plan[i - 1]!.endUtc <= mt.startUtc);
    }), { numRuns: 60 });
  });
});
