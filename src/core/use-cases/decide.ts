import type { Messages } from '../i18n';
import type { ForumRef } from '../model/directory';
import { isUndecided, refusalOf, TRANSITIONS, type Verb } from '../model/item-lifecycle';
import type { AgendaItem, MeetingRecord } from '../model/records';
import { view } from '../model/view';
import { consentProblem } from '../views/consent-view';
import { itemCard } from '../views/item-card';
import { upcomingMeetings, when } from '../views/meeting-view';
import { shownItem } from '../views/shown-item';
import { inLanguageOf } from '../views/view-context';
import { editDeciderCards } from './card-edits';
import { carryOver } from './carry-over';
import { tellDecidersConsentEnds } from './consent-ends-notice';
import { actorId, type UseCaseContext } from './context';
import { refreshPublishedAgendas } from './publish-agenda';
import { type LoadedItem, notifyMember, saveTransition } from './transitions';
import { refused } from './user-error';

/** An item ready for a step, and the meeting it was carried over from when its own had started. */
export interface Prepared extends LoadedItem {
  carriedFrom?: MeetingRecord;
}

/**
 * Check a step against the life cycle: whether the item's state allows it and what it requires
 * (who may take it is the caller's check). An undecided item whose meeting has started is first
 * carried over to the next meeting (the scheduler would do so at its next tick), so the step counts
 * for that one.
 */
export async function prepareStep(ctx: UseCaseContext, verb: Verb, loaded: LoadedItem): Promise<Prepared> {
  const { item, ref, meeting } = loaded;
  const t = TRANSITIONS[verb];
  const refusal = refusalOf(verb, item.state);
  if (refusal) throw refused(ctx.msg.stepRefused(refusal, item.ref, item.state));
  let prepared: Prepared = loaded;
  if (t.requires.includes('meeting-ahead') && meeting.startUtc <= ctx.nowUtc) {
    if (!isUndecided(item.state)) throw refused(ctx.msg.meetingHeld(item.ref));
    const moved = await carryOver(ctx, ref, item);
    if (!moved) throw refused(ctx.msg.noMeetingToCarryTo(item.ref, ref.forum.name));
    prepared = { item: moved, ref, meeting: (await ctx.tx.meeting(moved.meetingId))!, carriedFrom: meeting };
  }
  if (t.requires.includes('second-decider')) requireSecondDecider(ctx, ref, prepared.item);
  return prepared;
}

/** The forum's four-eyes rule: a decider does not approve their own item; the refusal names who can. */
function requireSecondDecider(ctx: UseCaseContext, ref: ForumRef, item: AgendaItem): void {
  const me = ctx.actor?.member.id;
  if (!ref.forum.requireSecondDecider || item.submitterId !== me) return;
  const others = ctx.directory.deciders(ref).filter((d) => d !== me).map((d) => ctx.directory.displayName(ref.municipality, d));
  throw refused(others.length
    ? ctx.msg.secondDeciderNeeded(item.ref, ref.forum.name, others.join(ctx.msg.or))
    : ctx.msg.noSecondDecider(item.ref, ref.forum.name));
}

/**
 * Save the transition; an agenda already published in the channel is updated when this changes it,
 * and every decider's card is edited to the new state.
 */
async function save(ctx: UseCaseContext, p: Prepared, after: AgendaItem, action: string): Promise<void> {
  await saveTransition(ctx, p.item, after, action);
  await refreshPublishedAgendas(ctx, p.ref, [p.item.meetingId, after.meetingId]);
  await editDeciderCards(ctx, p.ref, after);
}

/** The submitter's own view of their item's title (for the messages they get about it). */
const ownTitle = async (ctx: UseCaseContext, item: AgendaItem): Promise<string> =>
  (await shownItem(ctx, { kind: 'member', memberId: item.submitterId }, 'dm', item))?.item.title ?? item.ref;

/** Save, and tell the submitter (unless they did it themselves) in their language. */
async function decide(ctx: UseCaseContext, p: Prepared, after: AgendaItem, action: string, toSubmitter: (msg: Messages, at: (m: MeetingRecord) => string) => string): Promise<AgendaItem> {
  await save(ctx, p, after, action);
  if (after.submitterId !== ctx.actor?.member.id) {
    const rc = inLanguageOf(ctx, p.ref.municipality);
    await notifyMember(ctx, p.ref, after.submitterId, `item:${after.ref}:${action}:${ctx.nowUtc}`,
      view('info', undefined, { lines: [toSubmitter(rc.msg, (m) => when(rc, p.ref, m))] }));
  }
  return after;
}

const decided = (ctx: UseCaseContext, item: AgendaItem, patch: Partial<AgendaItem>): AgendaItem =>
  ({ ...item, ...patch, decidedBy: actorId(ctx), decidedAt: ctx.nowUtc, updatedAt: ctx.nowUtc });

/** On the agenda (a late item: taken anyway); a case needs consent valid on the meeting's date. */
export async function approveItem(ctx: UseCaseContext, p: Prepared): Promise<AgendaItem> {
  const { item, meeting } = p;
  const problem = await consentProblem(ctx, item, meeting);
  if (problem) throw refused(problem);
  const title = await ownTitle(ctx, item);
  return decide(ctx, p, decided(ctx, item, { state: 'approved' }), item.state === 'late' ? 'accept-late' : 'approve',
    (msg, at) => msg.notifyApproved(item.ref, title, at(meeting)));
}

/** Off the agenda with a reason (a late item: declined). */
export async function rejectItem(ctx: UseCaseContext, p: Prepared, reason: string): Promise<AgendaItem> {
  const { item } = p;
  const late = item.state === 'late';
  const title = await ownTitle(ctx, item);
  return decide(ctx, p, decided(ctx, item, { state: late ? 'declined' : 'rejected', reason }), late ? 'decline' : 'reject',
    (msg) => `${late ? msg.notifyDeclined(item.ref, title) : msg.notifyRejected(item.ref, title)} ${msg.reasonLine(reason)}`);
}

/** The meeting an item is deferred to: the next (`next`) or the one on a date, after the meeting it was for. */
export async function deferTarget(ctx: UseCaseContext, p: Prepared, wanted: 'next' | string): Promise<MeetingRecord> {
  const after = (p.carriedFrom ?? p.meeting).startUtc;
  const later = (await upcomingMeetings(ctx, p.ref)).filter((m) => m.startUtc > after);
  if (wanted === 'next') {
    if (!later[0]) throw refused(ctx.msg.noLaterMeeting(p.ref.forum.name));
    return later[0];
  }
  const target = later.find((m) => m.date === wanted);
  if (!target) throw refused(ctx.msg.noMeetingOn(wanted, p.ref.forum.name));
  return target;
}

/** A deferred item, and why its case waits for consent there (undefined: it is on that agenda). */
export interface Deferred {
  after: AgendaItem;
  consentProblem?: string;
}

/**
 * To a later meeting. A late item is moved (and in time there if that meeting's deadline has not
 * passed); a case goes onto the later agenda only with consent valid on that meeting's date, and
 * otherwise waits there for consent (the other deciders are told).
 */
export async function deferItem(ctx: UseCaseContext, p: Prepared, target: MeetingRecord): Promise<Deferred> {
  const { item, ref } = p;
  const carriedFrom = (p.carriedFrom ?? p.meeting).id;
  const title = await ownTitle(ctx, item);
  const notice = (msg: Messages, at: (m: MeetingRecord) => string) => msg.notifyDeferred(item.ref, title, at(target));
  if (item.state === 'late') {
    const inTime = ctx.nowUtc <= target.deadlineUtc;
    return { after: await decide(ctx, p, decided(ctx, item, { state: inTime ? 'submitted' : 'late', late: !inTime, meetingId: target.id, carriedFrom }), 'move', notice) };
  }
  const problem = await consentProblem(ctx, item, target);
  const after = decided(ctx, item, { state: problem ? 'needs-consent' : 'deferred', meetingId: target.id, carriedFrom });
  if (!problem) return { after: await decide(ctx, p, after, 'defer', notice) };
  await tellDecidersConsentLost(ctx, ref, after, problem);
  return { after: await decide(ctx, p, after, 'defer', notice), consentProblem: problem };
}

/**
 * Tell the other deciders that a case left the agenda because its consent does not cover the meeting
 * it is now for (the one who did it reads it in the reply).
 */
export async function tellDecidersConsentLost(ctx: UseCaseContext, ref: ForumRef, item: AgendaItem, problem: string): Promise<void> {
  const rc = inLanguageOf(ctx, ref.municipality);
  for (const d of ctx.directory.deciders(ref).filter((x) => x !== ctx.actor?.member.id)) {
    await notifyMember(ctx, ref, d, `consent-lost:${item.ref}:${item.meetingId}:${ctx.nowUtc}:${d}`,
      view('info', rc.msg.consentLostTitle(item.ref), { lines: [problem, rc.msg.consentLostText(item.ref)] }));
  }
}

/** Ask the submitter for more information. */
export function askSubmitter(ctx: UseCaseContext, p: Prepared, question: string): Promise<AgendaItem> {
  const after: AgendaItem = { ...p.item, state: 'needs-info', question, updatedAt: ctx.nowUtc };
  delete after.answer;
  return decide(ctx, p, after, 'ask', (msg) => `${msg.notifyAsked(p.item.ref)} ${msg.questionLine(question)}`);
}

/** The submitter answers a question: the item is undecided again, and the deciders get its card with the answer. */
export async function answerQuestion(ctx: UseCaseContext, p: Prepared, answer: string): Promise<AgendaItem> {
  const { item, ref } = p;
  const after: AgendaItem = { ...item, state: item.late ? 'late' : 'submitted', answer, updatedAt: ctx.nowUtc };
  await save(ctx, p, after, 'answer');
  // answered after its meeting began, the item moved on first: a case whose consent ends before that meeting is told about as the tick would
  if (p.carriedFrom) await tellDecidersConsentEnds(ctx, ref, after, p.carriedFrom, p.meeting, 'moved');
  const rc = inLanguageOf(ctx, ref.municipality);
  for (const d of ctx.directory.deciders(ref)) {
    await notifyMember(ctx, ref, d, `item:${item.ref}:answer:${ctx.nowUtc}:${d}`, await itemCard(rc, ref, after, { viewer: d, withActions: true, title: rc.msg.notifyAnswered(item.ref), view: 'dm' }));
  }
  return after;
}

/** The submitter withdraws the item before its meeting. */
export async function withdrawItem(ctx: UseCaseContext, p: Prepared): Promise<AgendaItem> {
  const after: AgendaItem = { ...p.item, state: 'withdrawn', updatedAt: ctx.nowUtc };
  await save(ctx, p, after, 'withdraw');
  return after;
}
