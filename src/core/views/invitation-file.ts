import { messages } from '../i18n';
import { formatDateTime } from '../i18n/format';
import type { Directory, ForumRef } from '../model/directory';
import type { MeetingRecord } from '../model/records';
import type { View } from '../model/view';
import type { IcsWriter } from '../ports/calendar';
import { calendarEntry } from './calendar-entry';

export type CalendarFile = NonNullable<View['attachment']>;

/**
 * A meeting's .ics as a member receives it: an invitation (REQUEST, its SEQUENCE raised by every
 * change) or, once the meeting is cancelled, a cancellation (CANCEL), with ORGANIZER and ATTENDEE
 * for the people with an e-mail address. Undefined when the bot writes no calendar files.
 */
export function invitationFile(deps: { icsWriter?: IcsWriter; directory: Directory }, ref: ForumRef, mt: MeetingRecord, nowUtc: string): CalendarFile | undefined {
  if (!deps.icsWriter) return undefined;
  const { forum, municipality: m } = ref;
  const method = mt.status === 'cancelled' ? 'CANCEL' : 'REQUEST';
  return {
    filename: `${m.id}-${forum.id}-${mt.date}.ics`,
    contentType: 'text/calendar',
    content: deps.icsWriter(`${m.name}: ${forum.name}`, [calendarEntry(deps.directory, ref, mt, { people: true })], { method, stampUtc: nowUtc }),
    meetingId: mt.id,
    description: messages(m.language).calendarFileDescription(forum.name, formatDateTime(mt.startUtc, m.timeZone, m.language)),
  };
}
