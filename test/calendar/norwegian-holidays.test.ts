import { holidaysFromLibrary, norwegianHolidays } from '../../src/calendar/norwegian-holidays';
import { HOLIDAY_TABLE } from '../../src/calendar/norwegian-holiday-table';

/** The table spares start-up the date-holidays library; it must say exactly what the library says. */
describe('Norwegian holidays', () => {
  const years = Object.keys(HOLIDAY_TABLE).map(Number);

  test('the table covers fifty or more consecutive years', () => {
    expect(years.length).toBeGreaterThanOrEqual(50);
    expect(years).toEqual(years.map((_, i) => years[0]! + i));
  });

  test('every year of the table is the library\'s answer (regenerate with npm run holidays:table when date-holidays changes)', () => {
    for (const year of years) {
      const fromTable = Object.fromEntries(HOLIDAY_TABLE[year]!.map(([monthDay, name]) => [`${year}-${monthDay}`, name]));
      expect({ year, holidays: fromTable }).toEqual({ year, holidays: Object.fromEntries(holidaysFromLibrary(year)) });
    }
  });

  test('a date inside the table and one outside it are both answered', () => {
    const calendar = norwegianHolidays();
    const first = years[0]!;
    const last = years.at(-1)!;
    expect(calendar.holidayName(`${first + 7}-05-17`)).toBe('Grunnlovsdagen');
    expect(calendar.holidayName(`${first + 7}-05-18`)).toBeUndefined();
    expect(calendar.holidayName(`${last + 1}-12-25`)).toBe('Første juledag'); // from the library
    expect(calendar.holidayName(`${first - 1}-12-24`)).toBe('Julaften'); // a "bank" day counts: offices close
    expect(calendar.holidayName('2027-03-28')).toBe('Første påskedag');
  });
});
