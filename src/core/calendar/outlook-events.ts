import type { CommandContext } from '../commands/types';
import type { Directory, ForumRef } from '../directory';
import { formatDateTime } from '../i18n/format';
import type { MeetingRecord, OutlookResponse } from '../model/records';
import { attendanceVisibleTo } from '../model/visibility';
import { type Section, view } from '../views';
import { calendarAttendees, calendarEntry, calendarOrganizer } from './calendar-entry';
import type { CalendarChange, CalendarResponse } from './calendar-port';
import type { CoreDeps } from '../commands/types';

/** The mailbox whose calendar holds a forum's Outlook events: the configured one, or the forum's convener's. None without `calendar`. */
export function outlookOrganizer(directory: Directory, ref: ForumRef): string | undefined {
  const settings = ref.municipality.calendar;
  if (!settings) return undefined;
  return settings.organizer === 'convener' ? calendarOrganizer(directory, ref)?.email : settings.organizer;
}

/** Whether a forum person is invited in Outlook (an e-mail address, and the municipality has Outlook events): they get no .ics besides. */
export function invitedInOutlook(directory: Directory, ref: ForumRef, memberId: string): boolean {
  return Boolean(outlookOrganizer(directory, ref) && directory.member(ref.municipality, memberId)?.email);
}

/** The outbox key every version of a meeting's Outlook event replaces: its id is the event's. */
export const outlookEventKey = (meetingId: string): string => `outlook-event:${meetingId}`;

/**
 * Queue the change of a meeting's Outlook event, in the same transaction as its invitations: the event
 * (created, or updated when it exists) with the forum's people who have an e-mail address as attendees,
 * or, for a cancelled meeting, its cancellation with a comment (only if the event was ever created).
 * A newer version supersedes one still waiting. Nothing without the municipality's `calendar` settings.
 */
export function queueOutlookEvent(ctx: CommandContext, ref: ForumRef, mt: MeetingRecord): void {
  const { directory } = ctx.deps;
  const organizer = outlookOrganizer(directory, ref);
  if (!organizer) return;
  const { forum, municipality: m } = ref;
  const when = formatDateTime(mt.startUtc, m.timeZone, ctx.lang);
  const cancelled = mt.status === 'cancelled';
  const entry = { ...calendarEntry(directory, ref, mt, { people: false }), attendees: calendarAttendees(directory, ref, organizer) };
  const change: CalendarChange = cancelled
    ? { kind: 'cancel', meetingId: mt.id, comment: ctx.msg.cancellationText(when) }
    : { kind: 'upsert', entry, onlineMeeting: m.calendar!.onlineMeeting };
  ctx.deps.notifier.enqueue({
    key: `outlook:${mt.id}:s${mt.sequence}`,
    to: { kind: 'calendar', municipality: m, organizer },
    replaces: outlookEventKey(mt.id),
    ...(cancelled ? { updateOnly: true } : {}),
    expiresUtc: mt.startUtc,
    calendar: change,
    view: cancelled
      ? view('info', ctx.msg.outlookCancelTitle(forum.name, when), { lines: [change.kind === 'cancel' ? change.comment : ''] })
      : view('info', ctx.msg.outlookEventTitle(forum.name, when), { lines: [ctx.msg.outlookInvited(entry.attendees.length)] }),
  }, ctx.nowUtc);
}

/**
 * The answers read back from a meeting's Outlook event, kept for the forum's people (matched by e-mail
 * address, letter case aside); addresses that are not a forum person's are not kept.
 */
export function recordOutlookResponses(deps: Pick<CoreDeps, 'store' | 'directory'>, ref: ForumRef, meetingId: string, answers: readonly { email: string; response: CalendarResponse }[], nowUtc: string): void {
  const byEmail = new Map(deps.directory.forumPeople(ref).flatMap((id) => {
    const email = deps.directory.member(ref.municipality, id)?.email;
    return email ? [[email.toLowerCase(), id] as const] : [];
  }));
  const rows: OutlookResponse[] = answers.flatMap((a) => {
    const memberId = byEmail.get(a.email.toLowerCase());
    return memberId ? [{ memberId, response: a.response }] : [];
  });
  deps.store.transaction(() => deps.store.putOutlookResponses(meetingId, rows, nowUtc));
}

/**
 * Expected attendance from the Outlook answers, one line per answer ("Kommer: Kari, Per"), for a viewer
 * of `role` in the forum: nobody outside the forum sees who comes. Undefined when nothing was read back.
 */
export function outlookResponseSection(ctx: Pick<CommandContext, 'deps' | 'msg'>, ref: ForumRef, meetingId: string, role: Parameters<typeof attendanceVisibleTo>[0]): Section | undefined {
  if (!attendanceVisibleTo(role)) return undefined;
  const answers = ctx.deps.store.outlookResponses(meetingId);
  if (!answers.length) return undefined;
  const name = (id: string) => ctx.deps.directory.member(ref.municipality, id)?.name ?? id;
  const lines = (['accepted', 'tentative', 'declined', 'none'] as const).flatMap((r) => {
    const names = answers.filter((a) => a.response === r).map((a) => name(a.memberId));
    return names.length ? [`${ctx.msg.outlookResponseLine[r]}: ${names.join(', ')}`] : [];
  });
  return { heading: ctx.msg.outlookResponses, lines };
}
