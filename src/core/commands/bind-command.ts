import type { ForumRef } from '../model/directory';
import { formatShort } from '../i18n/format';
import { clip } from '../input/input-limits';
import { type Reply, view } from '../model/view';
import { bindChannel } from '../use-cases/bind-channel';
import { refused } from '../use-cases/user-error';
import { resolveForum } from './resolve';
import type { CommandContext, CommandSpec } from './types';

const forumLabel = (ref: ForumRef) => ref.forum.name;

/** `bind` without a forum: what this channel belongs to, and since when. */
function status(ctx: CommandContext, channelId: string): Reply {
  const { directory } = ctx;
  const owner = directory.ownerOfChannel(ctx.req.platform, channelId);
  if (!owner) return { views: [view('info', undefined, { lines: [ctx.msg.bindStatusNone] })] };
  const { municipality } = owner.ref;
  const line = owner.source === 'binding' && owner.boundBy && owner.at
    ? ctx.msg.bindStatusBound(forumLabel(owner.ref), municipality.name, directory.member(municipality, owner.boundBy)?.name ?? owner.boundBy,
      formatShort(owner.at, municipality.timeZone, ctx.lang))
    : ctx.msg.bindStatusConfigured(forumLabel(owner.ref), municipality.name);
  return { views: [view('info', undefined, { lines: [line] })] };
}

/**
 * `bind <forum> [--move]`: the channel this is typed in becomes the forum's one channel on this
 * platform (see bindChannel). Only the coordinator of the forum's municipality may.
 */
export const bindCommand: CommandSpec = {
  name: 'bind',
  aliases: { nb: ['knytt'], nn: ['knyt'] },
  args: [{ type: 'forum', optional: true }],
  flags: { move: {} },
  who: 'coordinator',
  bareWho: 'members',
  act: (m) => m.actBind,
  menu: ['team'],
  async run(ctx) {
    const channelId = ctx.req.channelId;
    if (!channelId) throw refused(ctx.msg.bindNeedsChannel);
    if (!ctx.cmd.args[0]) return status(ctx, channelId);
    const ref = resolveForum(ctx, ctx.cmd.args[0]);
    const platform = ctx.req.platform;
    const platformName = ctx.msg.platformName[platform] ?? platform;
    const outcome = await bindChannel(ctx, { ref, platform, channelId, move: ctx.cmd.flags.move === true });
    if (outcome.kind === 'already') return { views: [view('info', undefined, { lines: [ctx.msg.bindAlready(forumLabel(ref))] })] };
    if (outcome.kind === 'needs-move') throw refused(ctx.msg.bindNeedsMove(forumLabel(outcome.owner), clip(ctx.cmd.args[0]), forumLabel(ref), platformName));
    const { previous, movedFrom } = outcome;
    const lines = [
      ctx.msg.bound(forumLabel(ref)),
      ...(previous && previous !== channelId ? [ctx.msg.boundReplaced(forumLabel(ref))] : []),
      ...(movedFrom ? [ctx.msg.boundMoved(forumLabel(movedFrom), platformName)] : []),
    ];
    return { views: [view('success', undefined, { lines })] };
  },
};
