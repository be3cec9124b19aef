import { DateTime } from 'luxon';
import { view } from '../model/view';
import { recordAttendance } from '../use-cases/attendance';
import { refused } from '../use-cases/user-error';
import { upcomingMeetings, when } from '../views/meeting-view';
import { resolveMember } from './action-commands';
import { READER_ROLES, requireRole, resolveForum } from './resolve';
import type { CommandContext, CommandSpec } from './types';

/** The next meeting of the channel's forum (or --forum), or the one on a given date. */
async function targetMeeting(ctx: CommandContext, date: string | undefined) {
  const ref = resolveForum(ctx, typeof ctx.cmd.flags.forum === 'string' ? ctx.cmd.flags.forum : undefined);
  requireRole(ctx, ref, READER_ROLES.filter((r) => r !== 'observer'), ctx.msg.actAttend);
  const upcoming = await upcomingMeetings(ctx, ref);
  if (date !== undefined && (!/^\d{4}-\d{2}-\d{2}$/.test(date) || !DateTime.fromISO(date).isValid)) throw refused(ctx.msg.badDate('meeting'));
  const mt = date ? upcoming.find((m) => m.date === date) : upcoming[0];
  if (!mt) throw refused(date ? ctx.msg.noMeetingOn(date, ref.forum.name) : ctx.msg.noUpcoming(ref.forum.name));
  return { ref, mt };
}

export const regretsCommand: CommandSpec = {
  name: 'regrets',
  aliases: ['forfall'],
  usage: 'regrets [ÅÅÅÅ-MM-DD] [--forum <forum>]',
  flags: ['forum'],
  async run(ctx) {
    const { ref, mt } = await targetMeeting(ctx, ctx.cmd.args[0]);
    await recordAttendance(ctx, ref, mt);
    return { views: [view('success', undefined, { lines: [ctx.msg.regretsRecorded(when(ctx, ref, mt))] })] };
  },
};

export const deputyCommand: CommandSpec = {
  name: 'deputy',
  aliases: ['vara'],
  usage: 'deputy @<medlem> [ÅÅÅÅ-MM-DD] [--forum <forum>]',
  flags: ['forum'],
  async run(ctx) {
    const [who, date] = ctx.cmd.args;
    if (!who) throw refused(ctx.msg.missingArgument('@medlem', `/slt ${this.usage}`));
    const { ref, mt } = await targetMeeting(ctx, date);
    const deputyId = resolveMember(ctx, ref.municipality, who);
    await recordAttendance(ctx, ref, mt, deputyId);
    const name = ctx.directory.member(ref.municipality, deputyId)?.name ?? deputyId;
    return { views: [view('success', undefined, { lines: [ctx.msg.deputyRecorded(name, when(ctx, ref, mt))] })] };
  },
};
