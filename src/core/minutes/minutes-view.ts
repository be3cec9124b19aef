import { when } from '../agenda/item-support';
import type { CommandContext } from '../commands/types';
import type { ForumRef } from '../directory';
import { formatDate } from '../i18n/format';
import type { ActionRecord, AgendaItem, MeetingRecord } from '../model/records';
import { type Section, type View, view } from '../views';

/** How an item is named: a topic by its title; a case by reference and category (title only for deciders). */
export function itemLabel(ctx: CommandContext, item: AgendaItem, audience: 'public' | 'decider'): string {
  const category = ctx.msg.categoryName[item.category] ?? item.category;
  if (item.kind === 'topic') return `${item.ref} · ${item.title}`;
  return `${item.ref} · ${ctx.msg.kindName.case} (${category})${audience === 'decider' ? `: ${item.title}` : ''}`;
}

export const actionText = (ctx: CommandContext, ref: ForumRef, a: ActionRecord): string =>
  ctx.msg.actionLine(a.id, a.text, ctx.deps.directory.member(ref.municipality, a.ownerId)?.name ?? a.ownerId, formatDate(a.due))
  + (a.status === 'done' ? ctx.msg.actionDoneMark : '');

/**
 * The minutes of a meeting. The draft (for the forum) has notes; the channel summary has only
 * attendance, decisions and actions, and never a case's title or description.
 */
export function minutesView(ctx: CommandContext, ref: ForumRef, mt: MeetingRecord, kind: 'draft' | 'summary', audience: 'public' | 'decider'): View {
  const { store, directory } = ctx.deps;
  const m = ctx.msg;
  const entries = store.entriesOfMeeting(mt.id);
  const actions = store.actionsOfMeeting(mt.id);
  const items = store.itemsOfMeeting(mt.id).filter((i) => i.state === 'approved' || entries.some((e) => e.itemRef === i.ref) || actions.some((a) => a.itemRef === i.ref));
  const name = (id: string) => directory.member(ref.municipality, id)?.name ?? id;
  const sections: Section[] = [];
  const attendance = store.attendanceOf(mt.id);
  const regrets = attendance.filter((a) => a.status === 'regrets').map((a) => name(a.memberId));
  const deputies = attendance.filter((a) => a.status === 'deputy' && a.deputyId).map((a) => m.deputyLine(name(a.deputyId!), name(a.memberId)));
  if (regrets.length || deputies.length) sections.push({ heading: m.attendance, lines: [...(regrets.length ? [m.regretsLine(regrets.join(', '))] : []), ...deputies] });
  for (const item of items) {
    const lines = [
      ...entries.filter((e) => e.itemRef === item.ref && e.kind === 'decision').map((e) => m.decisionLine(e.text)),
      ...(kind === 'draft' ? entries.filter((e) => e.itemRef === item.ref && e.kind === 'note').map((e) => m.noteLine(e.text)) : []),
      ...actions.filter((a) => a.itemRef === item.ref).map((a) => actionText(ctx, ref, a)),
    ];
    sections.push({ heading: itemLabel(ctx, item, audience), lines: lines.length ? lines : [m.noEntries] });
  }
  const approved = store.minutes(mt.id)?.status === 'approved';
  const title = kind === 'summary' ? m.summaryTitle(ref.forum.name, when(ctx, ref, mt)) : m.minutesTitle(ref.forum.name, when(ctx, ref, mt), approved);
  return view(kind === 'summary' ? 'agenda' : 'info', title, ...sections);
}
