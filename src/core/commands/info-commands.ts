import { formatShort } from '../i18n/format';
import type { MeetingRecord } from '../model/records';
import { view } from '../model/view';
import { meetingSections, referralRule, upcomingMeetings } from '../views/meeting-view';
import { outlookResponseSection } from '../views/outlook-view';
import { resolveForum } from './resolve';
import type { CommandSpec } from './types';

export const forumsCommand: CommandSpec = {
  name: 'forums',
  aliases: { nb: ['fora', 'forum'], nn: ['foruma'] },
  who: 'everyone',
  menu: ['personal', 'team', 'groupChat'],
  async run(ctx) {
    const { directory } = ctx;
    const scope = ctx.actor ? [ctx.actor.municipality] : directory.municipalities;
    const sections = scope.map((m) => ({
      heading: ctx.msg.forumsOf(m.name),
      lines: [...m.forums]
        .sort((a, b) => a.level - b.level || a.name.localeCompare(b.name, 'nb'))
        .map((f) => ctx.msg.forumLine(f.name, f.id, ctx.msg.levelName[f.level],
          directory.conveners(m, f).map((id) => directory.displayName(m, id)).join(', ') || '–')),
    }));
    return { views: [view('list', ctx.msg.forumsTitle, ...sections)] };
  },
};

export const nextCommand: CommandSpec = {
  name: 'next',
  aliases: { nb: ['neste'] },
  args: [{ type: 'forum', optional: true }],
  who: 'everyone',
  menu: ['personal', 'team', 'groupChat'],
  async run(ctx) {
    const ref = resolveForum(ctx, ctx.cmd.args[0]);
    const [mt] = await upcomingMeetings(ctx, ref);
    if (!mt) return { views: [view('info', undefined, { lines: [ctx.msg.noUpcoming(ref.forum.name)] })] };
    const sections = meetingSections(ctx, ref, mt);
    sections.push({ lines: [referralRule(ctx, ref)] });
    if (ref.forum.standingItems.length) sections.push({ heading: ctx.msg.standingItems, lines: ref.forum.standingItems.map((s) => `• ${s}`) });
    const answers = await outlookResponseSection(ctx, ref, mt.id, ctx.directory.roleIn(ref, ctx.actor?.municipality.id === ref.municipality.id ? ctx.actor.member.id : undefined));
    if (answers) sections.push(answers);
    const t = ref.forum.targetGroup;
    if (t) sections.push({ lines: [ctx.msg.targetGroup(t.description ?? ctx.msg.ages(t.minAge ?? 0, t.maxAge ?? 99))] });
    return { views: [view('meeting', ctx.msg.nextTitle(ref.forum.name), ...sections)] };
  },
};

export const calendarCommand: CommandSpec = {
  name: 'calendar',
  aliases: { nb: ['kalender', 'plan'] },
  args: [{ type: 'forum', optional: true }],
  who: 'everyone',
  menu: ['personal', 'team', 'groupChat'],
  async run(ctx) {
    const ref = resolveForum(ctx, ctx.cmd.args[0]);
    const zone = ref.municipality.timeZone;
    const meetings = (await upcomingMeetings(ctx, ref)).slice(0, 12);
    const deadline = (mt: MeetingRecord) => (ref.forum.referralDeadlineDays === null ? '' : ` · ${ctx.msg.deadline.toLowerCase()} ${formatShort(mt.deadlineUtc, zone, ctx.lang)}`);
    const lines = meetings.map((mt) =>
      `${formatShort(mt.startUtc, zone, ctx.lang)}${deadline(mt)}${mt.place ? ` · ${mt.place}` : ''}${mt.movedFrom ? ` · ${ctx.msg.movedFrom(mt.movedFrom)}` : ''}`);
    return { views: [view('list', ctx.msg.calendarTitle(ref.forum.name), { lines: lines.length ? lines : [ctx.msg.calendarEmpty] })] };
  },
};
