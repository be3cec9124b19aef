import fc from 'fast-check';
import { computeNextAllowedInstant, nextAllowedInstant } from '../../src/core/model/quiet-hours';
import type { QuietHours } from '../../src/core/model/municipality';

// nextAllowedInstant remembers its answer for the last UTC minute per zone and quiet hours (issue 18):
// whatever order instants come in, in whichever zones and quiet hours, the answer is the one worked out
// from the calendar.
const hhmm = fc.tuple(fc.integer({ min: 0, max: 23 }), fc.constantFrom(0, 15, 30, 59)).map(([h, m]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`);
const quiet = fc.record({ from: hhmm, to: hhmm, weekends: fc.boolean() }) as fc.Arbitrary<QuietHours>;
const zone = fc.constantFrom('Europe/Oslo', 'UTC', 'America/St_Johns', 'Asia/Kathmandu', 'Pacific/Chatham');
// instants around DST changes and weekends, many in the same minute (the remembered case)
const base = fc.constantFrom(Date.parse('2027-03-28T00:59:00Z'), Date.parse('2027-10-31T00:58:30Z'), Date.parse('2027-01-08T18:59:10Z'), Date.parse('2027-01-10T06:00:00Z'));
const instant = fc.tuple(base, fc.integer({ min: 0, max: 3 * 60_000 }), fc.constantFrom(0, 0, 0, 417)).map(([b, d, extra]) => new Date(b + d + extra).toISOString());

test('the remembered answer is the calendar\'s, for any order of instants, zones and quiet hours', () => {
  fc.assert(fc.property(fc.array(fc.tuple(instant, zone, quiet), { minLength: 1, maxLength: 30 }), (asks) => {
    for (const [at, z, q] of asks) expect(nextAllowedInstant(at, z, q)).toBe(computeNextAllowedInstant(at, z, q));
  }), { numRuns: 150 });
});

test('an instant in quiet hours waits for their end; one outside them goes at once', () => {
  const q: QuietHours = { from: '20:00', to: '07:00', weekends: true };
  expect(nextAllowedInstant('2027-01-07T21:30:12.345Z', 'Europe/Oslo', q)).toBe('2027-01-08T06:00:00.000Z');
  expect(nextAllowedInstant('2027-01-07T21:30:40.000Z', 'Europe/Oslo', q)).toBe('2027-01-08T06:00:00.000Z');
  expect(nextAllowedInstant('2027-01-07T12:30:12.345Z', 'Europe/Oslo', q)).toBe('2027-01-07T12:30:12.345Z');
  expect(nextAllowedInstant('2027-01-07T12:30:12.345Z', 'UTC', { from: '12:00', to: '13:00', weekends: false })).toBe('2027-01-07T13:00:00.000Z');
});
