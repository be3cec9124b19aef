/** Port: public holidays (implemented with `date-holidays` in src/calendar). */
export interface HolidayCalendar {
  /** the holiday's name when `date` (YYYY-MM-DD) is a public holiday */
  holidayName(date: string): string | undefined;
}
