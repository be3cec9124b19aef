import type { Directory, ForumRef } from '../model/directory';
import type { Section } from '../model/view';
import { attendanceVisibleTo } from '../model/visibility';
import { calendarOrganizer } from './calendar-entry';
import type { ViewContext } from './view-context';

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
 * Expected attendance from the Outlook answers, one line per answer ("Kommer: Kari, Per"), for a viewer
 * of `role` in the forum: nobody outside the forum sees who comes. Undefined when nothing was read back.
 */
export async function outlookResponseSection(ctx: Pick<ViewContext, 'tx' | 'directory' | 'msg'>, ref: ForumRef, meetingId: string, role: Parameters<typeof attendanceVisibleTo>[0]): Promise<Section | undefined> {
  if (!attendanceVisibleTo(role)) return undefined;
  const answers = await ctx.tx.outlookResponses(meetingId);
  if (!answers.length) return undefined;
  const name = (id: string) => ctx.directory.member(ref.municipality, id)?.name ?? id;
  const lines = (['accepted', 'tentative', 'declined', 'none'] as const).flatMap((r) => {
    const names = answers.filter((a) => a.response === r).map((a) => name(a.memberId));
    return names.length ? [`${ctx.msg.outlookResponseLine[r]}: ${names.join(', ')}`] : [];
  });
  return { heading: ctx.msg.outlookResponses, lines };
}
