import ical, { ICalAttendeeRole, ICalAttendeeStatus, ICalCalendarMethod, ICalEventStatus } from 'ical-generator';
import { DateTime } from 'luxon';
import { tzlib_get_ical_block } from 'timezones-ical-library';
import type { CalendarEntry, IcsWriter } from '../core/ports/calendar';

/**
 * The VTIMEZONE of an IANA zone, named as asked. The library gives a linked zone under its target's
 * name (Europe/Oslo is a link to Europe/Berlin: the same rules), so the name is set back to the one the
 * entries' TZID parameters use. Undefined for a zone the library does not know.
 */
function vtimezone(zone: string): string | undefined {
  const block = (tzlib_get_ical_block(zone) as string[])[0];
  if (!block?.startsWith('BEGIN:VTIMEZONE')) return undefined;
  return block
    .replace(/^TZID:.*$/m, `TZID:${zone}`)
    .replace(/^X-LIC-LOCATION:.*$/m, `X-LIC-LOCATION:${zone}`)
    .split(/\r?\n/).filter(Boolean).join('\r\n');
}

/** vtimezone, worked out once per zone: the library builds the block anew on every call (half a
 *  millisecond), and the first tick after a start writes an invitation file per meeting and person. */
const vtimezones = new Map<string, string | undefined>();
function vtimezoneOnce(zone: string): string | undefined {
  if (!vtimezones.has(zone)) vtimezones.set(zone, vtimezone(zone));
  return vtimezones.get(zone);
}

/**
 * iCalendar text for calendar entries. ical-generator handles escaping, line folding and the RFC 5545
 * details we would otherwise get subtly wrong. Start and end carry `TZID=<the municipality's zone>`
 * with its VTIMEZONE (a calendar shows the meeting at its local time on both sides of a daylight-saving
 * switch); DTSTAMP is UTC. The UID is the meeting's stable id and SEQUENCE its version, so an update or
 * a cancellation replaces the entry the invitation made. ORGANIZER and ATTENDEE lines appear only for
 * people with an e-mail address (entries built for invitations).
 */
export const meetingsToIcs: IcsWriter = (name, entries, opts) => {
  const cal = ical({ name, prodId: { company: 'SLT', product: 'slt-meeting-bot', language: 'NB' } });
  if (opts.method) cal.method(ICalCalendarMethod[opts.method]);
  const stamp = DateTime.fromISO(opts.stampUtc, { zone: 'utc' });
  const zones = new Map<string, string | undefined>();
  for (const e of entries) {
    if (!zones.has(e.timeZone)) zones.set(e.timeZone, vtimezoneOnce(e.timeZone));
    const zone = zones.get(e.timeZone) ? e.timeZone : undefined;
    const at = (iso: string) => (zone ? DateTime.fromISO(iso, { zone: 'utc' }).setZone(zone) : new Date(iso));
    cal.createEvent({
      id: e.uid,
      start: at(e.startUtc),
      end: at(e.endUtc),
      ...(zone ? { timezone: zone } : {}),
      summary: e.summary,
      description: e.description,
      ...(e.location ? { location: e.location } : {}),
      sequence: e.sequence,
      status: e.cancelled ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
      stamp,
      ...(e.organizer ? { organizer: { name: e.organizer.name, email: e.organizer.email } } : {}),
      attendees: entriesAttendees(e),
    });
  }
  const text = cal.toString();
  // each zone's VTIMEZONE before the first event (the calendar itself has no zone: DTSTAMP stays UTC)
  const blocks = [...zones.values()].filter((b): b is string => Boolean(b));
  return blocks.length ? text.replace('BEGIN:VEVENT', `${blocks.join('\r\n')}\r\nBEGIN:VEVENT`) : text;
};

function entriesAttendees(e: CalendarEntry) {
  return e.attendees.map((a) => ({
    name: a.name, email: a.email, rsvp: false, status: ICalAttendeeStatus.NEEDSACTION,
    role: a.required ? ICalAttendeeRole.REQ : ICalAttendeeRole.OPT,
  }));
}
