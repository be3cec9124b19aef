import type { ForumRef } from '../model/directory';
import type { MeetingRecord } from '../model/records';
import { type View, view } from '../model/view';
import type { CalendarFeeds, IcsWriter } from '../ports/calendar';
import { invitationFile } from './invitation-file';
import { meetingSections, referralRule, when } from './meeting-view';
import type { ViewContext } from './view-context';

/**
 * An invitation (or its update or cancellation) with the meeting's iCalendar file (with `icsWriter`),
 * or, for someone invited in Outlook (`outlook`: the organiser's mailbox), a note saying so; with the
 * forum's calendar feed (with `calendarFeeds`).
 */
export function invitation(ctx: ViewContext, ref: ForumRef, mt: MeetingRecord, method: 'REQUEST' | 'CANCEL',
  ports: { icsWriter?: IcsWriter; calendarFeeds?: CalendarFeeds; outlook?: string; nowUtc: string }): View {
  const { forum, municipality: m } = ref;
  const v = method === 'CANCEL'
    ? view('info', ctx.msg.cancellationTitle(forum.name), { lines: [ctx.msg.cancellationText(when(ctx, ref, mt))] })
    : view('meeting', mt.sequence > 0 ? ctx.msg.invitationUpdatedTitle(forum.name) : ctx.msg.invitationTitle(forum.name),
      ...meetingSections(ctx, ref, mt),
      ...(forum.standingItems.length ? [{ heading: ctx.msg.standingItems, lines: forum.standingItems.map((s) => `• ${s}`) }] : []),
      { lines: [referralRule(ctx, ref), ctx.msg.howToAdd] });
  if (ports.outlook) {
    v.sections.push({ lines: [ctx.msg.outlookInvitationNote(ports.outlook)] });
  } else {
    const file = invitationFile({ directory: ctx.directory, ...(ports.icsWriter ? { icsWriter: ports.icsWriter } : {}) }, ref, mt, ports.nowUtc);
    if (file) v.attachment = file;
  }
  if (ports.calendarFeeds) v.link = { label: ctx.msg.calendarFeed, url: ports.calendarFeeds.url(m.id, forum.id) };
  return v;
}
