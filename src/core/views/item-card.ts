import { nameOf } from '../i18n';
import type { ForumRef } from '../model/directory';
import { decisionVerbs, type Verb } from '../model/item-lifecycle';
import { type AgendaItem, isDecidedState } from '../model/records';
import { type ItemAction, type View, view } from '../model/view';
import { when } from './meeting-view';
import type { ViewContext } from './view-context';
import { consentDetails, consentSummary } from './consent-view';
import { type Audience, shownItem } from './shown-item';

/** The other end of a raise: where this item came from, and where it was raised to. */
export async function raiseLinks(ctx: ViewContext, item: Pick<AgendaItem, 'ref' | 'raisedFrom'>): Promise<string[]> {
  const raised = (await ctx.tx.itemsRaisedFrom(item.ref)).map((i) => i.ref);
  return [...(item.raisedFrom ? [ctx.msg.raisedFromLine(item.raisedFrom)] : []), ...(raised.length ? [ctx.msg.raisedToLine(raised.join(', '))] : [])];
}

/**
 * The decision buttons a decider is offered on an item: what the life cycle allows in its state
 * (not approving one's own item where the forum wants a second decider).
 */
export function decisionActions(ctx: ViewContext, ref: ForumRef, item: AgendaItem, deciderId: string): ItemAction[] {
  const m = ctx.msg;
  const late = item.state === 'late';
  const label: Record<Exclude<Verb, 'answer' | 'withdraw'>, string> = {
    approve: late ? m.buttonAccept : m.buttonApprove,
    reject: late ? m.buttonDecline : m.buttonReject,
    defer: late ? m.buttonMove : m.buttonDefer,
    ask: m.buttonAsk,
  };
  const verbs = decisionVerbs(item.state, { ownItem: item.submitterId === deciderId, secondDeciderRule: ref.forum.requireSecondDecider });
  // the late item's three choices first: take it anyway, move it, decline it
  const order = late ? ['approve', 'defer', 'reject', 'ask'] : ['approve', 'reject', 'defer', 'ask'];
  return order.filter((v): v is keyof typeof label => (verbs as string[]).includes(v)).map((verb) => ({
    verb, itemRef: item.ref, label: label[verb], command: `${verb} ${item.ref}${verb === 'defer' ? ' next' : ''}`,
    ...(verb === 'approve' ? { style: 'primary' as const } : verb === 'reject' ? { style: 'danger' as const } : {}),
    ...(verb === 'reject' ? { needsText: { label: m.fieldReason } } : verb === 'ask' ? { needsText: { label: m.fieldQuestion } } : {}),
  }));
}

/**
 * One item as a card for one person (`viewer`): the visibility rule decides what of it they see;
 * `withActions` adds the decision buttons when the viewer is a decider.
 */
export async function itemCard(ctx: ViewContext, ref: ForumRef, item: AgendaItem, opts: { viewer: string; withActions: boolean; title?: string; view?: 'item-card' | 'dm' }): Promise<View> {
  const m = ctx.msg;
  const audience: Audience = { kind: 'member', memberId: opts.viewer };
  const shown = await shownItem(ctx, audience, opts.view ?? 'item-card', item);
  const meeting = await ctx.tx.meeting(item.meetingId);
  const s: Partial<AgendaItem> = shown?.item ?? { ref: item.ref };
  const dir = ctx.directory;
  const category = s.category ? nameOf(m.categoryName, s.category) ?? s.category : undefined;
  // under a title of its own (a DM such as "Ny sak til …") the card still names its reference
  const head = [opts.title ? item.ref : undefined, s.kind ? m.kindName[s.kind] : undefined, category, s.title].filter(Boolean).join(' · ');
  const lines = [
    head,
    ...(s.description ? [s.description] : []),
    ...(s.submitterId ? [m.submittedBy(dir.displayName(ref.municipality, s.submitterId))] : []),
    ...(meeting ? [m.meetingLine(when(ctx, ref, meeting))] : []),
    ...(s.state
      ? [s.decidedBy && isDecidedState(s.state)
        ? m.stateBy[s.state](dir.displayName(ref.municipality, s.decidedBy))
        : m.stateLine(m.stateName[s.state])]
      : []),
    ...(s.reason ? [m.reasonLine(s.reason)] : []),
    ...(s.question ? [m.questionLine(s.question)] : []),
    ...(s.answer ? [m.answerLine(s.answer)] : []),
    ...(item.kind === 'case' && shown?.may('consent') && meeting ? await consentSummary(ctx, ref, item, meeting) : []),
    ...(item.kind === 'case' && shown?.may('consent-details') ? await consentDetails(ctx, item) : []),
    ...(shown ? await raiseLinks(ctx, item) : []),
  ];
  const card = view('item', opts.title ?? m.itemTitle(item.ref), { lines });
  card.itemRef = item.ref;
  // the chat message the item was made from: for those who may see it (the deciders and the submitter)
  if (s.sourceLink) card.link = { label: m.sourceLinkLabel, url: s.sourceLink };
  const deciders = ctx.directory.deciders(ref);
  if (opts.withActions && deciders.includes(opts.viewer)) {
    card.actions = decisionActions(ctx, ref, item, opts.viewer);
    card.actionsFor = deciders.filter((d) => decisionActions(ctx, ref, item, d).length);
  }
  return card;
}
