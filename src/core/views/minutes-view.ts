import { nameOf } from '../i18n';
import { when } from './meeting-view';
import { outlookResponseSection } from './outlook-view';
import { flatMapSeq, listOf } from './sequential';
import type { ViewContext } from './view-context';
import { type Audience, shownItem, type ShownItem } from './shown-item';
import type { ForumRef } from '../model/directory';
import { formatDate } from '../i18n/format';
import type { ActionRecord, AgendaItem, MeetingRecord } from '../model/records';
import type { ItemViewKind } from '../model/visibility';
import { type Section, type View, view } from '../model/view';

/** How an item is named: its reference, kind and category, and its title where the viewer may see it. */
export function itemLabel(ctx: ViewContext, shown: ShownItem): string {
  const s = shown.item;
  const category = s.category ? nameOf(ctx.msg.categoryName, s.category) ?? s.category : '';
  if (s.kind === 'topic') return `${s.ref} · ${s.title ?? ''}`;
  return `${s.ref} · ${ctx.msg.kindName.case} (${category})${s.title ? `: ${s.title}` : ''}`;
}

/**
 * One action as `audience` may see it in `view`: undefined when they may not read its text (an owner
 * outside a case's consent, an agency outside it reading the minutes).
 */
export async function actionText(ctx: ViewContext, ref: ForumRef, a: ActionRecord, audience: Audience, item: AgendaItem, view: ItemViewKind, format: 'line' | 'carried' = 'line'): Promise<string | undefined> {
  if (!(await shownItem(ctx, audience, view, item))?.may('actions')) return undefined;
  const owner = ctx.directory.member(ref.municipality, a.ownerId)?.name ?? a.ownerId;
  if (format === 'carried') return ctx.msg.carriedAction(a.id, a.text, owner, formatDate(a.due));
  return ctx.msg.actionLine(a.id, a.text, owner, formatDate(a.due)) + (a.status === 'done' ? ctx.msg.actionDoneMark : '');
}

/** An action for its owner: the text, or (when its case's consent no longer covers them) only its number and due date. */
export async function ownActionText(ctx: ViewContext, ref: ForumRef, a: ActionRecord, view: ItemViewKind): Promise<string> {
  const item = await ctx.tx.item(a.itemRef);
  const text = item && await actionText(ctx, ref, a, { kind: 'member', memberId: a.ownerId }, item, view);
  return text ?? ctx.msg.actionHidden(a.id, a.itemRef, formatDate(a.due));
}

/**
 * The minutes of a meeting as `audience` may see them. The draft has notes; the channel summary has
 * only attendance, decisions and actions. A case's decisions, notes and actions are shown only to
 * those its consent covers (and the deciders); the others see its reference and category.
 */
export async function minutesView(ctx: ViewContext, ref: ForumRef, mt: MeetingRecord, kind: 'draft' | 'summary', audience: Audience): Promise<View> {
  const { tx: store, directory } = ctx;
  const m = ctx.msg;
  const viewKind: ItemViewKind = kind === 'summary' ? 'channel-summary' : 'minutes-draft';
  const entries = await store.entriesOfMeeting(mt.id);
  const actions = await store.actionsOfMeeting(mt.id);
  const items = (await store.itemsOfMeeting(mt.id)).filter((i) => i.state === 'approved' || entries.some((e) => e.itemRef === i.ref) || actions.some((a) => a.itemRef === i.ref));
  const name = (id: string) => directory.member(ref.municipality, id)?.name ?? id;
  const sections: Section[] = [];
  const attendance = await store.attendanceOf(mt.id);
  const regrets = attendance.filter((a) => a.status === 'regrets').map((a) => name(a.memberId));
  const deputies = attendance.filter((a) => a.status === 'deputy' && a.deputyId).map((a) => m.deputyLine(name(a.deputyId!), name(a.memberId)));
  if (regrets.length || deputies.length) sections.push({ heading: m.attendance, lines: [...(regrets.length ? [m.regretsLine(regrets.join(', '))] : []), ...deputies] });
  // the channel is read by the forum's people only; a person by their role in the forum
  const answers = await outlookResponseSection(ctx, ref, mt.id, audience.kind === 'member' ? directory.roleIn(ref, audience.memberId) : 'member');
  if (answers) sections.push(answers);
  for (const item of items) {
    const shown = await shownItem(ctx, audience, viewKind, item);
    if (!shown) continue;
    const own = (k: 'decision' | 'note') => entries.filter((e) => e.itemRef === item.ref && e.kind === k);
    const numbered = kind === 'draft';
    const lines = [
      ...(shown.may('decisions') ? own('decision').map((e, i) => (numbered ? m.decisionLineNumbered(i + 1, e.text) : m.decisionLine(e.text))) : []),
      ...(shown.may('notes') ? own('note').map((e, i) => m.noteLineNumbered(i + 1, e.text)) : []),
      ...await flatMapSeq(actions.filter((a) => a.itemRef === item.ref), async (a) => listOf(await actionText(ctx, ref, a, audience, item, viewKind))),
    ];
    const restricted = !shown.may('decisions');
    sections.push({ heading: itemLabel(ctx, shown), lines: lines.length ? lines : [restricted ? m.restrictedCase : m.noEntries] });
  }
  const approved = (await store.minutes(mt.id))?.status === 'approved';
  const title = kind === 'summary' ? m.summaryTitle(ref.forum.name, when(ctx, ref, mt)) : m.minutesTitle(ref.forum.name, when(ctx, ref, mt), approved);
  return view(kind === 'summary' ? 'agenda' : 'info', title, ...sections);
}
