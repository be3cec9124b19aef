import type { Messages } from '../i18n';
import { CONVENER_ROLES, type ForumRef, type ForumRoleName, READER_ROLES, SUBMITTER_ROLES } from '../model/directory';
import type { Who } from '../model/command-terms';
import { refused } from '../use-cases/user-error';
import { loadItem, requireActor, requireRole, resolveForum, usageOf } from './resolve';
import type { CommandContext, CommandSpec } from './types';

/** What a refusal says the person may not do, per `who` when the command declares nothing of its own (`act`). */
const DEFAULT_ACT: Record<Who, (m: Messages) => string> = {
  everyone: (m) => m.actSeeAgenda, members: (m) => m.actSeeAgenda, attendees: (m) => m.actAttend, submitters: (m) => m.actSubmit,
  deciders: (m) => m.actDecide, coordinator: (m) => m.actDelivery, submitter: (m) => m.actDecide, owner: (m) => m.actMinutes, noteWriters: (m) => m.actNote,
};

/**
 * The forum roles a role-level `who` lets in (the coordinator takes part in every forum of the
 * municipality); undefined for `everyone` and for the item-level ones (`submitter`, `owner`).
 */
export function rolesOf(who: Who, ref: ForumRef): readonly ForumRoleName[] | undefined {
  switch (who) {
    case 'members': return READER_ROLES;
    case 'attendees': case 'submitters': return SUBMITTER_ROLES;
    case 'deciders': return CONVENER_ROLES;
    case 'noteWriters': return ref.forum.membersMayAddNotes ? SUBMITTER_ROLES : CONVENER_ROLES;
    case 'coordinator': return ['coordinator'];
    default: return undefined;
  }
}

/** Whether a person (a member id, or nobody) may run commands declared `who` in a forum: the same rule the bot enforces. */
export function mayIn(ctx: CommandContext, who: Who, ref: ForumRef): boolean {
  const roles = rolesOf(who, ref);
  const actor = ctx.actor;
  if (!roles) return who === 'everyone';
  return Boolean(actor && actor.municipality.id === ref.municipality.id && roles.includes(ctx.directory.roleIn(ref, actor.member.id)));
}

/** The value of the command's forum (argument or --forum), when it declares one: written, or undefined (the channel's is meant). */
function forumWritten(ctx: CommandContext, spec: CommandSpec): { declared: boolean; written?: string } {
  const at = (spec.args ?? []).findIndex((a) => a.type === 'forum');
  if (at >= 0) return { declared: true, ...(ctx.cmd.args[at] ? { written: ctx.cmd.args[at] } : {}) };
  const flag = ctx.cmd.flags.forum;
  return { declared: Boolean(spec.flags?.forum), ...(typeof flag === 'string' ? { written: flag } : {}) };
}

/**
 * Who may run a command, from its declaration, checked once before it runs (the bot and the forms call
 * this): the forum is the item's (a `ref` argument), the one named, or the channel's; `submitter` is
 * the item's submitter, `owner` the action's owner (or a decider of its forum), `coordinator` the
 * coordinator of the forum's (else the person's own) municipality. A person left out is refused with
 * whom to contact, before anything is read or stored on their behalf.
 */
export async function requireWho(ctx: CommandContext, spec: CommandSpec): Promise<void> {
  const bare = !ctx.cmd.args.length && !Object.keys(ctx.cmd.flags).length;
  if (bare && spec.bareWho) return requireBare(ctx, spec.bareWho);
  if (spec.who === 'everyone') return;
  const actor = requireActor(ctx);
  const act = (spec.act ?? DEFAULT_ACT[spec.who])(ctx.msg);
  if (spec.who === 'owner') return requireOwner(ctx);
  const refAt = (spec.args ?? []).findIndex((a) => a.type === 'ref');
  if (refAt >= 0) {
    const { item, ref } = await loadItem(ctx, ctx.cmd.args[refAt], usageOf(ctx));
    if (spec.who === 'submitter') {
      if (item.submitterId !== actor.member.id) throw refused(ctx.msg.notYourItem);
      return;
    }
    requireRole(ctx, ref, rolesOf(spec.who, ref) ?? [], act);
    return;
  }
  const { declared, written } = forumWritten(ctx, spec);
  // a form asked for (its first argument left out) offers only the forums where the person may run it (`mayIn`)
  const formAsked = spec.args?.[0]?.formIfMissing && !ctx.cmd.args.length;
  const implied = declared && !written && !formAsked ? ctx.directory.forumOfChannel(ctx.req.platform, ctx.req.channelId) : undefined;
  const ref = written ? resolveForum(ctx, written) : implied;
  if (spec.who === 'coordinator') {
    const m = ref?.municipality ?? actor.municipality;
    if (m.id !== actor.municipality.id || m.coordinator !== actor.member.id) {
      throw refused(ctx.msg.notAllowed(act, ctx.msg.roleName.coordinator!, ctx.directory.displayName(m, m.coordinator)));
    }
    return;
  }
  // a forum-level `who` without a forum named or bound to the channel: the command picks among the person's own forums by `mayIn`
  if (ref) requireRole(ctx, ref, rolesOf(spec.who, ref) ?? [], act);
}

/** A command run bare, about no forum: `members` is anyone the directory knows, `everyone` anyone. */
function requireBare(ctx: CommandContext, who: Who): void {
  if (who !== 'everyone') requireActor(ctx);
}

/** `owner`: the action's owner, or a decider of the action's forum. An unknown number is the command's to explain. */
async function requireOwner(ctx: CommandContext): Promise<void> {
  const actor = requireActor(ctx);
  const raw = (ctx.cmd.args[0] ?? '').replace(/^#/, '');
  const action = /^\d+$/.test(raw) ? await ctx.tx.action(Number(raw)) : undefined;
  if (!action || action.municipalityId !== actor.municipality.id) return;
  const ref = ctx.directory.forumById(action.municipalityId, action.forumId)!;
  if (action.ownerId !== actor.member.id && !CONVENER_ROLES.includes(ctx.directory.roleIn(ref, actor.member.id))) throw refused(ctx.msg.actionNotYours);
}

/**
 * Whether the person may run a command anywhere (the help lists only those): by the same rules as
 * `requireWho`, in any forum of their municipality; an item's submitter is anyone who may submit, an
 * action's owner anyone the directory knows.
 */
export function mayRunSomewhere(ctx: CommandContext, spec: CommandSpec): boolean {
  const actor = ctx.actor;
  if (spec.who === 'everyone' || spec.bareWho === 'everyone') return true;
  if (!actor) return false;
  if (spec.bareWho || spec.who === 'owner') return true;
  if (spec.who === 'coordinator') return actor.municipality.coordinator === actor.member.id;
  const scoped = (spec.args ?? []).some((a) => a.type === 'ref' || a.type === 'forum') || Boolean(spec.flags?.forum);
  if (!scoped) return true;
  const who = spec.who === 'submitter' ? 'submitters' : spec.who;
  return actor.municipality.forums.some((forum) => mayIn(ctx, who, { municipality: actor.municipality, forum }));
}
