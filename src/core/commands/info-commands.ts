import { formatDateTime, formatShort } from '../i18n/format';
import type { Directory, ForumRef } from '../directory';
import type { Messages } from '../i18n';
import type { MeetingRecord } from '../model/records';
import { type Section, view } from '../views';
import { resolveForum, upcomingMeetings } from './resolve';
import { outlookResponseSection } from '../calendar/outlook-events';
import type { CommandContext, CommandSpec } from './types';

/** A job title inside a sentence: "Rektor" → "rektor", but "SLT-koordinator" and "NAV-leder" as written. */
const titleInSentence = (t: string) => (/^\p{Lu}\p{Ll}/u.test(t) ? t[0]!.toLowerCase() + t.slice(1) : t);

/** Whom items are reported to: the forum's convener by job title (Rektor, Teamleder, SLT-koordinator …). */
export function convenerTitle(ctx: Pick<CommandContext, 'msg'> & { deps: { directory: Directory } }, ref: ForumRef): string {
  const { directory } = ctx.deps;
  const c = ref.forum.convener;
  const roles = c && 'role' in c ? [c.role]
    : [...new Set(directory.conveners(ref.municipality, ref.forum).map((id) => directory.member(ref.municipality, id)?.role ?? id))];
  return roles.map(titleInSentence).join(` ${ctx.msg.or.trim()} `);
}

/** The referral rule of a forum in a sentence: to whom, and by when (or that people make contact beforehand). */
export function referralRule(ctx: { msg: Messages; deps: { directory: Directory } }, ref: ForumRef): string {
  const days = ref.forum.referralDeadlineDays;
  const to = convenerTitle(ctx, ref);
  return days === null ? ctx.msg.noDeadlineRule(to) : ctx.msg.deadlineRule(days, to);
}

/** The facts of one meeting, in the forum's language and time zone. */
export function meetingSections(ctx: CommandContext, ref: ForumRef, mt: MeetingRecord): Section[] {
  const zone = ref.municipality.timeZone;
  const lines = [
    `${ctx.msg.when}: ${formatDateTime(mt.startUtc, zone, ctx.lang)}`,
    ...(mt.place ? [`${ctx.msg.where}: ${mt.place}`] : []),
    `${ctx.msg.deadline}: ${ref.forum.referralDeadlineDays === null ? ctx.msg.noDeadline : formatDateTime(mt.deadlineUtc, zone, ctx.lang)}`,
    ...(mt.movedFrom ? [ctx.msg.movedFrom(mt.movedFrom)] : []),
  ];
  return [{ lines }];
}

export const forumsCommand: CommandSpec = {
  name: 'forums',
  aliases: ['fora', 'forum'],
  usage: 'forums',
  run(ctx) {
    const { directory } = ctx.deps;
    const scope = ctx.actor ? [ctx.actor.municipality] : directory.municipalities;
    const sections = scope.map((m) => ({
      heading: ctx.msg.forumsOf(m.name),
      lines: [...m.forums]
        .sort((a, b) => a.level - b.level || a.name.localeCompare(b.name, 'nb'))
        .map((f) => ctx.msg.forumLine(f.name, f.id, ctx.msg.levelName(f.level),
          directory.conveners(m, f).map((id) => directory.displayName(m, id)).join(', ') || '–')),
    }));
    return { views: [view('list', ctx.msg.forumsTitle, ...sections)] };
  },
};

export const nextCommand: CommandSpec = {
  name: 'next',
  aliases: ['neste'],
  usage: 'next [forum]',
  run(ctx) {
    const ref = resolveForum(ctx, ctx.cmd.args[0]);
    const [mt] = upcomingMeetings(ctx, ref);
    if (!mt) return { views: [view('info', undefined, { lines: [ctx.msg.noUpcoming(ref.forum.name)] })] };
    const sections = meetingSections(ctx, ref, mt);
    sections.push({ lines: [referralRule(ctx, ref)] });
    if (ref.forum.standingItems.length) sections.push({ heading: ctx.msg.standingItems, lines: ref.forum.standingItems.map((s) => `• ${s}`) });
    const answers = outlookResponseSection(ctx, ref, mt.id, ctx.deps.directory.roleIn(ref, ctx.actor?.municipality.id === ref.municipality.id ? ctx.actor.member.id : undefined));
    if (answers) sections.push(answers);
    const t = ref.forum.targetGroup;
    if (t) sections.push({ lines: [ctx.msg.targetGroup(t.description ?? ctx.msg.ages(t.minAge ?? 0, t.maxAge ?? 99))] });
    return { views: [view('meeting', ctx.msg.nextTitle(ref.forum.name), ...sections)] };
  },
};

export const calendarCommand: CommandSpec = {
  name: 'calendar',
  aliases: ['kalender', 'plan'],
  usage: 'calendar [forum]',
  run(ctx) {
    const ref = resolveForum(ctx, ctx.cmd.args[0]);
    const zone = ref.municipality.timeZone;
    const meetings = upcomingMeetings(ctx, ref).slice(0, 12);
    const deadline = (mt: MeetingRecord) => (ref.forum.referralDeadlineDays === null ? '' : ` · ${ctx.msg.deadline.toLowerCase()} ${formatShort(mt.deadlineUtc, zone, ctx.lang)}`);
    const lines = meetings.map((mt) =>
      `${formatShort(mt.startUtc, zone, ctx.lang)}${deadline(mt)}${mt.place ? ` · ${mt.place}` : ''}${mt.movedFrom ? ` · ${ctx.msg.movedFrom(mt.movedFrom)}` : ''}`);
    return { views: [view('list', ctx.msg.calendarTitle(ref.forum.name), { lines: lines.length ? lines : [ctx.msg.calendarEmpty] })] };
  },
};
