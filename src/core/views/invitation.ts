import type { ForumRef } from '../model/directory';
import type { MeetingRecord } from '../model/records';
import { type View, view } from '../model/view';
import type { CalendarFeeds, IcsWriter } from '../ports/calendar';
import { meetingSections, referralRule, when } from './meeting-view';
import type { ViewContext } from './view-context';

/** An invitation (or its update or cancellation) with the meeting's iCalendar file and the forum's calendar feed. */
export function invitation(ctx: ViewContext, ref: ForumRef, mt: MeetingRecord, method: 'REQUEST' | 'CANCEL', ports: { icsWriter?: IcsWriter; calendarFeeds?: CalendarFeeds }): View {
  const { forum, municipality: m } = ref;
  const v = method === 'CANCEL'
    ? view('info', ctx.msg.cancellationTitle(forum.name), { lines: [ctx.msg.cancellationText(when(ctx, ref, mt))] })
    : view('meeting', mt.sequence > 0 ? ctx.msg.invitationUpdatedTitle(forum.name) : ctx.msg.invitationTitle(forum.name),
      ...meetingSections(ctx, ref, mt),
      ...(forum.standingItems.length ? [{ heading: ctx.msg.standingItems, lines: forum.standingItems.map((s) => `• ${s}`) }] : []),
      { lines: [referralRule(ctx, ref), ctx.msg.howToAdd] });
  if (ports.icsWriter) {
    v.attachment = {
      filename: `${forum.id}-${mt.date}.ics`,
      contentType: 'text/calendar',
      content: ports.icsWriter(`${m.name}: ${forum.name}`, [{ ...mt, forumName: forum.name }], method),
    };
  }
  if (ports.calendarFeeds) v.link = { label: ctx.msg.calendarFeed, url: ports.calendarFeeds.url(m.id, forum.id) };
  return v;
}
