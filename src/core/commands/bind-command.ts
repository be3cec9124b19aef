import type { ForumRef } from '../directory';
import { formatShort } from '../i18n/format';
import { clip } from '../input/input-limits';
import { errorView, type Reply, view } from '../views';
import { requireActor, resolveForum } from './resolve';
import { type CommandContext, type CommandSpec, UserError } from './types';

const forumLabel = (ref: ForumRef) => ref.forum.name;

/** `bind` without a forum: what this channel belongs to, and since when. */
function status(ctx: CommandContext, channelId: string): Reply {
  const { directory } = ctx.deps;
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
 * platform. Only the coordinator of the forum's municipality may; a channel of another municipality
 * (configured or bound) is refused; a channel of another forum of the same municipality moves only
 * with --move. The forum's earlier channel on the platform is replaced, not kept beside it. Every
 * change is in the audit log (fromState/toState: the earlier and the new channel) and announced in
 * the channels concerned through the outbox.
 */
export const bindCommand: CommandSpec = {
  name: 'bind',
  aliases: ['knytt'],
  usage: 'bind [forum] [--move]',
  flags: ['move'],
  run(ctx) {
    const actor = requireActor(ctx);
    const channelId = ctx.req.channelId;
    if (!channelId) throw new UserError(errorView(ctx.msg.bindNeedsChannel));
    if (!ctx.cmd.args[0]) return status(ctx, channelId);
    const ref = resolveForum(ctx, ctx.cmd.args[0]);
    if (ref.municipality.id !== actor.municipality.id || ref.municipality.coordinator !== actor.member.id) {
      throw new UserError(errorView(ctx.msg.notAllowed(ctx.msg.actBind, ctx.msg.roleName.coordinator!, ctx.deps.directory.displayName(ref.municipality, ref.municipality.coordinator))));
    }
    const { directory, store, notifier } = ctx.deps;
    const platform = ctx.req.platform;
    const platformName = ctx.msg.platformName[platform] ?? platform;
    const owner = directory.ownerOfChannel(platform, channelId)?.ref;
    const configured = directory.configuredForumOf(platform, channelId);
    const foreign = [owner, configured].find((r) => r && r.municipality.id !== actor.municipality.id);
    if (foreign) throw new UserError(errorView(ctx.msg.bindTakenByOther(foreign.municipality.name)));
    if (owner && owner.forum.id === ref.forum.id) return { views: [view('info', undefined, { lines: [ctx.msg.bindAlready(forumLabel(ref))] })] };
    if (owner && ctx.cmd.flags.move !== true) {
      throw new UserError(errorView(ctx.msg.bindNeedsMove(forumLabel(owner), clip(ctx.cmd.args[0]), forumLabel(ref), platformName)));
    }
    const previous = directory.channelOf(ref, platform);
    const binding = { platform, channelId, municipalityId: ref.municipality.id, forumId: ref.forum.id, boundBy: actor.member.id, at: ctx.nowUtc };
    store.bindChannel(binding, actor.member.id, ctx.nowUtc);
    directory.bind(binding);
    const audit = { at: ctx.nowUtc, actor: actor.member.id, municipalityId: ref.municipality.id };
    const channelName = (id: string) => `${platform}:${id}`;
    store.appendAudit({ ...audit, action: 'bind-channel', forumId: ref.forum.id, ...(previous ? { fromState: channelName(previous) } : {}), toState: channelName(channelId) });
    if (owner) store.appendAudit({ ...audit, action: 'unbind-channel', forumId: owner.forum.id, fromState: channelName(channelId) });

    const who = directory.member(actor.municipality, actor.member.id)?.name ?? actor.member.id;
    const announce = (to: string, title: string, lines: string[]) => notifier.enqueue({
      key: `bind:${platform}:${to}:${ctx.nowUtc}`, to: { kind: 'channel', municipality: ref.municipality, platform, channelId: to },
      view: view('info', title, { lines }),
    }, ctx.nowUtc);
    announce(channelId, ctx.msg.bindAnnounceTitle(forumLabel(ref)), [
      ctx.msg.bindAnnounce(who, forumLabel(ref), ref.municipality.name), ...(owner ? [ctx.msg.bindAnnounceMovedFrom(forumLabel(owner))] : []),
    ]);
    if (previous && previous !== channelId) announce(previous, ctx.msg.unbindAnnounceTitle(forumLabel(ref)), [ctx.msg.unbindAnnounce(who, forumLabel(ref))]);
    const lines = [
      ctx.msg.bound(forumLabel(ref)),
      ...(previous && previous !== channelId ? [ctx.msg.boundReplaced(forumLabel(ref))] : []),
      ...(owner ? [ctx.msg.boundMoved(forumLabel(owner), platformName)] : []),
    ];
    return { views: [view('success', undefined, { lines })] };
  },
};
