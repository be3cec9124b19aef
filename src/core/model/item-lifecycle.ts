import type { ItemState } from './records';

/**
 * The life cycle of an agenda item, declared once. The command checks, the buttons a card offers,
 * the pending lists (agenda, the deciders' digest, the scheduler's carry-over) and the agenda's
 * sections all read this table, so they cannot disagree.
 */

/** Where a state puts an item: still to be decided, on a meeting's agenda, or finished. */
export type Phase = 'pending' | 'on-agenda' | 'closed';

export const PHASE: Record<ItemState, Phase> = {
  submitted: 'pending',
  late: 'pending',
  'needs-info': 'pending',
  /** was on an agenda, but its consent does not cover the meeting it is now for */
  'needs-consent': 'pending',
  approved: 'on-agenda',
  /** decided at an earlier meeting to be taken at a later one (shown as carried over) */
  deferred: 'on-agenda',
  rejected: 'closed',
  declined: 'closed',
  withdrawn: 'closed',
};

export type Verb = 'approve' | 'reject' | 'defer' | 'ask' | 'answer' | 'withdraw';
export const DECISION_VERBS = ['approve', 'reject', 'defer', 'ask'] as const satisfies readonly Verb[];

/** Who takes a step: the forum's deciders (convener, coordinator), the item's submitter, or the bot itself. */
export type Taker = 'decider' | 'submitter' | 'system';

/**
 * What a step needs besides the state:
 * - `meeting-ahead`: the item's meeting has not started (an undecided item of a started meeting is first
 *   carried to the next meeting, see `carryOver`);
 * - `consent-valid`: a case's consent (or legal basis) is valid on the meeting's date;
 * - `second-decider`: where the forum has `requireSecondDecider`, not the decider's own item;
 * - `text`: a reason, question or answer.
 */
export type Requirement = 'meeting-ahead' | 'consent-valid' | 'second-decider' | 'text';

/** Why a step is refused in a state (each has a whole sentence in the message catalogs). */
export type Refusal = 'closed' | 'already-approved' | 'reject-approved' | 'already-asked' | 'ask-decided' | 'nothing-to-answer';

export interface Transition {
  by: Taker;
  from: readonly ItemState[];
  requires: readonly Requirement[];
  /** the refusal for states outside `from` that are not closed */
  refusals: Partial<Record<ItemState, Refusal>>;
}

const UNDECIDED: readonly ItemState[] = ['submitted', 'late', 'needs-info', 'needs-consent'];

export const TRANSITIONS: Record<Verb, Transition> = {
  /** on the agenda (a late item: taken anyway) */
  approve: { by: 'decider', from: [...UNDECIDED, 'deferred'], requires: ['meeting-ahead', 'consent-valid', 'second-decider'], refusals: { approved: 'already-approved' } },
  /** off the agenda with a reason (a late item: declined) */
  reject: { by: 'decider', from: [...UNDECIDED, 'deferred'], requires: ['meeting-ahead', 'text'], refusals: { approved: 'reject-approved' } },
  /** to a later meeting (a late item: moved, and in time there); a case whose consent ends before it waits for consent */
  defer: { by: 'decider', from: [...UNDECIDED, 'deferred', 'approved'], requires: ['meeting-ahead'], refusals: {} },
  /** a question to the submitter: one open question at a time, before the item is decided */
  ask: { by: 'decider', from: ['submitted', 'late', 'needs-consent', 'deferred'], requires: ['meeting-ahead', 'text'], refusals: { 'needs-info': 'already-asked', approved: 'ask-decided' } },
  /** the submitter's answer: back to be decided */
  answer: { by: 'submitter', from: ['needs-info'], requires: ['meeting-ahead', 'text'], refusals: { submitted: 'nothing-to-answer', late: 'nothing-to-answer', 'needs-consent': 'nothing-to-answer', approved: 'nothing-to-answer', deferred: 'nothing-to-answer' } },
  /** the submitter takes the item back before the meeting */
  withdraw: { by: 'submitter', from: [...UNDECIDED, 'deferred', 'approved'], requires: ['meeting-ahead'], refusals: {} },
};

/**
 * Steps the bot takes on its own:
 * - `carry-over`: an undecided item whose meeting has started moves to the next planned meeting,
 *   still undecided (or stays open when no meeting is planned); the deciders are told once.
 * - `lose-consent`: a case on an agenda whose consent does not cover that meeting (deferred past its
 *   expiry, or a new consent that ends before it) goes back to the deciders as `needs-consent`.
 */
export const SYSTEM_TRANSITIONS = {
  'carry-over': { by: 'system', from: UNDECIDED },
  'lose-consent': { by: 'system', from: ['approved', 'deferred'] as readonly ItemState[], to: 'needs-consent' as ItemState },
} as const;

export const isUndecided = (state: ItemState): boolean => PHASE[state] === 'pending';
export const isOnAgenda = (state: ItemState): boolean => PHASE[state] === 'on-agenda';
export const isClosed = (state: ItemState): boolean => PHASE[state] === 'closed';

/** Undefined when `verb` may be taken in `state`, else why not. */
export function refusalOf(verb: Verb, state: ItemState): Refusal | undefined {
  const t = TRANSITIONS[verb];
  if (t.from.includes(state)) return undefined;
  return isClosed(state) ? 'closed' : t.refusals[state] ?? 'closed';
}

/**
 * The decision buttons a card offers a decider: every decision verb the state allows, except
 * approving one's own item where the forum wants a second decider.
 */
export function decisionVerbs(state: ItemState, viewer: { ownItem: boolean; secondDeciderRule: boolean }): Verb[] {
  return DECISION_VERBS.filter((v) => refusalOf(v, state) === undefined
    && !(v === 'approve' && viewer.ownItem && viewer.secondDeciderRule));
}

/** The agenda section an item of a meeting belongs to (undefined: not on the agenda at all). */
export type AgendaSection = 'items' | 'carried' | 'pending';

export function agendaSection(item: { state: ItemState; carriedFrom?: string; kind: string }, consentValid: boolean): AgendaSection | undefined {
  const phase = PHASE[item.state];
  if (phase === 'closed') return undefined;
  if (phase === 'pending') return 'pending';
  // a case reaches the members' agenda only with consent valid on the meeting's date
  if (item.kind === 'case' && !consentValid) return 'pending';
  return item.state === 'deferred' || item.carriedFrom ? 'carried' : 'items';
}
