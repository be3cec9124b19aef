import fc from 'fast-check';
import { DateTime } from 'luxon';
import { utc } from '../../src/core/use-cases/context';

// The store compares instants as text (nowUtc > deadlineUtc, due times, leases): every instant the core
// writes must keep the one format the rows already hold, the one luxon's toISO gave in UTC.
describe('utc (the instant format the core writes)', () => {
  it('is what luxon gave for any instant from year 1 to 9999', () => {
    const first = new Date(0); first.setUTCFullYear(1, 0, 1); first.setUTCHours(0, 0, 0, 0);
    const last = Date.UTC(9999, 11, 31, 23, 59, 59, 999);
    fc.assert(fc.property(fc.integer({ min: first.getTime(), max: last }), (ms) => {
      const d = new Date(ms);
      expect(utc(d)).toBe(DateTime.fromJSDate(d).toUTC().toISO());
    }), { numRuns: 2000 });
  });

  it('keeps milliseconds and the Z of UTC, also at a whole second', () => {
    expect(utc(new Date(Date.UTC(2026, 11, 1, 11, 47, 49)))).toBe('2026-12-01T11:47:49.000Z');
  });

  it('refuses an invalid date instead of writing a text that sorts wrongly', () => {
    expect(() => utc(new Date(Number.NaN))).toThrow();
  });
});
