import { screened } from '../agenda/item-support';
import { afterMinutesChange, lastHeldMeeting, loadHeldItem, notifyActionOwners, postSummary } from '../minutes/minutes-support';
import { minutesView } from '../minutes/minutes-view';
import { formatDateTime } from '../i18n/format';
import { deferredUntil } from '../schedule/quiet-hours';
import { errorView, type Reply, view } from '../views';
import { CONVENER_ROLES, READER_ROLES, requireRole, resolveForum, SUBMITTER_ROLES } from './resolve';
import { type CommandContext, type CommandSpec, UserError } from './types';

export const minutesCommand: CommandSpec = {
  name: 'minutes',
  aliases: ['referat'],
  usage: 'minutes [forum]',
  run(ctx) {
    const ref = resolveForum(ctx, ctx.cmd.args[0]);
    const role = requireRole(ctx, ref, READER_ROLES, ctx.msg.actReadMinutes);
    const mt = lastHeldMeeting(ctx, ref);
    return { views: [minutesView(ctx, ref, mt, 'draft', CONVENER_ROLES.includes(role) ? 'decider' : 'public')] };
  },
};

export const minutesApproveCommand: CommandSpec = {
  name: 'minutes approve',
  aliases: ['referat godkjenn'],
  usage: 'minutes approve [forum]',
  announcesSendTime: true,
  run(ctx) {
    const ref = resolveForum(ctx, ctx.cmd.args[0]);
    requireRole(ctx, ref, CONVENER_ROLES, ctx.msg.actMinutes);
    const mt = lastHeldMeeting(ctx, ref);
    const existing = ctx.deps.store.minutes(mt.id);
    if (existing?.status === 'approved') throw new UserError(errorView(ctx.msg.minutesAlreadyApproved));
    ctx.deps.store.putMinutes({ meetingId: mt.id, status: 'approved', version: 0, approvedBy: ctx.actor!.member.id, approvedAt: ctx.nowUtc });
    ctx.deps.store.appendAudit({ at: ctx.nowUtc, actor: ctx.actor!.member.id, action: 'approve-minutes', municipalityId: ref.municipality.id, forumId: ref.forum.id, meetingId: mt.id });
    postSummary(ctx, ref, mt);
    notifyActionOwners(ctx, ref, mt);
    const later = deferredUntil(ctx.nowUtc, ref.municipality);
    return { views: [view('success', undefined, { lines: [later ? ctx.msg.minutesApprovedLater(formatDateTime(later, ref.municipality.timeZone, ctx.lang)) : ctx.msg.minutesApproved] })] };
  },
};

/** note/decision: one entry on an item of a held meeting; an approved summary is updated. */
function entryCommand(kind: 'note' | 'decision'): CommandSpec {
  return {
    name: kind,
    aliases: kind === 'note' ? ['notat'] : ['vedtak'],
    usage: `${kind} <ref> <tekst>`,
    announcesSendTime: true,
    run(ctx: CommandContext): Reply {
      const { item, ref, meeting } = loadHeldItem(ctx, `/slt ${this.usage}`);
      const allowed = kind === 'note' && ref.forum.membersMayAddNotes ? SUBMITTER_ROLES : CONVENER_ROLES;
      requireRole(ctx, ref, allowed, kind === 'note' ? ctx.msg.actNote : ctx.msg.actMinutes);
      const text = ctx.cmd.args.slice(1).join(' ').trim();
      if (!text) throw new UserError(errorView(ctx.msg.missingArgument(ctx.msg.fieldText.toLowerCase(), `/slt ${this.usage}`)));
      ctx.deps.store.addEntry({ meetingId: meeting.id, itemRef: item.ref, kind, text: screened(ctx, ctx.msg.fieldText, text), authorId: ctx.actor!.member.id, createdAt: ctx.nowUtc });
      ctx.deps.store.appendAudit({ at: ctx.nowUtc, actor: ctx.actor!.member.id, action: kind, municipalityId: item.municipalityId, forumId: item.forumId, meetingId: meeting.id, itemRef: item.ref });
      const corrected = kind === 'decision' && afterMinutesChange(ctx, ref, meeting);
      const later = corrected ? deferredUntil(ctx.nowUtc, ref.municipality) : undefined;
      const correction = later ? ctx.msg.summaryCorrectedLater(formatDateTime(later, ref.municipality.timeZone, ctx.lang)) : ctx.msg.summaryCorrected;
      const lines = [kind === 'note' ? ctx.msg.noteAdded(item.ref) : ctx.msg.decisionAdded(item.ref), ...(corrected ? [correction] : [])];
      return { views: [view('success', undefined, { lines })] };
    },
  };
}

export const noteCommand = entryCommand('note');
export const decisionCommand = entryCommand('decision');
