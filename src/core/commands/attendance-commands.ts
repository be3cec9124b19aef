import { view } from '../model/view';
import { recordAttendance } from '../use-cases/attendance';
import { refused } from '../use-cases/user-error';
import { upcomingMeetings, when } from '../views/meeting-view';
import { resolveMember } from './resolve-member';
import { resolveForum } from './resolve';
import type { CommandContext, CommandSpec } from './types';

/** The next meeting of the channel's forum (or --forum), or the one on a given date. */
async function targetMeeting(ctx: CommandContext, date: string | undefined) {
  const ref = resolveForum(ctx, typeof ctx.cmd.flags.forum === 'string' ? ctx.cmd.flags.forum : undefined);
  const upcoming = await upcomingMeetings(ctx, ref, date ? undefined : 1);
  const mt = date ? upcoming.find((m) => m.date === date) : upcoming[0];
  if (!mt) throw refused(date ? ctx.msg.noMeetingOn(date, ref.forum.name) : ctx.msg.noUpcoming(ref.forum.name));
  return { ref, mt };
}

export const regretsCommand: CommandSpec = {
  name: 'regrets',
  aliases: { nb: ['forfall'], nn: ['forfall'] },
  args: [{ type: 'date', optional: true }],
  flags: { forum: { type: 'forum' } },
  who: 'attendees',
  async run(ctx) {
    const { ref, mt } = await targetMeeting(ctx, ctx.cmd.args[0]);
    await recordAttendance(ctx, ref, mt);
    return { views: [view('success', undefined, { lines: [ctx.msg.regretsRecorded(when(ctx, ref, mt))] })] };
  },
};

export const deputyCommand: CommandSpec = {
  name: 'deputy',
  aliases: { nb: ['vara'], nn: ['vara'] },
  args: [{ type: 'member' }, { type: 'date', optional: true }],
  flags: { forum: { type: 'forum' } },
  who: 'attendees',
  async run(ctx) {
    // the member is there: the arguments were checked against the declaration
    const [who = '', date] = ctx.cmd.args;
    const { ref, mt } = await targetMeeting(ctx, date);
    const deputyId = resolveMember(ctx, ref, who);
    await recordAttendance(ctx, ref, mt, deputyId);
    const name = ctx.directory.member(ref.municipality, deputyId)?.name ?? deputyId;
    return { views: [view('success', undefined, { lines: [ctx.msg.deputyRecorded(name, when(ctx, ref, mt))] })] };
  },
};
