import type { MeetingRecord } from '../model/records';
import type { PlannedMeeting } from '../model/plan';

/** Someone named in a calendar entry: only people with a configured e-mail address. */
export interface CalendarPerson {
  name: string;
  email: string;
}

/**
 * One meeting as a calendar entry, platform- and format-neutral: the iCalendar writer and the
 * Outlook (Microsoft Graph) adapter both render it. Texts are in the municipality's language.
 */
export interface CalendarEntry {
  /** stable per meeting: a later version (update, cancellation) replaces the same entry */
  uid: string;
  meetingId: string;
  startUtc: string;
  endUtc: string;
  /** the municipality's time zone: entries are shown in it (TZID) */
  timeZone: string;
  summary: string;
  /** plain text, several lines: the referral deadline in local time (or that there is none), standing items, notes */
  description: string;
  location?: string;
  /** raised each time time, place or deadline changes (iCalendar SEQUENCE) */
  sequence: number;
  cancelled: boolean;
  organizer?: CalendarPerson;
  /** forum people with an e-mail address; members and deciders are required, deputies and observers optional */
  attendees: (CalendarPerson & { required: boolean })[];
}

/** A meeting as planned or stored. */
export type EntryMeeting = PlannedMeeting & Partial<Pick<MeetingRecord, 'status' | 'sequence'>>;

/** Port: iCalendar text for entries (REQUEST = invitation or update, CANCEL = cancellation, PUBLISH = a feed or a plan). */
export type IcsWriter = (calendarName: string, entries: readonly CalendarEntry[], opts: { method?: 'REQUEST' | 'CANCEL' | 'PUBLISH'; stampUtc: string }) => string;

/** Port: the URL of a forum's calendar feed (behind an unguessable token). */
export interface CalendarFeeds {
  url(municipalityId: string, forumId: string): string;
}

/** What the organiser's calendar should do with a meeting's event; an adapter (Microsoft Graph) carries it out. */
export type CalendarChange =
  /** create the event, or update it when it exists; `onlineMeeting`: with a Teams link */
  | { kind: 'upsert'; entry: CalendarEntry; onlineMeeting: boolean }
  /** cancel it: the attendees are told, with `comment` */
  | { kind: 'cancel'; meetingId: string; comment: string };

/** An attendee's answer to the invitation, as the core shows it. */
import type { CalendarResponse } from '../model/outcomes';

export type { CalendarResponse } from '../model/outcomes';

/**
 * Port: the organisers' calendars (Outlook through Microsoft Graph). The outbox sends its changes like
 * messages (leases, retries, Retry-After, the delivery bound, reports to the coordinator). Every change
 * is safe to send again after a crash: a create carries an id derived from its outbox key that the
 * calendar uses to refuse a duplicate, an update sets the same fields again, and cancelling an event that
 * is already gone counts as done.
 */
export interface CalendarPort {
  readonly platform: 'graph';
  /** Carry out a change in `organizer`'s calendar (`eventId`: the event to update or cancel; none: create it). Returns the event's id. */
  apply(organizer: string, change: CalendarChange, eventId: string | undefined, key: string): Promise<string | undefined>;
  /** The attendees' answers to an event, by e-mail address. */
  responses(organizer: string, eventId: string): Promise<{ email: string; response: CalendarResponse }[]>;
  /** Optional pacing: the least time between two requests to one organiser's calendar. */
  readonly minIntervalMs?: number;
}
