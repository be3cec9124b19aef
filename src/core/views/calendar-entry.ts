import { type Messages, messages } from '../i18n';
import { formatDateTime } from '../i18n/format';
import type { Directory, ForumRef } from '../model/directory';
import type { CalendarEntry, CalendarPerson, EntryMeeting } from '../ports/calendar';
import { referralRule } from './meeting-view';

const person = (directory: Directory, ref: ForumRef, id: string): CalendarPerson | undefined => {
  const p = directory.member(ref.municipality, id);
  return p?.email ? { name: p.name, email: p.email } : undefined;
};

/** Who organises a forum's meetings in a calendar: its first convener with an e-mail address, else the coordinator if they have one. */
export function calendarOrganizer(directory: Directory, ref: ForumRef): CalendarPerson | undefined {
  const ids = [...directory.conveners(ref.municipality, ref.forum), ref.municipality.coordinator];
  return ids.map((id) => person(directory, ref, id)).find(Boolean);
}

/** The forum's people with an e-mail address as attendees: required unless they are a deputy or an observer. */
export function calendarAttendees(directory: Directory, ref: ForumRef, except?: string): CalendarEntry['attendees'] {
  return directory.forumPeople(ref).flatMap((id) => {
    const p = person(directory, ref, id);
    if (!p || p.email.toLowerCase() === except?.toLowerCase()) return [];
    const role = directory.roleIn(ref, id);
    return [{ ...p, required: role !== 'deputy' && role !== 'observer' }];
  });
}

/** The description of a meeting: the referral deadline in local time (or the rule for a forum without one), standing items, notes. */
export function meetingDescription(directory: Directory, msg: Messages, ref: ForumRef, mt: EntryMeeting): string {
  const { forum, municipality: m } = ref;
  const lines: string[] = [];
  if (mt.status === 'cancelled') lines.push(msg.cancellationText(formatDateTime(mt.startUtc, m.timeZone, m.language)));
  lines.push(forum.referralDeadlineDays === null
    ? referralRule({ msg, directory }, ref)
    : msg.icsDeadline(formatDateTime(mt.deadlineUtc, m.timeZone, m.language)));
  if (mt.movedFrom) lines.push(msg.movedFrom(mt.movedFrom));
  if (mt.note) lines.push(mt.note);
  if (forum.standingItems.length) lines.push(msg.icsStandingItems(forum.standingItems.join(', ')));
  return lines.join('\n');
}

/**
 * A meeting as a calendar entry. `people`: with ORGANIZER and ATTENDEE (invitations); a feed or a plan
 * has none, so a subscription link never spreads the members' addresses.
 */
export function calendarEntry(directory: Directory, ref: ForumRef, mt: EntryMeeting, opts: { people: boolean }): CalendarEntry {
  const m = ref.municipality;
  const msg = messages(m.language);
  const organizer = opts.people ? calendarOrganizer(directory, ref) : undefined;
  return {
    uid: `${mt.id}@slt-bot`,
    meetingId: mt.id,
    startUtc: mt.startUtc,
    endUtc: mt.endUtc,
    timeZone: m.timeZone,
    summary: ref.forum.name,
    description: meetingDescription(directory, msg, ref, mt),
    ...(mt.place ? { location: mt.place } : {}),
    sequence: mt.sequence ?? 0,
    cancelled: mt.status === 'cancelled',
    ...(organizer ? { organizer } : {}),
    attendees: opts.people ? calendarAttendees(directory, ref, organizer?.email) : [],
  };
}
