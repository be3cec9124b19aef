import type { ForumRef } from '../directory';
import type { AgendaItem, MeetingRecord } from '../model/records';
import { meetingSections } from '../commands/info-commands';
import type { CommandContext } from '../commands/types';
import { type View, view } from '../views';
import { consentSummary } from './consent-rules';
import { when } from './item-support';

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

/** The agenda of one meeting: standing items, approved items, carried over, and (deciders only) pending. */
export function agendaView(ctx: CommandContext, ref: ForumRef, meeting: MeetingRecord, audience: 'public' | 'decider'): View {
  const m = ctx.msg;
  const items = ctx.deps.store.itemsOfMeeting(meeting.id);
  const line = (i: AgendaItem) => itemLine(ctx, ref, i, audience);
  const approved = items.filter((i) => i.state === 'approved' && !i.carriedFrom);
  const carried = items.filter((i) => i.carriedFrom && (i.state === 'approved' || i.state === 'deferred'));
  const pending = items.filter((i) => ['submitted', 'late', 'needs-info'].includes(i.state) || (i.state === 'deferred' && !i.carriedFrom));
  const sections = meetingSections(ctx, ref, meeting);
  if (ref.forum.standingItems.length) sections.push({ heading: m.standingItems, lines: ref.forum.standingItems.map((s) => `• ${s}`) });
  sections.push({ heading: m.approvedItems, lines: approved.length ? approved.map(line) : [m.noItems] });
  if (carried.length) sections.push({ heading: m.carriedOver, lines: carried.map(line) });
  if (audience === 'decider' && pending.length) sections.push({ heading: m.pendingItems, lines: pending.map(line) });
  return view('agenda', m.agendaTitle(ref.forum.name, when(ctx, ref, meeting)), ...sections);
}
