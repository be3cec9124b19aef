/** Port: public holidays (implemented with `date-holidays` in src/calendar); the planner's input, declared with it. */
export type { HolidayCalendar } from '../model/plan';
