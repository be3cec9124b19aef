import { consentProblem } from '../agenda/consent-rules';
import { itemCard } from '../agenda/item-card';
import { decidersOf, type LoadedItem, loadItem, notifyMember, saveTransition, screened, when } from '../agenda/item-support';
import { refreshPublishedAgendas } from '../agenda/publication';
import type { AgendaItem, ItemState, MeetingRecord } from '../model/records';
import { errorView, type Reply, view } from '../views';
import { CONVENER_ROLES, requireActor, requireRole, upcomingMeetings } from './resolve';
import { type CommandContext, type CommandSpec, UserError } from './types';

type Verb = 'approve' | 'reject' | 'defer' | 'ask' | 'answer' | 'withdraw';

/** Load the item, check the meeting is still ahead, the actor's right and that the state allows the verb. */
function prepare(ctx: CommandContext, verb: Verb, usage: string, allowed: readonly ItemState[]): LoadedItem {
  const loaded = loadItem(ctx, ctx.cmd.args[0], usage);
  const { item, ref, meeting } = loaded;
  if (verb === 'answer' || verb === 'withdraw') {
    if (requireActor(ctx).member.id !== item.submitterId) throw new UserError(errorView(ctx.msg.notYourItem));
  } else {
    requireRole(ctx, ref, CONVENER_ROLES, ctx.msg.actDecide);
  }
  if (meeting.startUtc <= ctx.nowUtc) throw new UserError(errorView(ctx.msg.meetingHeld(item.ref)));
  if (!allowed.includes(item.state)) {
    throw new UserError(errorView(ctx.msg.badTransition(item.ref, ctx.msg.stateName[item.state]!, ctx.msg.actionName[verb]!)));
  }
  return loaded;
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

/**
 * Save the transition; an agenda already published in the channel is updated when this changes it,
 * and the item card each decider got by DM is edited to the new state (who decided, which buttons
 * are left), so nobody acts on a stale card.
 */
function save(ctx: CommandContext, loaded: LoadedItem, after: AgendaItem, action: string): void {
  saveTransition(ctx, loaded.item, after, action);
  refreshPublishedAgendas(ctx, loaded.ref, [loaded.item.meetingId, after.meetingId]);
  const title = after.late ? ctx.msg.lateItemTitle(loaded.ref.forum.name) : ctx.msg.newItemTitle(loaded.ref.forum.name);
  for (const d of decidersOf(ctx, loaded.ref)) {
    const original = `item:${after.ref}:new:${d}`;
    ctx.deps.notifier.enqueue({
      key: `${original}:edit:${ctx.nowUtc}`, to: { kind: 'member', municipality: loaded.ref.municipality, memberId: d },
      view: itemCard(ctx, loaded.ref, after, { privateView: true, withActions: true, title }), replaces: original, updateOnly: true,
    }, ctx.nowUtc);
  }
}

/** Save, tell the submitter (unless they did it themselves), answer with a message and the updated card. */
function finish(ctx: CommandContext, loaded: LoadedItem, after: AgendaItem, action: string, text: string, toSubmitter?: string): Reply {
  save(ctx, loaded, after, action);
  if (toSubmitter && after.submitterId !== ctx.actor?.member.id) {
    notifyMember(ctx, loaded.ref, after.submitterId, `item:${after.ref}:${action}:${ctx.nowUtc}`, view('info', undefined, { lines: [toSubmitter] }));
  }
  const isDecider = decidersOf(ctx, loaded.ref).includes(ctx.actor?.member.id ?? '');
  return { views: [view('success', undefined, { lines: [text] }), itemCard(ctx, loaded.ref, after, { privateView: true, withActions: isDecider })] };
}

const decided = (ctx: CommandContext, item: AgendaItem, patch: Partial<AgendaItem>): AgendaItem =>
  ({ ...item, ...patch, decidedBy: ctx.actor!.member.id, decidedAt: ctx.nowUtc, updatedAt: ctx.nowUtc });

export const approveCommand: CommandSpec = {
  name: 'approve',
  aliases: ['godkjenn'],
  usage: 'approve <ref>',
  run(ctx) {
    const loaded = prepare(ctx, 'approve', this.usage, ['submitted', 'deferred', 'late', 'needs-info']);
    const { item, ref, meeting } = loaded;
    const problem = consentProblem(ctx, item, meeting);
    if (problem) throw new UserError(errorView(problem));
    const after = decided(ctx, item, { state: 'approved' });
    const text = item.state === 'late' ? ctx.msg.approvedLate(item.ref) : ctx.msg.approved(item.ref);
    return finish(ctx, loaded, after, item.state === 'late' ? 'accept-late' : 'approve', text, ctx.msg.notifyApproved(item.ref, item.title, when(ctx, ref, meeting)));
  },
};

export const rejectCommand: CommandSpec = {
  name: 'reject',
  aliases: ['avvis', 'decline', 'avslå'],
  usage: 'reject <ref> <begrunnelse>',
  run(ctx) {
    const loaded = prepare(ctx, 'reject', this.usage, ['submitted', 'deferred', 'late', 'needs-info']);
    const reason = restText(ctx, 'reject', loaded.item.ref, loaded.item.state === 'late' ? ctx.msg.buttonDecline : ctx.msg.buttonReject, ctx.msg.fieldReason, ctx.msg.reasonRequired);
    const { item } = loaded;
    const late = item.state === 'late';
    const after = decided(ctx, item, { state: late ? 'declined' : 'rejected', reason });
    return finish(ctx, loaded, after, late ? 'decline' : 'reject', late ? ctx.msg.declined(item.ref) : ctx.msg.rejected(item.ref),
      `${late ? ctx.msg.notifyDeclined(item.ref, item.title) : ctx.msg.notifyRejected(item.ref, item.title)} ${ctx.msg.reasonLine(reason)}`);
  },
};

/** The meeting an item is deferred to: `next` (default) or the meeting on a given date, after its current one. */
function deferTarget(ctx: CommandContext, loaded: LoadedItem): MeetingRecord {
  const arg = ctx.cmd.args[1]?.toLowerCase();
  const later = upcomingMeetings(ctx, loaded.ref).filter((m) => m.startUtc > loaded.meeting.startUtc);
  if (!arg || arg === 'next' || arg === 'neste') {
    if (!later[0]) throw new UserError(errorView(ctx.msg.noLaterMeeting(loaded.ref.forum.name)));
    return later[0];
  }
  if (!/^\d{4}-\d{2}-\d{2}$/.test(arg)) throw new UserError(errorView(ctx.msg.badDate('meeting')));
  const target = later.find((m) => m.date === arg);
  if (!target) throw new UserError(errorView(ctx.msg.noMeetingOn(arg, loaded.ref.forum.name)));
  return target;
}

export const deferCommand: CommandSpec = {
  name: 'defer',
  aliases: ['utsett', 'move', 'flytt'],
  usage: 'defer <ref> [next|ÅÅÅÅ-MM-DD]',
  run(ctx) {
    const loaded = prepare(ctx, 'defer', this.usage, ['submitted', 'deferred', 'late', 'needs-info', 'approved']);
    const { item, ref } = loaded;
    const target = deferTarget(ctx, loaded);
    const targetWhen = when(ctx, ref, target);
    if (item.state === 'late') {
      // moving a late item: it is now in time for the following meeting
      const inTime = ctx.nowUtc <= target.deadlineUtc;
      const after = decided(ctx, item, { state: inTime ? 'submitted' : 'late', late: !inTime, meetingId: target.id, carriedFrom: item.meetingId });
      return finish(ctx, loaded, after, 'move', ctx.msg.moved(item.ref, targetWhen), ctx.msg.notifyDeferred(item.ref, item.title, targetWhen));
    }
    const after = decided(ctx, item, { state: 'deferred', meetingId: target.id, carriedFrom: item.meetingId });
    return finish(ctx, loaded, after, 'defer', ctx.msg.deferred(item.ref, targetWhen), ctx.msg.notifyDeferred(item.ref, item.title, targetWhen));
  },
};

export const askCommand: CommandSpec = {
  name: 'ask',
  aliases: ['spør', 'spor'],
  usage: 'ask <ref> <spørsmål>',
  run(ctx) {
    const loaded = prepare(ctx, 'ask', this.usage, ['submitted', 'deferred', 'late']);
    const question = restText(ctx, 'ask', loaded.item.ref, ctx.msg.buttonAsk, ctx.msg.fieldQuestion, ctx.msg.questionRequired);
    const { item } = loaded;
    const after: AgendaItem = { ...item, state: 'needs-info', question, updatedAt: ctx.nowUtc };
    delete after.answer;
    return finish(ctx, loaded, after, 'ask', ctx.msg.asked(item.ref), `${ctx.msg.notifyAsked(item.ref)} ${ctx.msg.questionLine(question)}`);
  },
};

export const answerCommand: CommandSpec = {
  name: 'answer',
  aliases: ['svar'],
  usage: 'answer <ref> <svar>',
  run(ctx) {
    const loaded = prepare(ctx, 'answer', this.usage, ['needs-info']);
    const answer = restText(ctx, 'answer', loaded.item.ref, ctx.msg.fieldAnswer, ctx.msg.fieldAnswer, ctx.msg.answerRequired);
    const { item, ref } = loaded;
    const after: AgendaItem = { ...item, state: item.late ? 'late' : 'submitted', answer, updatedAt: ctx.nowUtc };
    save(ctx, loaded, after, 'answer');
    for (const d of decidersOf(ctx, ref)) {
      notifyMember(ctx, ref, d, `item:${item.ref}:answer:${ctx.nowUtc}:${d}`, itemCard(ctx, ref, after, { privateView: true, withActions: true, title: ctx.msg.notifyAnswered(item.ref) }));
    }
    return { views: [view('success', undefined, { lines: [ctx.msg.answered(item.ref)] })] };
  },
};

export const withdrawCommand: CommandSpec = {
  name: 'withdraw',
  aliases: ['trekk'],
  usage: 'withdraw <ref>',
  run(ctx) {
    const loaded = prepare(ctx, 'withdraw', this.usage, ['submitted', 'late', 'needs-info', 'deferred', 'approved']);
    const after: AgendaItem = { ...loaded.item, state: 'withdrawn', updatedAt: ctx.nowUtc };
    save(ctx, loaded, after, 'withdraw');
    return { views: [view('success', undefined, { lines: [ctx.msg.withdrawn(after.ref)] })] };
  },
};
