import { formatDateTime } from '../i18n/format';
import type { ForumRef } from '../model/directory';
import type { MeetingRecord } from '../model/records';
import type { Section } from '../model/view';
import type { ViewContext } from './view-context';

/** A meeting's start in the forum's time zone and the reader's language. */
export const when = (ctx: Pick<ViewContext, 'lang'>, ref: ForumRef, m: MeetingRecord): string =>
  formatDateTime(m.startUtc, ref.municipality.timeZone, ctx.lang);

/** Planned meetings of a forum that have not started yet, soonest first. */
export async function upcomingMeetings(ctx: Pick<ViewContext, 'tx' | 'nowUtc'>, ref: ForumRef): Promise<MeetingRecord[]> {
  return (await ctx.tx.meetingsOfForum(ref.municipality.id, ref.forum.id))
    .filter((m) => m.status === 'planned' && m.startUtc > ctx.nowUtc);
}

/** A job title inside a sentence: "Rektor" → "rektor", but "SLT-koordinator" and "NAV-leder" as written. */
const titleInSentence = (t: string) => (/^\p{Lu}\p{Ll}/u.test(t) ? t[0]!.toLowerCase() + t.slice(1) : t);

/** Whom items are reported to: the forum's convener by job title (Rektor, Teamleder, SLT-koordinator …). */
export function convenerTitle(ctx: Pick<ViewContext, 'directory' | 'msg'>, ref: ForumRef): string {
  const { directory } = ctx;
  const c = ref.forum.convener;
  const roles = c && 'role' in c ? [c.role]
    : [...new Set(directory.conveners(ref.municipality, ref.forum).map((id) => directory.member(ref.municipality, id)?.role ?? id))];
  return roles.map(titleInSentence).join(` ${ctx.msg.or.trim()} `);
}

/** The referral rule of a forum in a sentence: to whom, and by when (or that people make contact beforehand). */
export function referralRule(ctx: Pick<ViewContext, 'directory' | 'msg'>, ref: ForumRef): string {
  const days = ref.forum.referralDeadlineDays;
  const to = convenerTitle(ctx, ref);
  return days === null ? ctx.msg.noDeadlineRule(to) : ctx.msg.deadlineRule(days, to);
}

/** The facts of one meeting, in the forum's time zone and the reader's language. */
export function meetingSections(ctx: Pick<ViewContext, 'lang' | 'msg'>, ref: ForumRef, mt: MeetingRecord): Section[] {
  const zone = ref.municipality.timeZone;
  const lines = [
    `${ctx.msg.when}: ${formatDateTime(mt.startUtc, zone, ctx.lang)}`,
    ...(mt.place ? [`${ctx.msg.where}: ${mt.place}`] : []),
    `${ctx.msg.deadline}: ${ref.forum.referralDeadlineDays === null ? ctx.msg.noDeadline : formatDateTime(mt.deadlineUtc, zone, ctx.lang)}`,
    ...(mt.movedFrom ? [ctx.msg.movedFrom(mt.movedFrom)] : []),
  ];
  return [{ lines }];
}
