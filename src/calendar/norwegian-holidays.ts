import type HolidaysLibrary from 'date-holidays';
import type { HolidayCalendar } from '../core/model/plan';
import { HOLIDAY_TABLE } from './norwegian-holiday-table';

let library: HolidaysLibrary | undefined;

/**
 * Norwegian public holidays of one year from `date-holidays` (Easter-based days, 17 May, Christmas …).
 * Christmas Eve and New Year's Eve ("bank" days) count too: municipal offices close.
 * We use the library rather than our own Easter computus: it is maintained and covers edge years.
 * It is loaded on first use only (it takes a noticeable part of a start-up).
 */
export function holidaysFromLibrary(year: number): Map<string, string> {
  if (!library) {
    const Holidays = require('date-holidays') as typeof HolidaysLibrary;
    library = new Holidays('NO');
  }
  const map = new Map<string, string>();
  for (const h of library.getHolidays(year)) {
    if (h.type === 'public' || h.type === 'bank') {
      const date = h.date.slice(0, 10);
      if (!map.has(date)) map.set(date, h.name);
    }
  }
  return map;
}

/**
 * The holiday calendar the planner uses: the years of HOLIDAY_TABLE (the library's answer, written out by
 * `npm run holidays:table` and checked against the library by a test) without loading the library,
 * any other year from the library.
 */
export function norwegianHolidays(): HolidayCalendar {
  const byYear = new Map<number, Map<string, string>>();
  const yearMap = (year: number) => {
    let map = byYear.get(year);
    if (!map) {
      const row = HOLIDAY_TABLE[year];
      map = row ? new Map(row.map(([monthDay, name]) => [`${year}-${monthDay}`, name])) : holidaysFromLibrary(year);
      byYear.set(year, map);
    }
    return map;
  };
  return { holidayName: (date) => yearMap(Number(date.slice(0, 4))).get(date) };
}
