import type { ForumRef } from '../directory';
import type { AgendaItem } from '../model/records';
import type { CommandContext } from '../commands/types';
import { type ItemAction, type View, view } from '../views';
import { decidersOf, when } from './item-support';
import { consentSummary } from './consent-rules';

function linksTo(ctx: CommandContext, item: AgendaItem): string[] {
  const raised = ctx.deps.store.itemsRaisedFrom(item.ref).map((i) => i.ref);
  return raised.length ? [ctx.msg.raisedToLine(raised.join(', '))] : [];
}

/** Decision buttons for an item in its current state (only ever put into views for deciders). */
export function decisionActions(ctx: CommandContext, item: AgendaItem): ItemAction[] {
  const m = ctx.msg;
  const a = (verb: ItemAction['verb'], label: string, style?: ItemAction['style'], needsText?: string): ItemAction => ({
    verb, itemRef: item.ref, label, command: `${verb} ${item.ref}${verb === 'defer' ? ' next' : ''}`,
    ...(style ? { style } : {}), ...(needsText ? { needsText: { label: needsText } } : {}),
  });
  if (item.state === 'late') {
    return [a('approve', m.buttonAccept, 'primary'), a('defer', m.buttonMove), a('reject', m.buttonDecline, 'danger', m.reasonLine('').replace(/:\s*$/, ''))];
  }
  if (['submitted', 'deferred', 'needs-info'].includes(item.state)) {
    return [
      a('approve', m.buttonApprove, 'primary'),
      a('reject', m.buttonReject, 'danger', m.reasonLine('').replace(/:\s*$/, '')),
      a('defer', m.buttonDefer),
      a('ask', m.buttonAsk, undefined, m.questionLine('').replace(/:\s*$/, '')),
    ];
  }
  return [];
}

/**
 * One item as a card. `privateView` shows title and description of a case (only for the submitter,
 * conveners and the coordinator, never in a channel); `withActions` adds the decision buttons.
 */
export function itemCard(ctx: CommandContext, ref: ForumRef, item: AgendaItem, opts: { privateView: boolean; withActions: boolean; title?: string }): View {
  const m = ctx.msg;
  const meeting = ctx.deps.store.meeting(item.meetingId);
  const showTitle = item.kind === 'topic' || opts.privateView;
  // under a title of its own (a DM such as "Ny sak til …") the card still names its reference
  const lines = [
    `${opts.title ? `${item.ref} · ` : ''}${m.kindName[item.kind]} · ${m.categoryName[item.category] ?? item.category}${showTitle ? ` · ${item.title}` : ''}`,
    ...(opts.privateView && item.description ? [item.description] : []),
    m.submittedBy(ctx.deps.directory.displayName(ref.municipality, item.submitterId)),
    ...(meeting ? [m.meetingLine(when(ctx, ref, meeting))] : []),
    item.decidedBy && ['approved', 'rejected', 'declined', 'deferred'].includes(item.state)
      ? m.decidedBy(m.stateLine(m.stateName[item.state]!), ctx.deps.directory.displayName(ref.municipality, item.decidedBy))
      : m.stateLine(m.stateName[item.state]!),
    ...(opts.privateView && item.reason ? [m.reasonLine(item.reason)] : []),
    ...(opts.privateView && item.question ? [m.questionLine(item.question)] : []),
    ...(opts.privateView && item.answer ? [m.answerLine(item.answer)] : []),
    ...(item.kind === 'case' ? consentSummary(ctx, ref, item) : []),
    ...(item.raisedFrom ? [m.raisedFromLine(item.raisedFrom)] : []),
    ...linksTo(ctx, item),
  ];
  const card = view('item', opts.title ?? m.itemTitle(item.ref), { lines });
  card.itemRef = item.ref;
  if (opts.withActions) {
    card.actions = decisionActions(ctx, item);
    card.actionsFor = decidersOf(ctx, ref);
  }
  return card;
}
