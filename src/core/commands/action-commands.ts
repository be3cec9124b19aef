import { DateTime } from 'luxon';
import { formatDate } from '../i18n/format';
import { clip } from '../input/input-limits';
import type { Municipality } from '../model/municipality';
import { view } from '../model/view';
import { addAction, markActionDone } from '../use-cases/actions';
import { refused } from '../use-cases/user-error';
import { ownActionText } from '../views/minutes-view';
import { mapSeq } from '../views/sequential';
import { CONVENER_ROLES, loadHeldItem, requireActor, requireRole } from './resolve';
import type { CommandContext, CommandSpec } from './types';

/** `@politi`, `politi`, a console handle or a Slack mention `<@U123|name>` → a member id of the municipality. */
export function resolveMember(ctx: CommandContext, m: Municipality, raw: string): string {
  const slack = /^<@([UW][A-Z0-9]+)(\|[^>]*)?>$/.exec(raw);
  if (slack) {
    const a = ctx.directory.actor('slack', slack[1]!);
    if (a && a.municipality.id === m.id) return a.member.id;
  }
  const name = raw.replace(/^@/, '');
  const byId = m.members.find((x) => x.id === name || x.identities.console === name);
  if (byId) return byId.id;
  throw refused(ctx.msg.unknownMember(clip(raw)));
}

export const actionCommand: CommandSpec = {
  name: 'action',
  aliases: ['oppgave'],
  usage: 'action <ref> @<medlem> <ÅÅÅÅ-MM-DD> <tekst>',
  async run(ctx) {
    const loaded = await loadHeldItem(ctx, `/slt ${this.usage}`);
    const { ref } = loaded;
    requireRole(ctx, ref, CONVENER_ROLES, ctx.msg.actMinutes);
    const [, who, due, ...rest] = ctx.cmd.args;
    if (!who || !due || !rest.length) throw refused(ctx.msg.missingArgument(ctx.msg.fieldText.toLowerCase(), `/slt ${this.usage}`));
    const ownerId = resolveMember(ctx, ref.municipality, who);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(due) || !DateTime.fromISO(due).isValid) throw refused(ctx.msg.badDue);
    const action = await addAction(ctx, loaded, ownerId, due, rest.join(' '));
    const ownerName = ctx.directory.member(ref.municipality, ownerId)?.name ?? ownerId;
    return { views: [view('success', undefined, { lines: [ctx.msg.actionAdded(action.id, ownerName, formatDate(due))] })] };
  },
};

export const actionsCommand: CommandSpec = {
  name: 'actions',
  aliases: ['oppgaver'],
  usage: 'actions',
  async run(ctx) {
    const actor = requireActor(ctx);
    const open = (await ctx.tx.actionsOfOwner(actor.municipality.id, actor.member.id)).filter((a) => a.status === 'open');
    const lines = await mapSeq(open, async (a) => {
      const ref = ctx.directory.forumById(a.municipalityId, a.forumId)!;
      return `${await ownActionText(ctx, ref, a, 'actions-list')} · ${ref.forum.name}`;
    });
    return { views: [view('list', ctx.msg.myActionsTitle, { lines: lines.length ? lines : [ctx.msg.noActions] })] };
  },
};

export const actionDoneCommand: CommandSpec = {
  name: 'action done',
  aliases: ['oppgave utført'],
  usage: 'action done <nr>',
  async run(ctx) {
    const actor = requireActor(ctx);
    const raw = (ctx.cmd.args[0] ?? '').replace(/^#/, '');
    const action = /^\d+$/.test(raw) ? await ctx.tx.action(Number(raw)) : undefined;
    if (!action || action.municipalityId !== actor.municipality.id) throw refused(ctx.msg.unknownAction(clip(raw)));
    const ref = ctx.directory.forumById(action.municipalityId, action.forumId)!;
    const role = ctx.directory.roleIn(ref, actor.member.id);
    if (action.ownerId !== actor.member.id && !CONVENER_ROLES.includes(role)) throw refused(ctx.msg.actionNotYours);
    await markActionDone(ctx, action);
    return { views: [view('success', undefined, { lines: [ctx.msg.actionDone(action.id)] })] };
  },
};
