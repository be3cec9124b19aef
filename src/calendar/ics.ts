import ical, { ICalCalendarMethod, ICalEventStatus } from 'ical-generator';
import type { MeetingRecord } from '../core/model/records';
import type { PlannedMeeting } from '../core/model/plan';

export interface IcsMeeting extends PlannedMeeting {
  status?: MeetingRecord['status'];
  sequence?: number;
  forumName: string;
}

/**
 * iCalendar text for meetings. ical-generator handles escaping, line folding and the RFC 5545
 * details we would otherwise get subtly wrong. Times are written in UTC (unambiguous across DST);
 * the UID is the meeting's stable id, so a re-sent invitation updates the same calendar entry.
 */
export function meetingsToIcs(name: string, meetings: readonly IcsMeeting[], method?: 'REQUEST' | 'CANCEL' | 'PUBLISH'): string {
  const cal = ical({ name, prodId: { company: 'SLT', product: 'slt-meeting-bot', language: 'NB' } });
  if (method) cal.method(ICalCalendarMethod[method]);
  for (const m of meetings) {
    cal.createEvent({
      id: `${m.id}@slt-bot`,
      start: new Date(m.startUtc),
      end: new Date(m.endUtc),
      summary: m.forumName,
      description: `Frist for å melde saker: ${m.deadlineUtc}${m.note ? `\n${m.note}` : ''}`,
      ...(m.place ? { location: m.place } : {}),
      sequence: m.sequence ?? 0,
      status: m.status === 'cancelled' ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
      stamp: new Date(m.startUtc),
    });
  }
  return cal.toString();
}
