import { formatDate } from '../i18n/format';
import { clip } from '../input/input-limits';
import { view } from '../model/view';
import { addAction, markActionDone } from '../use-cases/actions';
import { refused } from '../use-cases/user-error';
import { ownActionText } from '../views/minutes-view';
import { mapSeq } from '../views/sequential';
import { resolveMember } from './resolve-member';
import { loadHeldItem, requireActor, usageOf } from './resolve';
import type { CommandContext, CommandSpec } from './types';

export const actionCommand: CommandSpec = {
  name: 'action',
  aliases: { nb: ['oppgave'], nn: ['oppgåve'] },
  args: [{ type: 'ref' }, { type: 'member' }, { type: 'date' }, { type: 'text', rest: true }],
  who: 'deciders',
  act: (m) => m.actMinutes,
  async run(ctx) {
    const loaded = await loadHeldItem(ctx, usageOf(ctx));
    const { ref } = loaded;
    // member, due date and text are there (and the date is one): the arguments were checked against the declaration
    const [, who = '', due = '', ...rest] = ctx.cmd.args;
    const ownerId = resolveMember(ctx, ref, who);
    const action = await addAction(ctx, loaded, ownerId, due, rest.join(' '));
    const ownerName = ctx.directory.member(ref.municipality, ownerId)?.name ?? ownerId;
    return { views: [view('success', undefined, { lines: [ctx.msg.actionAdded(action.id, ownerName, formatDate(due))] })] };
  },
};

export const actionsCommand: CommandSpec = {
  name: 'actions',
  aliases: { nb: ['oppgaver'], nn: ['oppgåver'] },
  who: 'members',
  menu: ['personal'],
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
  aliases: { nb: ['oppgave utført'], nn: ['oppgåve utført'] },
  args: [{ type: 'number' }],
  who: 'owner',
  async run(ctx) {
    const actor = requireActor(ctx);
    const raw = (ctx.cmd.args[0] ?? '').replace(/^#/, '');
    const action = /^\d+$/.test(raw) ? await ctx.tx.action(Number(raw)) : undefined;
    if (!action || action.municipalityId !== actor.municipality.id) throw refused(ctx.msg.unknownAction(clip(raw)));
    await markActionDone(ctx, action);
    return { views: [view('success', undefined, { lines: [ctx.msg.actionDone(action.id)] })] };
  },
};
