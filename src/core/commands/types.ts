import type { HolidayCalendar } from '../calendar/plan';
import type { Prefill } from '../agenda/prefill';
import type { Actor, Directory, ForumRef } from '../directory';
import type { Messages } from '../i18n';
import type { Municipality, Platform } from '../model/municipality';
import type { Language } from '../model/primitives';
import type { Clock, DeliveryLog, SltStore } from '../ports';
import type { IcsWriter } from '../calendar/calendar-entry';
import type { CalendarChange } from '../calendar/calendar-port';
import type { Reply, View } from '../views';
import type { ParsedCommand } from './grammar';

/** One command as it arrives from any platform. */
export interface CommandRequest {
  platform: Platform;
  /** the platform's user id (Slack U…, Teams AAD object id, console handle) */
  userId: string;
  /** where it was typed; decides the default forum */
  channelId?: string;
  text: string;
  /** the platform's delivery id: a retried delivery with the same id is answered from memory */
  requestId?: string;
  /** a submitted form (FormSpec id, its context and the values entered) instead of a typed line */
  form?: { id: string; context: Record<string, string>; values: Record<string, string> };
  /**
   * `agenda add` opened from a chat message ("Add to SLT agenda"): its text (as plain text) to prefill the
   * description with, and a link back to it. Screened by the core before anything is shown or stored.
   */
  prefill?: Prefill;
}

/** A message the core wants delivered outside the reply: a channel post or a DM. */
export interface Notification {
  /** unique per logical message; sending the same key twice delivers once */
  key: string;
  to: { kind: 'forum'; ref: ForumRef } | { kind: 'member'; municipality: Municipality; memberId: string }
    /** one channel (a binding announced where it happens, whichever forum the channel belongs to) */
    | { kind: 'channel'; municipality: Municipality; platform: Platform; channelId: string }
    /** an organiser's calendar (Outlook): `calendar` says what to do with the meeting's event; `view` describes it in reports */
    | { kind: 'calendar'; municipality: Municipality; organizer: string };
  view: View;
  /** for a calendar target: the change to the meeting's event */
  calendar?: CalendarChange;
  /** key of an earlier message this one replaces (edit in place instead of re-posting) */
  replaces?: string;
  /** only edit the replaced message; if it was never delivered there, send nothing */
  updateOnly?: boolean;
  /** after this instant the message is no longer useful and is dropped instead of sent */
  expiresUtc?: string;
  /**
   * Not a message: the person's home view (Slack's App Home) needs refreshing. Queued only where a
   * platform shows one (core/home/home-refresh.ts), one waiting refresh per person (rewritten, never
   * queued twice), rendered when it is sent, not sent when unchanged, never held back by quiet hours.
   */
  home?: boolean;
}

/** Port: where notifications go (the durable outbox). Called inside the deciding transaction. */
export interface Notifier {
  enqueue(n: Notification, nowUtc: string): void;
}

export interface CoreDeps {
  store: SltStore;
  clock: Clock;
  directory: Directory;
  holidays: HolidayCalendar;
  notifier: Notifier;
  /** subscription links for calendar feeds, when the bot has a public URL */
  calendarFeeds?: CalendarFeeds;
  /** iCalendar text for invitations (attached when the platform can carry files) */
  icsWriter?: IcsWriter;
  /** undelivered messages (the coordinator's `delivery` and `resend` commands) */
  deliveries?: DeliveryLog;
}

/** Port: the URL of a forum's calendar feed (behind an unguessable token). */
export interface CalendarFeeds {
  url(municipalityId: string, forumId: string): string;
}

export interface CommandContext {
  deps: CoreDeps;
  req: CommandRequest;
  cmd: ParsedCommand;
  now: Date;
  nowUtc: string;
  actor?: Actor;
  lang: Language;
  msg: Messages;
  /** cases whose erasable texts this request showed (see Reply.revealsCases) */
  revealed?: Set<string>;
}

export interface CommandSpec {
  /** one or two words, e.g. "next" or "agenda add" */
  name: string;
  aliases?: string[];
  usage: string;
  /** flags this command accepts */
  flags?: string[];
  /** its reply says itself when the messages it causes go out (otherwise a note is added in quiet hours) */
  announcesSendTime?: boolean;
  run(ctx: CommandContext): Reply;
}

/** Thrown by command code for an answer that is an error to the user, not a crash. */
export class UserError extends Error {
  constructor(readonly view: View) {
    super(view.sections.flatMap((s) => s.lines).join(' '));
  }
}
