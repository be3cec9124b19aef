import type { MeetingRecord } from '../model/records';

/** Port: iCalendar text for meetings (REQUEST = invitation or update, CANCEL = cancellation). */
export type IcsWriter = (
  calendarName: string,
  meetings: readonly (MeetingRecord & { forumName: string })[],
  method: 'REQUEST' | 'CANCEL',
) => string;

/** Port: the URL of a forum's calendar feed (behind an unguessable token). */
export interface CalendarFeeds {
  url(municipalityId: string, forumId: string): string;
}
