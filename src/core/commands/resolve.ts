import type { Actor, ForumRef, ForumRoleName } from '../directory';
import type { MeetingRecord } from '../model/records';
import { errorView } from '../views';
import { type CommandContext, UserError } from './types';
import { clip } from '../input/input-limits';

export function requireActor(ctx: CommandContext): Actor {
  if (!ctx.actor) throw new UserError(errorView(ctx.msg.whoAreYou));
  return ctx.actor;
}

/** The forum named (`tut`, `loten/tut`) or, without a name, the forum bound to this channel. */
export function resolveForum(ctx: CommandContext, name: string | undefined): ForumRef {
  const { directory } = ctx.deps;
  if (!name) {
    const bound = directory.forumOfChannel(ctx.req.platform, ctx.req.channelId);
    if (bound) return bound;
    throw new UserError(errorView(ctx.msg.noForumHere));
  }
  const found = directory.findForums(name, ctx.actor?.municipality);
  if (found.length === 1) return found[0]!;
  if (found.length > 1) {
    throw new UserError(errorView(ctx.msg.ambiguousForum(clip(name), found.map((r) => `\`${r.municipality.id}/${r.forum.id}\``).join(' / '))));
  }
  const scope = ctx.actor ? [ctx.actor.municipality] : directory.municipalities;
  const known = scope.flatMap((m) => m.forums.map((f) => f.id)).slice(0, 20).join(', ');
  throw new UserError(errorView(ctx.msg.unknownForum(clip(name), known)));
}

export const CONVENER_ROLES: readonly ForumRoleName[] = ['coordinator', 'convener'];
export const SUBMITTER_ROLES: readonly ForumRoleName[] = ['coordinator', 'convener', 'member', 'deputy'];
export const READER_ROLES: readonly ForumRoleName[] = [...SUBMITTER_ROLES, 'observer'];

/**
 * The actor's role in the forum, or a polite refusal: strangers are told whom to contact,
 * members without the right are told who has it.
 */
export function requireRole(ctx: CommandContext, ref: ForumRef, allowed: readonly ForumRoleName[], action: string): ForumRoleName {
  const actor = requireActor(ctx);
  const role = actor.municipality.id === ref.municipality.id ? ctx.deps.directory.roleIn(ref, actor.member.id) : 'stranger';
  if (allowed.includes(role)) return role;
  if (role === 'stranger') {
    throw new UserError(errorView(ctx.msg.notAMember(ref.forum.name, ctx.deps.directory.coordinatorName(ref.municipality))));
  }
  const who = allowed.every((r) => CONVENER_ROLES.includes(r)) ? ctx.msg.conveners : allowed.map((r) => ctx.msg.roleName[r] ?? r).join('/');
  throw new UserError(errorView(ctx.msg.notAllowed(action, who, decidersByName(ctx, ref))));
}

/** The people to contact about a forum's items, by name: its convener(s) and the coordinator. */
export function decidersByName(ctx: CommandContext, ref: ForumRef): string {
  const { directory } = ctx.deps;
  const m = ref.municipality;
  const names = [...new Set([...directory.conveners(m, ref.forum), m.coordinator])].map((id) => directory.displayName(m, id));
  return names.length > 1 ? `${names.slice(0, -1).join(', ')}${ctx.msg.or}${names.at(-1)}` : names[0] ?? '';
}

/** Planned meetings of a forum that have not started yet, soonest first. */
export function upcomingMeetings(ctx: CommandContext, ref: ForumRef): MeetingRecord[] {
  return ctx.deps.store
    .meetingsOfForum(ref.municipality.id, ref.forum.id)
    .filter((m) => m.status === 'planned' && m.startUtc > ctx.nowUtc);
}

