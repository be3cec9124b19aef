import type { ForumRef } from '../directory';
import type { AgendaItem, MeetingRecord } from '../model/records';
import { meetingSections } from '../commands/info-commands';
import type { CommandContext } from '../commands/types';
import { type View, view } from '../views';
import { consentSummary } from './consent-rules';
import { when } from './item-support';
import { formatDate } from '../i18n/format';

/**
 * One agenda line. In public (channel) views a case is only its reference, kind and category, with
 * consent facts (parents attend, agencies leaving); deciders also see its title in private views.
 */
function itemLine(ctx: CommandContext, ref: ForumRef, item: AgendaItem, audience: 'public' | 'decider'): string {
  const m = ctx.msg;
  const category = m.categoryName[item.category] ?? item.category;
  const state = audience === 'decider' && item.state !== 'approved' ? ` [${m.stateName[item.state]}]` : '';
  if (item.kind === 'topic') return `• ${item.ref} · ${m.kindName.topic}: ${item.title} (${category})${state}`;
  const facts = consentSummary(ctx, ref, item).filter((l) => l !== m.consentOk);
  const title = audience === 'decider' ? `: ${item.title}` : '';
  return `• ${item.ref} · ${m.kindName.case} (${category})${title}${facts.length ? ` · ${facts.join(' · ')}` : ''}${state}`;
}

/**
 * What the minutes of earlier meetings carry over: open actions of the forum, and approved items of
 * the previous meeting that got no decision (unfinished).
 */
function carriedFromMinutes(ctx: CommandContext, ref: ForumRef, meeting: MeetingRecord, audience: 'public' | 'decider'): string[] {
  const { store, directory } = ctx.deps;
  const earlier = store.meetingsOfForum(ref.municipality.id, ref.forum.id).filter((mt) => mt.status === 'planned' && mt.startUtc < meeting.startUtc);
  const earlierIds = new Set(earlier.map((mt) => mt.id));
  const actions = store.actionsOfForum(ref.municipality.id, ref.forum.id)
    .filter((a) => a.status === 'open' && earlierIds.has(a.meetingId))
    .map((a) => ctx.msg.carriedAction(a.id, a.text, directory.member(ref.municipality, a.ownerId)?.name ?? a.ownerId, formatDate(a.due)));
  const previous = earlier[earlier.length - 1];
  const unfinished = previous
    ? store.itemsOfMeeting(previous.id)
      .filter((i) => i.state === 'approved' && !store.entriesOfMeeting(previous.id).some((e) => e.itemRef === i.ref && e.kind === 'decision'))
      .map((i) => `${itemLine(ctx, ref, i, audience)} (${ctx.msg.unfinished(formatDate(previous.date))})`)
    : [];
  return [...unfinished, ...actions];
}

/** The agenda of one meeting: standing items, approved items, carried over, and (deciders only) pending. */
export function agendaView(ctx: CommandContext, ref: ForumRef, meeting: MeetingRecord, audience: 'public' | 'decider'): View {
  const m = ctx.msg;
  const items = ctx.deps.store.itemsOfMeeting(meeting.id);
  const line = (i: AgendaItem) => itemLine(ctx, ref, i, audience);
  const approved = items.filter((i) => i.state === 'approved' && !i.carriedFrom);
  const carried = items.filter((i) => i.carriedFrom && (i.state === 'approved' || i.state === 'deferred'));
  const pending = items.filter((i) => ['submitted', 'late', 'needs-info'].includes(i.state) || (i.state === 'deferred' && !i.carriedFrom));
  const sections = meetingSections(ctx, ref, meeting);
  // deferred and moved items first, then what the minutes of earlier meetings left open
  const carriedLines = [...carried.map(line), ...carriedFromMinutes(ctx, ref, meeting, audience)];
  if (ref.forum.standingItems.length) sections.push({ heading: m.standingItems, lines: ref.forum.standingItems.map((s) => `• ${s}`) });
  sections.push({ heading: m.approvedItems, lines: approved.length ? approved.map(line) : [m.noItems] });
  if (carriedLines.length) sections.push({ heading: m.carriedOver, lines: carriedLines });
  if (audience === 'decider' && pending.length) sections.push({ heading: m.pendingItems, lines: pending.map(line) });
  return view('agenda', m.agendaTitle(ref.forum.name, when(ctx, ref, meeting)), ...sections);
}
