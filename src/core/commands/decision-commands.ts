import { editDeciderCards } from '../agenda/card-edits';
import { carryOver } from '../agenda/carry-over';
import { consentProblem } from '../agenda/consent-rules';
import { itemCard } from '../agenda/item-card';
import { decidersOf, type LoadedItem, loadItem, notifyMember, saveTransition, screened, when } from '../agenda/item-support';
import { refreshPublishedAgendas } from '../agenda/publication';
import { shownItem } from '../agenda/shown-item';
import type { ForumRef } from '../directory';
import { isUndecided, refusalOf, TRANSITIONS, type Verb } from '../model/item-lifecycle';
import type { AgendaItem, MeetingRecord } from '../model/records';
import { errorView, type Reply, view } from '../views';
import { CONVENER_ROLES, requireActor, requireRole, upcomingMeetings } from './resolve';
import { type CommandContext, type CommandSpec, UserError } from './types';

/** A loaded item, and the meeting it was carried over from when its own had started. */
interface Prepared extends LoadedItem {
  carriedFrom?: MeetingRecord;
}

/**
 * Load the item and check the step against the life cycle: who may take it, whether its state
 * allows it, and what it requires. An undecided item whose meeting has started is first carried over
 * to the next meeting (the scheduler would do so at its next tick), so the step counts for that one.
 */
function prepare(ctx: CommandContext, verb: Verb, usage: string): Prepared {
  const loaded = loadItem(ctx, ctx.cmd.args[0], usage);
  const { item, ref, meeting } = loaded;
  const t = TRANSITIONS[verb];
  if (t.by === 'submitter') {
    if (requireActor(ctx).member.id !== item.submitterId) throw new UserError(errorView(ctx.msg.notYourItem));
  } else {
    requireRole(ctx, ref, CONVENER_ROLES, ctx.msg.actDecide);
  }
  const refusal = refusalOf(verb, item.state);
  if (refusal) throw new UserError(errorView(ctx.msg.stepRefused(refusal, item.ref, item.state)));
  let prepared: Prepared = loaded;
  if (t.requires.includes('meeting-ahead') && meeting.startUtc <= ctx.nowUtc) {
    if (!isUndecided(item.state)) throw new UserError(errorView(ctx.msg.meetingHeld(item.ref)));
    const moved = carryOver(ctx, ref, item);
    if (!moved) throw new UserError(errorView(ctx.msg.noMeetingToCarryTo(item.ref, ref.forum.name)));
    prepared = { item: moved, ref, meeting: ctx.deps.store.meeting(moved.meetingId)!, carriedFrom: meeting };
  }
  if (t.requires.includes('second-decider')) requireSecondDecider(ctx, ref, prepared.item);
  return prepared;
}

/** The forum's four-eyes rule: a decider does not approve their own item; the refusal names who can. */
function requireSecondDecider(ctx: CommandContext, ref: ForumRef, item: AgendaItem): void {
  const me = ctx.actor?.member.id;
  if (!ref.forum.requireSecondDecider || item.submitterId !== me) return;
  const others = decidersOf(ctx, ref).filter((d) => d !== me).map((d) => ctx.deps.directory.displayName(ref.municipality, d));
  throw new UserError(errorView(others.length
    ? ctx.msg.secondDeciderNeeded(item.ref, ref.forum.name, others.join(ctx.msg.or))
    : ctx.msg.noSecondDecider(item.ref, ref.forum.name)));
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
 * and every decider's card is edited to the new state.
 */
function save(ctx: CommandContext, loaded: Prepared, after: AgendaItem, action: string): void {
  saveTransition(ctx, loaded.item, after, action);
  refreshPublishedAgendas(ctx, loaded.ref, [loaded.item.meetingId, after.meetingId]);
  editDeciderCards(ctx, loaded.ref, after);
}

/** The submitter's own view of their item's title (for the messages they get about it). */
const ownTitle = (ctx: CommandContext, item: AgendaItem): string =>
  shownItem(ctx, { kind: 'member', memberId: item.submitterId }, 'dm', item)?.item.title ?? item.ref;

/** Save, tell the submitter (unless they did it themselves), answer with a message and the updated card. */
function finish(ctx: CommandContext, loaded: Prepared, after: AgendaItem, action: string, text: string, toSubmitter?: string): Reply {
  save(ctx, loaded, after, action);
  if (toSubmitter && after.submitterId !== ctx.actor?.member.id) {
    notifyMember(ctx, loaded.ref, after.submitterId, `item:${after.ref}:${action}:${ctx.nowUtc}`, view('info', undefined, { lines: [toSubmitter] }));
  }
  const me = ctx.actor?.member.id ?? '';
  const moved = loaded.carriedFrom ? [ctx.msg.carriedNote(when(ctx, loaded.ref, loaded.carriedFrom), when(ctx, loaded.ref, loaded.meeting))] : [];
  return { views: [view('success', undefined, { lines: [text, ...moved] }), itemCard(ctx, loaded.ref, after, { viewer: me, withActions: true })] };
}

const decided = (ctx: CommandContext, item: AgendaItem, patch: Partial<AgendaItem>): AgendaItem =>
  ({ ...item, ...patch, decidedBy: ctx.actor!.member.id, decidedAt: ctx.nowUtc, updatedAt: ctx.nowUtc });

export const approveCommand: CommandSpec = {
  name: 'approve',
  aliases: ['godkjenn'],
  usage: 'approve <ref>',
  run(ctx) {
    const loaded = prepare(ctx, 'approve', this.usage);
    const { item, ref, meeting } = loaded;
    const problem = consentProblem(ctx, item, meeting);
    if (problem) throw new UserError(errorView(problem));
    const after = decided(ctx, item, { state: 'approved' });
    const text = item.state === 'late' ? ctx.msg.approvedLate(item.ref) : ctx.msg.approved(item.ref);
    return finish(ctx, loaded, after, item.state === 'late' ? 'accept-late' : 'approve', text, ctx.msg.notifyApproved(item.ref, ownTitle(ctx, item), when(ctx, ref, meeting)));
  },
};

export const rejectCommand: CommandSpec = {
  name: 'reject',
  aliases: ['avvis', 'decline', 'avslå'],
  usage: 'reject <ref> <begrunnelse>',
  run(ctx) {
    const loaded = prepare(ctx, 'reject', this.usage);
    const reason = restText(ctx, 'reject', loaded.item.ref, loaded.item.state === 'late' ? ctx.msg.buttonDecline : ctx.msg.buttonReject, ctx.msg.fieldReason, ctx.msg.reasonRequired);
    const { item } = loaded;
    const late = item.state === 'late';
    const after = decided(ctx, item, { state: late ? 'declined' : 'rejected', reason });
    return finish(ctx, loaded, after, late ? 'decline' : 'reject', late ? ctx.msg.declined(item.ref) : ctx.msg.rejected(item.ref),
      `${late ? ctx.msg.notifyDeclined(item.ref, ownTitle(ctx, item)) : ctx.msg.notifyRejected(item.ref, ownTitle(ctx, item))} ${ctx.msg.reasonLine(reason)}`);
  },
};

/** The meeting an item is deferred to: `next` (default) or the meeting on a given date, after the one it was for. */
function deferTarget(ctx: CommandContext, loaded: Prepared): MeetingRecord {
  const arg = ctx.cmd.args[1]?.toLowerCase();
  const after = (loaded.carriedFrom ?? loaded.meeting).startUtc;
  const later = upcomingMeetings(ctx, loaded.ref).filter((m) => m.startUtc > after);
  if (!arg || arg === 'next' || arg === 'neste') {
    if (!later[0]) throw new UserError(errorView(ctx.msg.noLaterMeeting(loaded.ref.forum.name)));
    return later[0];
  }
  if (!/^\d{4}-\d{2}-\d{2}$/.test(arg)) throw new UserError(errorView(ctx.msg.badDate('meeting')));
  const target = later.find((m) => m.date === arg);
  if (!target) throw new UserError(errorView(ctx.msg.noMeetingOn(arg, loaded.ref.forum.name)));
  return target;
}

/**
 * Tell the other deciders that a case left the agenda because its consent does not cover the meeting
 * it is now for (the one who did it reads it in the reply).
 */
export function tellDecidersConsentLost(ctx: CommandContext, ref: ForumRef, item: AgendaItem, problem: string): void {
  for (const d of decidersOf(ctx, ref).filter((x) => x !== ctx.actor?.member.id)) {
    notifyMember(ctx, ref, d, `consent-lost:${item.ref}:${item.meetingId}:${ctx.nowUtc}:${d}`,
      view('info', ctx.msg.consentLostTitle(item.ref), { lines: [problem, ctx.msg.consentLostText(item.ref)] }));
  }
}

export const deferCommand: CommandSpec = {
  name: 'defer',
  aliases: ['utsett', 'move', 'flytt'],
  usage: 'defer <ref> [next|ÅÅÅÅ-MM-DD]',
  run(ctx) {
    const loaded = prepare(ctx, 'defer', this.usage);
    const { item, ref } = loaded;
    const target = deferTarget(ctx, loaded);
    const targetWhen = when(ctx, ref, target);
    const carriedFrom = (loaded.carriedFrom ?? loaded.meeting).id;
    const notice = ctx.msg.notifyDeferred(item.ref, ownTitle(ctx, item), targetWhen);
    if (item.state === 'late') {
      // moving a late item: it is now in time for the following meeting
      const inTime = ctx.nowUtc <= target.deadlineUtc;
      const after = decided(ctx, item, { state: inTime ? 'submitted' : 'late', late: !inTime, meetingId: target.id, carriedFrom });
      return finish(ctx, loaded, after, 'move', ctx.msg.moved(item.ref, targetWhen), notice);
    }
    // a case goes onto a later agenda only with consent valid on that meeting's date
    const problem = consentProblem(ctx, item, target);
    const after = decided(ctx, item, { state: problem ? 'needs-consent' : 'deferred', meetingId: target.id, carriedFrom });
    if (!problem) return finish(ctx, loaded, after, 'defer', ctx.msg.deferred(item.ref, targetWhen), notice);
    tellDecidersConsentLost(ctx, ref, after, problem);
    return finish(ctx, loaded, after, 'defer', `${ctx.msg.deferredNeedsConsent(item.ref, targetWhen)} ${problem}`, notice);
  },
};

export const askCommand: CommandSpec = {
  name: 'ask',
  aliases: ['spør', 'spor'],
  usage: 'ask <ref> <spørsmål>',
  run(ctx) {
    const loaded = prepare(ctx, 'ask', this.usage);
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
    const loaded = prepare(ctx, 'answer', this.usage);
    const answer = restText(ctx, 'answer', loaded.item.ref, ctx.msg.fieldAnswer, ctx.msg.fieldAnswer, ctx.msg.answerRequired);
    const { item, ref } = loaded;
    const after: AgendaItem = { ...item, state: item.late ? 'late' : 'submitted', answer, updatedAt: ctx.nowUtc };
    save(ctx, loaded, after, 'answer');
    for (const d of decidersOf(ctx, ref)) {
      notifyMember(ctx, ref, d, `item:${item.ref}:answer:${ctx.nowUtc}:${d}`, itemCard(ctx, ref, after, { viewer: d, withActions: true, title: ctx.msg.notifyAnswered(item.ref), view: 'dm' }));
    }
    return { views: [view('success', undefined, { lines: [ctx.msg.answered(item.ref)] })] };
  },
};

export const withdrawCommand: CommandSpec = {
  name: 'withdraw',
  aliases: ['trekk'],
  usage: 'withdraw <ref>',
  run(ctx) {
    const loaded = prepare(ctx, 'withdraw', this.usage);
    const after: AgendaItem = { ...loaded.item, state: 'withdrawn', updatedAt: ctx.nowUtc };
    save(ctx, loaded, after, 'withdraw');
    return { views: [view('success', undefined, { lines: [ctx.msg.withdrawn(after.ref)] })] };
  },
};
