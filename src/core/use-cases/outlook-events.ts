import { formatDateTime } from '../i18n/format';
import type { ForumRef } from '../model/directory';
import type { MeetingRecord, OutlookResponse } from '../model/records';
import { view } from '../model/view';
import type { CalendarChange, CalendarResponse } from '../ports/calendar';
import type { SltStore } from '../ports/store';
import type { Directory } from '../model/directory';
import { calendarAttendees, calendarEntry } from '../views/calendar-entry';
import { outlookEventKey, outlookOrganizer } from '../views/outlook-view';
import { inLanguageOf } from '../views/view-context';
import type { UseCaseContext } from './context';

/**
 * Queue the change of a meeting's Outlook event, in the same transaction as its invitations: the event
 * (created, or updated when it exists) with the forum's people who have an e-mail address as attendees,
 * or, for a cancelled meeting, its cancellation with a comment (only if the event was ever created).
 * A newer version supersedes one still waiting. Nothing without the municipality's `calendar` settings.
 */
export async function queueOutlookEvent(ctx: UseCaseContext, ref: ForumRef, mt: MeetingRecord): Promise<void> {
  const { directory } = ctx;
  const organizer = outlookOrganizer(directory, ref);
  if (!organizer) return;
  const { forum, municipality: m } = ref;
  const rc = inLanguageOf(ctx, m);
  const when = formatDateTime(mt.startUtc, m.timeZone, rc.lang);
  const cancelled = mt.status === 'cancelled';
  const entry = { ...calendarEntry(directory, ref, mt, { people: false }), attendees: calendarAttendees(directory, ref, organizer) };
  const change: CalendarChange = cancelled
    ? { kind: 'cancel', meetingId: mt.id, comment: rc.msg.cancellationText(when) }
    : { kind: 'upsert', entry, onlineMeeting: m.calendar!.onlineMeeting };
  await ctx.notifier.enqueue({
    key: `outlook:${mt.id}:s${mt.sequence}`,
    to: { kind: 'calendar', municipality: m, organizer },
    replaces: outlookEventKey(mt.id),
    ...(cancelled ? { updateOnly: true } : {}),
    expiresUtc: mt.startUtc,
    calendar: change,
    view: cancelled
      ? view('info', rc.msg.outlookCancelTitle(forum.name, when), { lines: [change.kind === 'cancel' ? change.comment : ''] })
      : view('info', rc.msg.outlookEventTitle(forum.name, when), { lines: [rc.msg.outlookInvited(entry.attendees.length)] }),
  });
}

/**
 * The answers read back from a meeting's Outlook event, kept for the forum's people (matched by e-mail
 * address, letter case aside); addresses that are not a forum person's are not kept.
 */
export async function recordOutlookResponses(deps: { store: SltStore; directory: Directory }, ref: ForumRef, meetingId: string, answers: readonly { email: string; response: CalendarResponse }[], nowUtc: string): Promise<void> {
  const byEmail = new Map(deps.directory.forumPeople(ref).flatMap((id) => {
    const email = deps.directory.member(ref.municipality, id)?.email;
    return email ? [[email.toLowerCase(), id] as const] : [];
  }));
  const rows: OutlookResponse[] = answers.flatMap((a) => {
    const memberId = byEmail.get(a.email.toLowerCase());
    return memberId ? [{ memberId, response: a.response }] : [];
  });
  await deps.store.transaction((tx) => tx.putOutlookResponses(meetingId, rows, nowUtc));
}
