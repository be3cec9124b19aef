import Holidays from 'date-holidays';
import type { HolidayCalendar } from '../core/model/plan';

/**
 * Norwegian public holidays from `date-holidays` (Easter-based days, 17 May, Christmas …).
 * Christmas Eve and New Year's Eve ("bank" days) count too: municipal offices close.
 * We use the library rather than our own Easter computus: it is maintained and covers edge years.
 */
export function norwegianHolidays(): HolidayCalendar {
  const hd = new Holidays('NO');
  const byYear = new Map<number, Map<string, string>>();
  const yearMap = (year: number) => {
    let map = byYear.get(year);
    if (!map) {
      map = new Map();
      for (const h of hd.getHolidays(year)) {
        if (h.type === 'public' || h.type === 'bank') {
          const date = h.date.slice(0, 10);
          if (!map.has(date)) map.set(date, h.name);
        }
      }
      byYear.set(year, map);
    }
    return map;
  };
  return { holidayName: (date) => yearMap(Number(date.slice(0, 4))).get(date) };
}
