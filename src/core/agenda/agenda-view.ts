import type { ForumRef } from '../directory';
import type { AgendaItem, MeetingRecord } from '../model/records';
import { agendaSection, isUndecided } from '../model/item-lifecycle';
import { meetingSections } from '../commands/info-commands';
import type { CommandContext } from '../commands/types';
import { type Section, type View, view } from '../views';
import { consentProblem, consentSummary } from './consent-rules';
import { decidersOf, when } from './item-support';
import { formatDate } from '../i18n/format';
import { type Audience, shownItem } from './shown-item';
import { actionText } from '../minutes/minutes-view';

/**
 * One agenda line as the visibility rule lets `audience` see it: a topic with its title; a case by
 * reference and category with its consent facts (parents attend, agencies leaving), its title only for
 * those who may see it. Raised items name the other end of the link.
 */
function itemLine(ctx: CommandContext, ref: ForumRef, item: AgendaItem, meeting: MeetingRecord, audience: Audience, tag?: string): string | undefined {
  const shown = shownItem(ctx, audience, 'agenda', item);
  if (!shown) return undefined;
  const m = ctx.msg;
  const s = shown.item;
  const category = s.category ? m.categoryName[s.category] ?? s.category : '';
  const state = tag && s.state ? ` [${tag}]` : '';
  const links = [
    ...(item.raisedFrom ? [m.raisedFromLine(item.raisedFrom)] : []),
    ...ctx.deps.store.itemsRaisedFrom(item.ref).map((i) => m.raisedToLine(i.ref)),
  ];
  const tail = links.length ? ` (${links.join('; ')})` : '';
  if (item.kind === 'topic') return `• ${item.ref} · ${m.kindName.topic}: ${s.title ?? ''} (${category})${tail}${state}`;
  const facts = shown.may('consent') ? consentSummary(ctx, ref, item, meeting).filter((l) => l !== m.consentOk) : [];
  const title = s.title ? `: ${s.title}` : '';
  return `• ${item.ref} · ${m.kindName.case} (${category})${title}${facts.length ? ` · ${facts.join(' · ')}` : ''}${tail}${state}`;
}

const consentOk = (ctx: CommandContext, item: AgendaItem, meeting: MeetingRecord) => !consentProblem(ctx, item, meeting);

/**
 * What the minutes of earlier meetings carry over: open actions of the forum, and items on the
 * previous meeting's agenda that got no decision (unfinished). An unfinished case whose consent does
 * not cover this meeting is not carried over to the members; the deciders see it among the pending.
 */
function carriedFromMinutes(ctx: CommandContext, ref: ForumRef, meeting: MeetingRecord, audience: Audience): { carried: string[]; needConsent: AgendaItem[] } {
  const { store } = ctx.deps;
  const earlier = store.meetingsOfForum(ref.municipality.id, ref.forum.id).filter((mt) => mt.status === 'planned' && mt.startUtc < meeting.startUtc);
  const earlierIds = new Set(earlier.map((mt) => mt.id));
  const actions = store.actionsOfForum(ref.municipality.id, ref.forum.id)
    .filter((a) => a.status === 'open' && earlierIds.has(a.meetingId))
    .flatMap((a) => {
      const item = store.item(a.itemRef);
      const line = item && actionText(ctx, ref, a, audience, item, 'agenda', 'carried');
      return line ? [line] : [];
    });
  const previous = earlier[earlier.length - 1];
  const unfinished = previous
    ? store.itemsOfMeeting(previous.id)
      .filter((i) => i.state === 'approved' && !store.entriesOfMeeting(previous.id).some((e) => e.itemRef === i.ref && e.kind === 'decision'))
    : [];
  const carried = unfinished.filter((i) => consentOk(ctx, i, meeting)).flatMap((i) => {
    const line = itemLine(ctx, ref, i, meeting, audience);
    return line ? [`${line} (${ctx.msg.unfinished(formatDate(previous!.date))})`] : [];
  });
  return { carried: [...carried, ...actions], needConsent: unfinished.filter((i) => !consentOk(ctx, i, meeting)) };
}

/**
 * Items raised from other forums, listed under the standing item the forum names for them
 * (`raisedItemsUnder`, e.g. Stange's politiråd: "Saker fra SLT-møtet og andre nivåer").
 */
const underStanding = (ref: ForumRef, item: AgendaItem) => Boolean(ref.forum.raisedItemsUnder && item.raisedFrom);

/**
 * The agenda of one meeting as `audience` may see it: standing items, approved items, carried over,
 * and, for the deciders, the items still waiting for a decision. Sections come from the item life cycle.
 */
export function agendaView(ctx: CommandContext, ref: ForumRef, meeting: MeetingRecord, audience: Audience): View {
  const m = ctx.msg;
  const items = ctx.deps.store.itemsOfMeeting(meeting.id);
  const line = (i: AgendaItem) => itemLine(ctx, ref, i, meeting, audience);
  const section = (i: AgendaItem) => agendaSection(i, consentOk(ctx, i, meeting));
  const lines = (list: AgendaItem[]) => list.flatMap((i) => line(i) ?? []);
  const approved = items.filter((i) => section(i) === 'items');
  const fromMinutes = carriedFromMinutes(ctx, ref, meeting, audience);
  const carriedLines = [...lines(items.filter((i) => section(i) === 'carried')), ...fromMinutes.carried];
  const pending = [...items.filter((i) => section(i) === 'pending'), ...fromMinutes.needConsent];
  const decider = audience.kind === 'member' && decidersOf(ctx, ref).includes(audience.memberId);
  const sections: Section[] = meetingSections(ctx, ref, meeting);
  if (ref.forum.standingItems.length) {
    const raised = lines(approved.filter((i) => underStanding(ref, i)));
    sections.push({
      heading: m.standingItems,
      lines: ref.forum.standingItems.flatMap((s) => [`• ${s}`, ...(s === ref.forum.raisedItemsUnder ? raised.map((l) => `   ${l}`) : [])]),
    });
  }
  const own = lines(approved.filter((i) => !underStanding(ref, i)));
  sections.push({ heading: m.approvedItems, lines: own.length ? own : [m.noItems] });
  if (carriedLines.length) sections.push({ heading: m.carriedOver, lines: carriedLines });
  // an item on an agenda whose case lacks valid consent for this meeting waits for consent
  const tag = (i: AgendaItem) => m.stateName[isUndecided(i.state) ? i.state : 'needs-consent']!;
  if (decider && pending.length) sections.push({ heading: m.pendingItems, lines: pending.flatMap((i) => itemLine(ctx, ref, i, meeting, audience, tag(i)) ?? []) });
  return view('agenda', m.agendaTitle(ref.forum.name, when(ctx, ref, meeting)), ...sections);
}
