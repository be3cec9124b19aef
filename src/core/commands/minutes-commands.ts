import { formatDateTime } from '../i18n/format';
import type { ForumRef } from '../model/directory';
import { deferredUntil } from '../model/quiet-hours';
import { type Reply, view } from '../model/view';
import { addMinutesEntry, approveMinutes, correctMinutesEntry } from '../use-cases/minutes';
import { refused } from '../use-cases/user-error';
import { minutesView } from '../views/minutes-view';
import { asker } from '../views/shown-item';
import { CONVENER_ROLES, lastHeldMeeting, loadHeldItem, resolveForum, usageOf } from './resolve';
import type { CommandContext, CommandSpec } from './types';

export const minutesCommand: CommandSpec = {
  name: 'minutes',
  aliases: { nb: ['referat'], nn: ['referat'] },
  args: [{ type: 'forum', optional: true }],
  who: 'members',
  act: (m) => m.actReadMinutes,
  menu: ['team', 'groupChat'],
  async run(ctx) {
    const ref = resolveForum(ctx, ctx.cmd.args[0]);
    const mt = await lastHeldMeeting(ctx, ref);
    return { views: [await minutesView(ctx, ref, mt, 'draft', asker(ctx))] };
  },
};

export const minutesApproveCommand: CommandSpec = {
  name: 'minutes approve',
  aliases: { nb: ['referat godkjenn'], nn: ['referat godkjenn'] },
  args: [{ type: 'forum', optional: true }],
  who: 'deciders',
  act: (m) => m.actMinutes,
  announcesSendTime: true,
  async run(ctx) {
    const ref = resolveForum(ctx, ctx.cmd.args[0]);
    await approveMinutes(ctx, ref, await lastHeldMeeting(ctx, ref));
    const later = deferredUntil(ctx.nowUtc, ref.municipality);
    return { views: [view('success', undefined, { lines: [later ? ctx.msg.minutesApprovedLater(formatDateTime(later, ref.municipality.timeZone, ctx.lang)) : ctx.msg.minutesApproved] })] };
  },
};

/** The summary has been corrected: at once, or (quiet hours) when the edit goes out. */
function summaryCorrection(ctx: CommandContext, ref: ForumRef): string {
  const later = deferredUntil(ctx.nowUtc, ref.municipality);
  return later ? ctx.msg.summaryCorrectedLater(formatDateTime(later, ref.municipality.timeZone, ctx.lang)) : ctx.msg.summaryCorrected;
}

/** note/decision: one entry on an item of a held meeting (or a correction of one); an approved summary is updated. */
function entryCommand(kind: 'note' | 'decision'): CommandSpec {
  return {
    name: kind,
    aliases: kind === 'note' ? { nb: ['notat'], nn: ['notat'] } : { nb: ['vedtak'], nn: ['vedtak'] },
    args: [{ type: 'ref' }, { type: 'text', rest: true, optional: true }],
    flags: { replace: { type: 'number' }, remove: { type: 'number' } },
    who: kind === 'note' ? 'noteWriters' : 'deciders',
    act: (m) => (kind === 'note' ? m.actNote : m.actMinutes),
    announcesSendTime: true,
    async run(ctx: CommandContext): Promise<Reply> {
      const usage = usageOf(ctx);
      const loaded = await loadHeldItem(ctx, usage);
      const { item, ref } = loaded;
      const role = ctx.directory.roleIn(ref, ctx.actor?.member.id);
      const { replace, remove } = ctx.cmd.flags;
      const text = ctx.cmd.args.slice(1).join(' ').trim();
      if (replace !== undefined || remove !== undefined) {
        // `--replace <n> <text>` or `--remove <n>`: members who may add notes correct only their own
        if (replace !== undefined && remove !== undefined) throw refused(ctx.msg.replaceAndRemove);
        if (replace !== undefined && !text) throw refused(ctx.msg.missingArgument(ctx.msg.fieldText.toLowerCase(), usage));
        const n = String(replace ?? remove);
        const corrected = await correctMinutesEntry(ctx, loaded, { kind, number: n, ...(replace !== undefined ? { replacement: text } : {}), ownOnly: !CONVENER_ROLES.includes(role) });
        const done = replace !== undefined ? ctx.msg.entryReplaced(kind, Number(n), item.ref) : ctx.msg.entryRemoved(kind, Number(n), item.ref);
        return { views: [view('success', undefined, { lines: [done, ...(corrected ? [summaryCorrection(ctx, ref)] : [])] })] };
      }
      if (!text) throw refused(ctx.msg.missingArgument(ctx.msg.fieldText.toLowerCase(), usage));
      const corrected = await addMinutesEntry(ctx, loaded, kind, text);
      const lines = [kind === 'note' ? ctx.msg.noteAdded(item.ref) : ctx.msg.decisionAdded(item.ref), ...(corrected ? [summaryCorrection(ctx, ref)] : [])];
      return { views: [view('success', undefined, { lines })] };
    },
  };
}

export const noteCommand = entryCommand('note');
export const decisionCommand = entryCommand('decision');
