import type { Verb } from '../model/item-lifecycle';
import type { AgendaItem } from '../model/records';
import { type Reply, view } from '../model/view';
import { answerQuestion, approveItem, askSubmitter, deferItem, deferTarget, type Prepared, prepareStep, rejectItem, withdrawItem } from '../use-cases/decide';
import { screened } from '../use-cases/screening';
import { UserError } from '../use-cases/user-error';
import { itemCard } from '../views/item-card';
import { when } from '../views/meeting-view';
import { loadItem, usageOf } from './resolve';
import type { CommandContext, CommandSpec } from './types';

/**
 * Load the item named in the command (who may take the step was checked against the command's `who`
 * before it ran), then let the use case check the step against the life cycle.
 */
async function prepare(ctx: CommandContext, verb: Verb, usage: string): Promise<Prepared> {
  return prepareStep(ctx, verb, await loadItem(ctx, ctx.cmd.args[0], usage));
}

/**
 * The text after the reference (reason, question, answer), screened for personal data. Without it
 * the answer is a one-field form, so a button press can ask for it on any platform.
 */
function restText(ctx: CommandContext, verb: Verb, ref: string, action: string, label: string, missing: string): string {
  const text = ctx.cmd.args.slice(1).join(' ').trim();
  if (!text) {
    const v = view('form', label, { lines: [missing] });
    v.form = {
      id: 'decision-text', title: `${action} ${ref}`, submitLabel: ctx.msg.formSubmit, context: { verb, ref },
      fields: [{ id: 'text', label, kind: 'textarea', required: true, maxLength: 2000 }],
    };
    throw new UserError(v);
  }
  return screened(ctx, ctx.msg.fieldText, text);
}

/** The answer to a decision: what was done (and that the item moved to the next meeting first), and the updated card. */
async function decidedReply(ctx: CommandContext, p: Prepared, after: AgendaItem, text: string): Promise<Reply> {
  const moved = p.carriedFrom ? [ctx.msg.carriedNote(when(ctx, p.ref, p.carriedFrom), when(ctx, p.ref, p.meeting))] : [];
  return { views: [view('success', undefined, { lines: [text, ...moved] }), await itemCard(ctx, p.ref, after, { viewer: ctx.actor?.member.id ?? '', withActions: true })] };
}

export const approveCommand: CommandSpec = {
  name: 'approve',
  aliases: { nb: ['godkjenn'], nn: ['godkjenn'] },
  args: [{ type: 'ref' }],
  who: 'deciders',
  menu: ['team'],
  async run(ctx) {
    const p = await prepare(ctx, 'approve', usageOf(ctx));
    const after = await approveItem(ctx, p);
    return decidedReply(ctx, p, after, p.item.state === 'late' ? ctx.msg.approvedLate(p.item.ref) : ctx.msg.approved(p.item.ref));
  },
};

export const rejectCommand: CommandSpec = {
  name: 'reject',
  aliases: { nb: ['avvis', 'avslå'], nn: ['avvis', 'avslå'], en: ['decline'] },
  args: [{ type: 'ref' }, { type: 'text', placeholder: 'reason', rest: true, formIfMissing: true }],
  who: 'deciders',
  async run(ctx) {
    const p = await prepare(ctx, 'reject', usageOf(ctx));
    const late = p.item.state === 'late';
    const reason = restText(ctx, 'reject', p.item.ref, late ? ctx.msg.buttonDecline : ctx.msg.buttonReject, ctx.msg.fieldReason, ctx.msg.reasonRequired);
    const after = await rejectItem(ctx, p, reason);
    return decidedReply(ctx, p, after, late ? ctx.msg.declined(p.item.ref) : ctx.msg.rejected(p.item.ref));
  },
};

export const deferCommand: CommandSpec = {
  name: 'defer',
  aliases: { nb: ['utsett', 'flytt'], nn: ['utset', 'flytt'], en: ['move'] },
  // `next`/`neste`: the next meeting instead of a date
  args: [{ type: 'ref' }, { type: 'date', optional: true, words: ['next', 'neste'] }],
  who: 'deciders',
  async run(ctx) {
    const p = await prepare(ctx, 'defer', usageOf(ctx));
    const arg = ctx.cmd.args[1]?.toLowerCase();
        const target = await deferTarget(ctx, p, !arg || this.args?.[1]?.words?.includes(arg) ? 'next' : arg);
    const targetWhen = when(ctx, p.ref, target);
    const { after, consentProblem } = await deferItem(ctx, p, target);
    const text = p.item.state === 'late' ? ctx.msg.moved(p.item.ref, targetWhen)
      : consentProblem ? `${ctx.msg.deferredNeedsConsent(p.item.ref, targetWhen)} ${consentProblem}` : ctx.msg.deferred(p.item.ref, targetWhen);
    return decidedReply(ctx, p, after, text);
  },
};

export const askCommand: CommandSpec = {
  name: 'ask',
  aliases: { nb: ['spør', 'spor'], nn: ['spør', 'spor'] },
  args: [{ type: 'ref' }, { type: 'text', placeholder: 'question', rest: true, formIfMissing: true }],
  who: 'deciders',
  async run(ctx) {
    const p = await prepare(ctx, 'ask', usageOf(ctx));
    const question = restText(ctx, 'ask', p.item.ref, ctx.msg.buttonAsk, ctx.msg.fieldQuestion, ctx.msg.questionRequired);
    const after = await askSubmitter(ctx, p, question);
    return decidedReply(ctx, p, after, ctx.msg.asked(p.item.ref));
  },
};

export const answerCommand: CommandSpec = {
  name: 'answer',
  aliases: { nb: ['svar'], nn: ['svar'] },
  args: [{ type: 'ref' }, { type: 'text', placeholder: 'answer', rest: true, formIfMissing: true }],
  who: 'submitter',
  async run(ctx) {
    const p = await prepare(ctx, 'answer', usageOf(ctx));
    const answer = restText(ctx, 'answer', p.item.ref, ctx.msg.fieldAnswer, ctx.msg.fieldAnswer, ctx.msg.answerRequired);
    await answerQuestion(ctx, p, answer);
    return { views: [view('success', undefined, { lines: [ctx.msg.answered(p.item.ref)] })] };
  },
};

export const withdrawCommand: CommandSpec = {
  name: 'withdraw',
  aliases: { nb: ['trekk'], nn: ['trekk'] },
  args: [{ type: 'ref' }],
  who: 'submitter',
  async run(ctx) {
    const p = await prepare(ctx, 'withdraw', usageOf(ctx));
    const after = await withdrawItem(ctx, p);
    return { views: [view('success', undefined, { lines: [ctx.msg.withdrawn(after.ref)] })] };
  },
};
