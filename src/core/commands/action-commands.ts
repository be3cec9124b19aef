import { DateTime } from 'luxon';
import { notifyMember, screened } from '../agenda/item-support';
import { formatDate } from '../i18n/format';
import { afterMinutesChange, loadHeldItem } from '../minutes/minutes-support';
import { ownActionText } from '../minutes/minutes-view';
import { shownItem } from '../agenda/shown-item';
import { covers } from '../model/visibility';
import { itemFacts } from '../agenda/shown-item';
import type { Municipality } from '../model/municipality';
import type { AgendaItem } from '../model/records';
import { errorView, view } from '../views';
import { CONVENER_ROLES, requireActor, requireRole } from './resolve';
import { type CommandContext, type CommandSpec, UserError } from './types';
import { clip } from '../input/input-limits';

/** `@politi`, `politi`, a console handle or a Slack mention `<@U123|name>` → a member id of the municipality. */
export function resolveMember(ctx: CommandContext, m: Municipality, raw: string): string {
  const slack = /^<@([UW][A-Z0-9]+)(\|[^>]*)?>$/.exec(raw);
  if (slack) {
    const a = ctx.deps.directory.actor('slack', slack[1]!);
    if (a && a.municipality.id === m.id) return a.member.id;
  }
  const name = raw.replace(/^@/, '');
  const byId = m.members.find((x) => x.id === name || x.identities.console === name);
  if (byId) return byId.id;
  throw new UserError(errorView(ctx.msg.unknownMember(clip(raw))));
}

/**
 * An action is given only to someone the visibility rule lets read it: for a case, a person whose
 * agency its consent covers (or a decider); otherwise the command is refused with the reason.
 */
function refuseOwnerWhoCannotRead(ctx: CommandContext, item: AgendaItem, ownerId: string): void {
  if (shownItem(ctx, { kind: 'member', memberId: ownerId }, 'action-dm', item)?.may('actions')) return;
  const m = ctx.actor!.municipality;
  const owner = ctx.deps.directory.member(m, ownerId);
  const name = owner?.name ?? ownerId;
  const outside = item.kind === 'case' && owner && !covers(itemFacts(ctx, item).coverage, owner.agency);
  throw new UserError(errorView(outside ? ctx.msg.actionOwnerOutsideConsent(name, owner.agency, item.ref) : ctx.msg.actionOwnerCannotRead(name, item.ref)));
}

export const actionCommand: CommandSpec = {
  name: 'action',
  aliases: ['oppgave'],
  usage: 'action <ref> @<medlem> <ÅÅÅÅ-MM-DD> <tekst>',
  run(ctx) {
    const { item, ref, meeting } = loadHeldItem(ctx, `/slt ${this.usage}`);
    requireRole(ctx, ref, CONVENER_ROLES, ctx.msg.actMinutes);
    const [, who, due, ...rest] = ctx.cmd.args;
    if (!who || !due || !rest.length) throw new UserError(errorView(ctx.msg.missingArgument(ctx.msg.fieldText.toLowerCase(), `/slt ${this.usage}`)));
    const ownerId = resolveMember(ctx, ref.municipality, who);
    refuseOwnerWhoCannotRead(ctx, item, ownerId);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(due) || !DateTime.fromISO(due).isValid) throw new UserError(errorView(ctx.msg.badDue));
    const text = screened(ctx, ctx.msg.fieldText, rest.join(' '));
    const action = { municipalityId: ref.municipality.id, forumId: ref.forum.id, meetingId: meeting.id, itemRef: item.ref, ownerId, due, text, status: 'open' as const, createdBy: ctx.actor!.member.id, createdAt: ctx.nowUtc };
    const id = ctx.deps.store.addAction(action);
    ctx.deps.store.appendAudit({ at: ctx.nowUtc, actor: ctx.actor!.member.id, action: 'action', municipalityId: item.municipalityId, forumId: item.forumId, meetingId: meeting.id, itemRef: item.ref });
    const ownerName = ctx.deps.directory.member(ref.municipality, ownerId)?.name ?? ownerId;
    if (afterMinutesChange(ctx, ref, meeting)) {
      notifyMember(ctx, ref, ownerId, `action:${id}`, view('list', ctx.msg.actionsForYouTitle(ref.forum.name), { lines: [ownActionText(ctx, ref, { ...action, id }, 'action-dm')] }));
    }
    return { views: [view('success', undefined, { lines: [ctx.msg.actionAdded(id, ownerName, formatDate(due))] })] };
  },
};

export const actionsCommand: CommandSpec = {
  name: 'actions',
  aliases: ['oppgaver'],
  usage: 'actions',
  run(ctx) {
    const actor = requireActor(ctx);
    const lines = ctx.deps.store.actionsOfOwner(actor.municipality.id, actor.member.id)
      .filter((a) => a.status === 'open')
      .map((a) => {
        const ref = ctx.deps.directory.forumById(a.municipalityId, a.forumId)!;
        return `${ownActionText(ctx, ref, a, 'actions-list')} · ${ref.forum.name}`;
      });
    return { views: [view('list', ctx.msg.myActionsTitle, { lines: lines.length ? lines : [ctx.msg.noActions] })] };
  },
};

export const actionDoneCommand: CommandSpec = {
  name: 'action done',
  aliases: ['oppgave utført'],
  usage: 'action done <nr>',
  run(ctx) {
    const actor = requireActor(ctx);
    const raw = (ctx.cmd.args[0] ?? '').replace(/^#/, '');
    const action = /^\d+$/.test(raw) ? ctx.deps.store.action(Number(raw)) : undefined;
    if (!action || action.municipalityId !== actor.municipality.id) throw new UserError(errorView(ctx.msg.unknownAction(clip(raw))));
    const ref = ctx.deps.directory.forumById(action.municipalityId, action.forumId)!;
    const role = ctx.deps.directory.roleIn(ref, actor.member.id);
    if (action.ownerId !== actor.member.id && !CONVENER_ROLES.includes(role)) throw new UserError(errorView(ctx.msg.actionNotYours));
    ctx.deps.store.updateAction({ ...action, status: 'done', doneAt: ctx.nowUtc });
    ctx.deps.store.appendAudit({ at: ctx.nowUtc, actor: actor.member.id, action: 'action-done', municipalityId: action.municipalityId, forumId: action.forumId, meetingId: action.meetingId, itemRef: action.itemRef });
    return { views: [view('success', undefined, { lines: [ctx.msg.actionDone(action.id)] })] };
  },
};
