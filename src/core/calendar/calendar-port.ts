import type { CalendarEntry } from './calendar-entry';

/** What the organiser's calendar should do with a meeting's event; an adapter (Microsoft Graph) carries it out. */
export type CalendarChange =
  /** create the event, or update it when it exists; `onlineMeeting`: with a Teams link */
  | { kind: 'upsert'; entry: CalendarEntry; onlineMeeting: boolean }
  /** cancel it: the attendees are told, with `comment` */
  | { kind: 'cancel'; meetingId: string; comment: string };

/** An attendee's answer to the invitation, as the core shows it. */
export type CalendarResponse = 'accepted' | 'tentative' | 'declined' | 'none';

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
