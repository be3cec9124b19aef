import { type Actor, CONVENER_ROLES, type ForumRef, type ForumRoleName } from '../model/directory';
import type { MeetingRecord } from '../model/records';
import { clip } from '../input/input-limits';
import { refused } from '../use-cases/user-error';
import type { LoadedItem } from '../use-cases/transitions';
import type { CommandContext } from './types';
import { usageLine } from './usage';
import { code } from '../model/markup';

/** The usage line of the command being run, as the reader's language writes it. */
export const usageOf = (ctx: CommandContext): string => (ctx.spec ? usageLine(ctx.spec, ctx.msg) : '');

export function requireActor(ctx: CommandContext): Actor {
  if (!ctx.actor) throw refused(ctx.req.platform === 'console' ? ctx.msg.whoAreYouConsole : ctx.msg.whoAreYou);
  return ctx.actor;
}

/** The forum named (`tut`, `loten/tut`) or, without a name, the forum bound to this channel. */
export function resolveForum(ctx: CommandContext, name: string | undefined): ForumRef {
  const { directory } = ctx;
  if (!name) {
    const bound = directory.forumOfChannel(ctx.req.platform, ctx.req.channelId);
    if (bound) return bound;
    throw refused(ctx.msg.noForumHere);
  }
  const found = directory.findForums(name, ctx.actor?.municipality);
  if (found.length === 1) return found[0]!;
  if (found.length > 1) {
    throw refused(ctx.msg.ambiguousForum(clip(name), found.map((r) => code(`${r.municipality.id}/${r.forum.id}`)).join(' / ')));
  }
  const scope = ctx.actor ? [ctx.actor.municipality] : directory.municipalities;
  const known = scope.flatMap((m) => m.forums.map((f) => f.id)).slice(0, 20).join(', ');
  throw refused(ctx.msg.unknownForum(clip(name), known));
}

export { CONVENER_ROLES, READER_ROLES, SUBMITTER_ROLES } from '../model/directory';

/**
 * The actor's role in the forum, or a polite refusal: strangers are told whom to contact,
 * members without the right are told who has it.
 */
export function requireRole(ctx: CommandContext, ref: ForumRef, allowed: readonly ForumRoleName[], action: string): ForumRoleName {
  const actor = requireActor(ctx);
  const role = actor.municipality.id === ref.municipality.id ? ctx.directory.roleIn(ref, actor.member.id) : 'stranger';
  if (allowed.includes(role)) return role;
  if (role === 'stranger') {
    throw refused(ctx.msg.notAMember(ref.forum.name, ctx.directory.coordinatorName(ref.municipality)));
  }
  const who = allowed.every((r) => CONVENER_ROLES.includes(r)) ? ctx.msg.conveners : allowed.map((r) => ctx.msg.roleName[r] ?? r).join('/');
  throw refused(ctx.msg.notAllowed(action, who, decidersByName(ctx, ref)));
}

/** The people to contact about a forum's items, by name: its convener(s) and the coordinator. */
export function decidersByName(ctx: CommandContext, ref: ForumRef): string {
  const { directory } = ctx;
  const m = ref.municipality;
  const names = [...new Set([...directory.conveners(m, ref.forum), m.coordinator])].map((id) => directory.displayName(m, id));
  return names.length > 1 ? `${names.slice(0, -1).join(', ')}${ctx.msg.or}${names.at(-1)}` : names[0] ?? '';
}

/** An item by reference, only within the actor's own municipality (others get "not found", revealing nothing). */
export async function loadItem(ctx: CommandContext, refText: string | undefined, usage: string): Promise<LoadedItem> {
  if (!refText) throw refused(ctx.msg.missingArgument(ctx.msg.argRef, usage));
  const item = await ctx.tx.item(refText);
  const ref = item && ctx.directory.forumById(item.municipalityId, item.forumId);
  const meeting = item && await ctx.tx.meeting(item.meetingId);
  if (!item || !ref || !meeting || (ctx.actor && ctx.actor.municipality.id !== item.municipalityId)) {
    throw refused(ctx.msg.unknownItem(clip(refText.toUpperCase())));
  }
  return { item, ref, meeting };
}

/** The meeting the minutes are about: the one that started most recently (the current or last). */
export async function lastHeldMeeting(ctx: CommandContext, ref: ForumRef): Promise<MeetingRecord> {
  const held = (await ctx.tx.meetingsOfForum(ref.municipality.id, ref.forum.id)).filter((m) => m.status === 'planned' && m.startUtc <= ctx.nowUtc);
  const last = held[held.length - 1];
  if (!last) throw refused(ctx.msg.noHeldMeeting(ref.forum.name));
  return last;
}

/** An item whose meeting has started (minutes are kept from the meeting's start). */
export async function loadHeldItem(ctx: CommandContext, usage: string): Promise<LoadedItem> {
  const loaded = await loadItem(ctx, ctx.cmd.args[0], usage);
  if (loaded.meeting.startUtc > ctx.nowUtc) throw refused(ctx.msg.meetingNotHeld(loaded.item.ref));
  return loaded;
}
