import { screened } from '../agenda/item-support';
import { afterMinutesChange, lastHeldMeeting, loadHeldItem, notifyActionOwners, postSummary } from '../minutes/minutes-support';
import { minutesView } from '../minutes/minutes-view';
import { formatDateTime } from '../i18n/format';
import { deferredUntil } from '../schedule/quiet-hours';
import { asker } from '../agenda/shown-item';
import { errorView, type Reply, view } from '../views';
import { CONVENER_ROLES, READER_ROLES, requireRole, resolveForum, SUBMITTER_ROLES } from './resolve';
import type { LoadedItem } from '../agenda/item-support';
import type { ForumRoleName } from '../directory';
import { type CommandContext, type CommandSpec, UserError } from './types';

export const minutesCommand: CommandSpec = {
  name: 'minutes',
  aliases: ['referat'],
  usage: 'minutes [forum]',
  run(ctx) {
    const ref = resolveForum(ctx, ctx.cmd.args[0]);
    requireRole(ctx, ref, READER_ROLES, ctx.msg.actReadMinutes);
    const mt = lastHeldMeeting(ctx, ref);
    return { views: [minutesView(ctx, ref, mt, 'draft', asker(ctx))] };
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

/**
 * `--replace <n> <text>` or `--remove <n>`: correct or remove the item's n-th decision or note (numbered
 * as in `/slt minutes`). Audit logged; an approved summary is edited in place, never posted again.
 * Members who may add notes correct only their own.
 */
function correctEntry(ctx: CommandContext, kind: 'note' | 'decision', loaded: LoadedItem, role: ForumRoleName, usage: string): Reply {
  const { item, ref, meeting } = loaded;
  const { replace, remove } = ctx.cmd.flags;
  if (replace !== undefined && remove !== undefined) throw new UserError(errorView(ctx.msg.replaceAndRemove));
  const n = String(replace ?? remove);
  const entry = ctx.deps.store.entriesOfMeeting(meeting.id).filter((e) => e.itemRef === item.ref && e.kind === kind)[Number(n) - 1];
  if (!/^\d+$/.test(n) || !entry) throw new UserError(errorView(ctx.msg.noEntryNumber(kind, n, item.ref)));
  if (!CONVENER_ROLES.includes(role) && entry.authorId !== ctx.actor!.member.id) throw new UserError(errorView(ctx.msg.notYourNote));
  if (replace !== undefined) {
    const text = ctx.cmd.args.slice(1).join(' ').trim();
    if (!text) throw new UserError(errorView(ctx.msg.missingArgument(ctx.msg.fieldText.toLowerCase(), usage)));
    ctx.deps.store.updateEntry(entry.id, screened(ctx, ctx.msg.fieldText, text));
  } else {
    ctx.deps.store.deleteEntry(entry.id);
  }
  const action = `${kind}-${replace !== undefined ? 'replace' : 'remove'}`;
  ctx.deps.store.appendAudit({ at: ctx.nowUtc, actor: ctx.actor!.member.id, action, municipalityId: item.municipalityId, forumId: item.forumId, meetingId: meeting.id, itemRef: item.ref });
  const corrected = kind === 'decision' && afterMinutesChange(ctx, ref, meeting);
  const done = replace !== undefined ? ctx.msg.entryReplaced(kind, Number(n), item.ref) : ctx.msg.entryRemoved(kind, Number(n), item.ref);
  return { views: [view('success', undefined, { lines: [done, ...(corrected ? [summaryCorrection(ctx, ref)] : [])] })] };
}

/** The summary has been corrected: at once, or (quiet hours) when the edit goes out. */
function summaryCorrection(ctx: CommandContext, ref: LoadedItem['ref']): string {
  const later = deferredUntil(ctx.nowUtc, ref.municipality);
  return later ? ctx.msg.summaryCorrectedLater(formatDateTime(later, ref.municipality.timeZone, ctx.lang)) : ctx.msg.summaryCorrected;
}

/** note/decision: one entry on an item of a held meeting (or a correction of one); an approved summary is updated. */
function entryCommand(kind: 'note' | 'decision'): CommandSpec {
  return {
    name: kind,
    aliases: kind === 'note' ? ['notat'] : ['vedtak'],
    usage: `${kind} <ref> <tekst> | ${kind} <ref> --replace <n> <tekst> | ${kind} <ref> --remove <n>`,
    flags: ['replace', 'remove'],
    announcesSendTime: true,
    run(ctx: CommandContext): Reply {
      const loaded = loadHeldItem(ctx, `/slt ${this.usage}`);
      const { item, ref, meeting } = loaded;
      const allowed = kind === 'note' && ref.forum.membersMayAddNotes ? SUBMITTER_ROLES : CONVENER_ROLES;
      const role = requireRole(ctx, ref, allowed, kind === 'note' ? ctx.msg.actNote : ctx.msg.actMinutes);
      if (ctx.cmd.flags.replace !== undefined || ctx.cmd.flags.remove !== undefined) return correctEntry(ctx, kind, loaded, role, `/slt ${this.usage}`);
      const text = ctx.cmd.args.slice(1).join(' ').trim();
      if (!text) throw new UserError(errorView(ctx.msg.missingArgument(ctx.msg.fieldText.toLowerCase(), `/slt ${this.usage}`)));
      ctx.deps.store.addEntry({ meetingId: meeting.id, itemRef: item.ref, kind, text: screened(ctx, ctx.msg.fieldText, text), authorId: ctx.actor!.member.id, createdAt: ctx.nowUtc });
      ctx.deps.store.appendAudit({ at: ctx.nowUtc, actor: ctx.actor!.member.id, action: kind, municipalityId: item.municipalityId, forumId: item.forumId, meetingId: meeting.id, itemRef: item.ref });
      const corrected = kind === 'decision' && afterMinutesChange(ctx, ref, meeting);
      const lines = [kind === 'note' ? ctx.msg.noteAdded(item.ref) : ctx.msg.decisionAdded(item.ref), ...(corrected ? [summaryCorrection(ctx, ref)] : [])];
      return { views: [view('success', undefined, { lines })] };
    },
  };
}

export const noteCommand = entryCommand('note');
export const decisionCommand = entryCommand('decision');
