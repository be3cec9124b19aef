import type { ForumRef } from '../model/directory';
import type { Platform } from '../model/municipality';
import { view } from '../model/view';
import { inLanguageOf } from '../views/view-context';
import { actorId, type UseCaseContext } from './context';
import { refused } from './user-error';

export interface BindRequest {
  ref: ForumRef;
  platform: Platform;
  channelId: string;
  /** the channel may move from another forum of the same municipality */
  move: boolean;
}

export type BindOutcome =
  | { kind: 'already' }
  /** the channel is another forum's (of the same municipality), and `move` was not given: nothing changed */
  | { kind: 'needs-move'; owner: ForumRef }
  /** `previous`: the forum's earlier channel on the platform; `movedFrom`: the forum the channel belonged to */
  | { kind: 'bound'; previous?: string; movedFrom?: ForumRef };

/**
 * The channel becomes the forum's one channel on this platform (who may ask is the caller's check).
 * A channel of another municipality (configured or bound) is refused; a channel of another forum of
 * the same municipality moves only with `move` (without it: `needs-move`, nothing changed). The forum's earlier channel on the platform is
 * replaced, not kept beside it. Every change is in the audit log (fromState/toState: the earlier and
 * the new channel) and announced in the channels concerned through the outbox. The directory learns
 * the binding once the transaction has committed.
 */
export async function bindChannel(ctx: UseCaseContext, req: BindRequest): Promise<BindOutcome> {
  const { directory, tx, notifier } = ctx;
  const { ref, platform, channelId } = req;
  const owner = directory.ownerOfChannel(platform, channelId)?.ref;
  const configured = directory.configuredForumOf(platform, channelId);
  const foreign = [owner, configured].find((r) => r && r.municipality.id !== ref.municipality.id);
  if (foreign) throw refused(ctx.msg.bindTakenByOther(foreign.municipality.name));
  if (owner && owner.forum.id === ref.forum.id) return { kind: 'already' };
  if (owner && !req.move) return { kind: 'needs-move', owner };
  const previous = directory.channelOf(ref, platform);
  const by = actorId(ctx);
  const binding = { platform, channelId, municipalityId: ref.municipality.id, forumId: ref.forum.id, boundBy: by, at: ctx.nowUtc };
  await tx.bindChannel(binding, by, ctx.nowUtc);
  ctx.afterCommit(() => directory.bind(binding));
  const audit = { at: ctx.nowUtc, actor: by, municipalityId: ref.municipality.id };
  const channelName = (id: string) => `${platform}:${id}`;
  await tx.appendAudit({ ...audit, action: 'bind-channel', forumId: ref.forum.id, ...(previous ? { fromState: channelName(previous) } : {}), toState: channelName(channelId) });
  if (owner) await tx.appendAudit({ ...audit, action: 'unbind-channel', forumId: owner.forum.id, fromState: channelName(channelId) });

  const rc = inLanguageOf(ctx, ref.municipality);
  const who = directory.member(ref.municipality, by)?.name ?? by;
  const announce = (to: string, title: string, lines: string[]) => notifier.enqueue({
    key: `bind:${platform}:${to}:${ctx.nowUtc}`, to: { kind: 'channel', municipality: ref.municipality, platform, channelId: to },
    view: view('info', title, { lines }),
  });
  await announce(channelId, rc.msg.bindAnnounceTitle(ref.forum.name), [
    rc.msg.bindAnnounce(who, ref.forum.name, ref.municipality.name), ...(owner ? [rc.msg.bindAnnounceMovedFrom(owner.forum.name)] : []),
  ]);
  if (previous && previous !== channelId) await announce(previous, rc.msg.unbindAnnounceTitle(ref.forum.name), [rc.msg.unbindAnnounce(who, ref.forum.name)]);
  return { kind: 'bound', ...(previous ? { previous } : {}), ...(owner ? { movedFrom: owner } : {}) };
}
