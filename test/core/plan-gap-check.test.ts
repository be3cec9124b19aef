import fc from 'fast-check';
import { DateTime, Settings } from 'luxon';
import { deadlineLongerThanGap, planForum, type HolidayCalendar } from '../../src/core/model/plan';
import { type Forum, Municipality } from '../../src/core/model/municipality';
import { fixtureInput, holidays } from '../helpers';

/**
 * The three-year check at every start (a referral deadline must not reach back past the meeting before) is
 * worked out mostly from wall-clock readings (src/core/model/plan.ts): it must give exactly the answer of
 * comparing the planned meetings' instants, as the check did before, for any forum and time zone.
 */
function byInstants(m: Municipality, f: Forum, from: string, to: string, cal: HolidayCalendar): string | undefined {
  if (f.referralDeadlineDays === null) return undefined;
  const plan = planForum(m, f, from, to, cal);
  for (let i = 1; i < plan.length; i++) {
    if (plan[i]!.deadlineUtc < plan[i - 1]!.startUtc) {
      return `referralDeadlineDays (${f.referralDeadlineDays}) is longer than the gap between the meetings on ${plan[i - 1]!.date} and ${plan[i]!.date}`;
    }
  }
  return undefined;
}

const pad = (n: number) => String(n).padStart(2, '0');
const ZONES = ['Europe/Oslo', 'America/Havana', 'Australia/Lord_Howe', 'Pacific/Apia', 'America/St_Johns', 'Asia/Kathmandu', 'Antarctica/Troll', 'UTC'];
const arbTime = fc.oneof(
  fc.record({ h: fc.integer({ min: 0, max: 23 }), m: fc.constantFrom(0, 15, 30, 45) }),
  fc.record({ h: fc.constantFrom(0, 1, 2, 3, 23), m: fc.constantFrom(0, 30, 59) }),
).map(({ h, m }) => `${pad(h)}:${pad(m)}`);
const arbDay = fc.integer({ min: 0, max: 1100 }).map((n) => DateTime.fromISO('2026-01-01').plus({ days: n }).toISODate()!);
const arbForum = fc.record({
  cadence: fc.oneof(
    fc.record({ kind: fc.constant('weekly'), every: fc.integer({ min: 1, max: 6 }), weekday: fc.constantFrom('monday', 'wednesday', 'friday', 'sunday'), anchor: arbDay }),
    fc.record({ kind: fc.constant('monthly'), weekday: fc.constantFrom('tuesday', 'thursday'), nth: fc.constantFrom(1, 2, -1) }),
  ),
  time: arbTime,
  referralDeadlineDays: fc.option(fc.integer({ min: 0, max: 40 }), { nil: null }),
  deadlineTime: fc.option(arbTime, { nil: undefined }),
  holidayPolicy: fc.constantFrom('skip', 'move-next', 'move-previous', 'keep'),
  durationMinutes: fc.integer({ min: 15, max: 24 * 60 }),
  extraMeetings: fc.array(fc.oneof(arbDay, fc.record({ date: arbDay, time: arbTime })), { maxLength: 4 }),
  cancelledDates: fc.array(arbDay, { maxLength: 3 }),
});

describe('the referral-deadline check over three years', () => {
  const realNow = Settings.now;
  afterEach(() => {
    Settings.now = realNow;
  });
  // luxon reads a repeated wall time (autumn) with today's offset: both halves of the year give other instants
  const arbNow = fc.constantFrom(Date.UTC(2027, 0, 15), Date.UTC(2027, 6, 15));

  test('gives the answer of the planned instants for generated forums in DST-odd zones, summer or winter (fast-check)', () => {
    fc.assert(fc.property(arbForum, fc.constantFrom(...ZONES), arbNow, (p, timeZone, now) => {
      Settings.now = () => now;
      const input = fixtureInput({ timeZone });
      const m = Municipality.parse({ ...input, forums: [{ ...input.forums[0]!, ...p }] });
      const f = m.forums[0]!;
      expect(deadlineLongerThanGap(m, f, '2026-03-01', '2029-02-28', holidays)).toBe(byInstants(m, f, '2026-03-01', '2029-02-28', holidays));
    }), { numRuns: 300 });
  });

  test('a deadline in the hour the clocks repeat: before the previous meeting by the clock, after it in time', () => {
    // two meetings, 31 October (the clocks go back at 03:00) and 7 November 2027, at 02:45; deadline a week before at 02:15
    const input = fixtureInput();
    const forum = { ...input.forums[0]!, cadence: { kind: 'none' }, extraMeetings: ['2027-10-31', '2027-11-07'], time: '02:45', referralDeadlineDays: 7, deadlineTime: '02:15', holidayPolicy: 'keep' };
    const m = Municipality.parse({ ...input, forums: [forum] });
    const f = m.forums[0]!;
    // in summer luxon reads 02:45 on 31 October as its first occurrence (00:45Z); the deadline, counted back from
    // winter time, is 01:15Z: after that meeting's start, although 02:15 is before 02:45 on the clock
    Settings.now = () => Date.UTC(2027, 6, 15);
    expect(byInstants(m, f, '2027-10-01', '2027-11-30', holidays)).toBeUndefined();
    expect(deadlineLongerThanGap(m, f, '2027-10-01', '2027-11-30', holidays)).toBeUndefined();
    // in winter both are read in winter time (01:45Z and 01:15Z): refused
    Settings.now = () => Date.UTC(2027, 0, 15);
    expect(byInstants(m, f, '2027-10-01', '2027-11-30', holidays)).toMatch(/between the meetings on 2027-10-31 and 2027-11-07/);
    expect(deadlineLongerThanGap(m, f, '2027-10-01', '2027-11-30', holidays)).toBe(byInstants(m, f, '2027-10-01', '2027-11-30', holidays));
  });

  test('the boundary: a weekly forum whose deadline is exactly the week (allowed) or a day more (refused), across the DST changes', () => {
    const input = fixtureInput();
    for (const [days, refused] of [[7, false], [8, true]] as const) {
      for (const time of ['09:00', '02:30']) {
        const forum = { ...input.forums[0]!, cadence: { kind: 'weekly', every: 1, weekday: 'sunday', anchor: '2026-03-01' }, time, referralDeadlineDays: days, holidayPolicy: 'keep' };
        const m = Municipality.parse({ ...input, forums: [forum] });
        const got = deadlineLongerThanGap(m, m.forums[0]!, '2026-03-01', '2027-12-31', holidays);
        expect(got).toBe(byInstants(m, m.forums[0]!, '2026-03-01', '2027-12-31', holidays));
        expect(got !== undefined).toBe(refused);
      }
    }
  });
});
