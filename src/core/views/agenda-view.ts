import { nameOf } from '../i18n';
import type { ForumRef } from '../model/directory';
import type { AgendaItem, MeetingRecord } from '../model/records';
import { agendaSection, isUndecided } from '../model/item-lifecycle';
import { type Section, type View, view } from '../model/view';
import { consentProblem, consentSummary } from './consent-view';
import { meetingSections, when } from './meeting-view';
import type { ViewContext } from './view-context';
import { formatDate } from '../i18n/format';
import { type Audience, shownItem } from './shown-item';
import { actionText } from './minutes-view';
import { flatMapSeq, listOf, mapSeq } from './sequential';

/**
 * One agenda line as the visibility rule lets `audience` see it: a topic with its title; a case by
 * reference and category with its consent facts (parents attend, agencies leaving), its title only for
 * those who may see it. Raised items name the other end of the link.
 */
async function itemLine(ctx: ViewContext, ref: ForumRef, item: AgendaItem, meeting: MeetingRecord, audience: Audience, tag?: string): Promise<string | undefined> {
  const shown = await shownItem(ctx, audience, 'agenda', item);
  if (!shown) return undefined;
  const m = ctx.msg;
  const s = shown.item;
  const category = s.category ? nameOf(m.categoryName, s.category) ?? s.category : '';
  const state = tag && s.state ? ` [${tag}]` : '';
  const links = [
    ...(item.raisedFrom ? [m.raisedFromLine(item.raisedFrom)] : []),
    ...(await ctx.tx.itemsRaisedFrom(item.ref)).map((i) => m.raisedToLine(i.ref)),
  ];
  const tail = links.length ? ` (${links.join('; ')})` : '';
  if (item.kind === 'topic') return `• ${item.ref} · ${m.kindName.topic}: ${s.title ?? ''} (${category})${tail}${state}`;
  const facts = shown.may('consent') ? (await consentSummary(ctx, ref, item, meeting)).filter((l) => l !== m.consentOk) : [];
  const title = s.title ? `: ${s.title}` : '';
  return `• ${item.ref} · ${m.kindName.case} (${category})${title}${facts.length ? ` · ${facts.join(' · ')}` : ''}${tail}${state}`;
}

/** The items on a meeting's agenda that got no decision there (unfinished): the next planned meeting's agenda carries them over. */
export async function unfinishedItems(ctx: Pick<ViewContext, 'tx'>, meeting: MeetingRecord): Promise<AgendaItem[]> {
  const decided = new Set((await ctx.tx.entriesOfMeeting(meeting.id)).filter((e) => e.kind === 'decision').map((e) => e.itemRef));
  return (await ctx.tx.itemsOfMeeting(meeting.id)).filter((i) => i.state === 'approved' && !decided.has(i.ref));
}

const consentOk = async (ctx: ViewContext, item: AgendaItem, meeting: MeetingRecord) => !(await consentProblem(ctx, item, meeting));

/**
 * What the minutes of earlier meetings carry over: open actions of the forum, and items on the
 * previous meeting's agenda that got no decision (unfinished). An unfinished case whose consent does
 * not cover this meeting is not carried over to the members; the deciders see it among the pending.
 */
async function carriedFromMinutes(ctx: ViewContext, ref: ForumRef, meeting: MeetingRecord, audience: Audience): Promise<{ carried: string[]; needConsent: AgendaItem[] }> {
  const store = ctx.tx;
  const earlier = (await store.meetingsOfForum(ref.municipality.id, ref.forum.id)).filter((mt) => mt.status === 'planned' && mt.startUtc < meeting.startUtc);
  const earlierIds = new Set(earlier.map((mt) => mt.id));
  const open = (await store.actionsOfForum(ref.municipality.id, ref.forum.id)).filter((a) => a.status === 'open' && earlierIds.has(a.meetingId));
  const actions = await flatMapSeq(open, async (a) => {
    const item = await store.item(a.itemRef);
    const line = item && await actionText(ctx, ref, a, audience, item, 'agenda', 'carried');
    return line ? [line] : [];
  });
  const previous = earlier[earlier.length - 1];
  const unfinished = previous ? await unfinishedItems(ctx, previous) : [];
  const fits = await mapSeq(unfinished, (i) => consentOk(ctx, i, meeting));
  const carried = await flatMapSeq(unfinished.filter((_, k) => fits[k]), async (i) => {
    const line = await itemLine(ctx, ref, i, meeting, audience);
    return line ? [`${line} (${ctx.msg.unfinished(formatDate(previous!.date))})`] : [];
  });
  return { carried: [...carried, ...actions], needConsent: unfinished.filter((_, k) => !fits[k]) };
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
export async function agendaView(ctx: ViewContext, ref: ForumRef, meeting: MeetingRecord, audience: Audience): Promise<View> {
  const m = ctx.msg;
  const items = await ctx.tx.itemsOfMeeting(meeting.id);
  const sectionOf = new Map<AgendaItem, ReturnType<typeof agendaSection>>();
  for (const i of items) sectionOf.set(i, agendaSection(i, await consentOk(ctx, i, meeting)));
  const lines = (list: AgendaItem[]) => flatMapSeq(list, async (i) => listOf(await itemLine(ctx, ref, i, meeting, audience)));
  const approved = items.filter((i) => sectionOf.get(i) === 'items');
  const fromMinutes = await carriedFromMinutes(ctx, ref, meeting, audience);
  const carriedLines = [...await lines(items.filter((i) => sectionOf.get(i) === 'carried')), ...fromMinutes.carried];
  const pending = [...items.filter((i) => sectionOf.get(i) === 'pending'), ...fromMinutes.needConsent];
  const decider = audience.kind === 'member' && ctx.directory.deciders(ref).includes(audience.memberId);
  const sections: Section[] = meetingSections(ctx, ref, meeting);
  if (ref.forum.standingItems.length) {
    const raised = await lines(approved.filter((i) => underStanding(ref, i)));
    sections.push({
      heading: m.standingItems,
      lines: ref.forum.standingItems.flatMap((s) => [`• ${s}`, ...(s === ref.forum.raisedItemsUnder ? raised.map((l) => `   ${l}`) : [])]),
    });
  }
  const own = await lines(approved.filter((i) => !underStanding(ref, i)));
  sections.push({ heading: m.approvedItems, lines: own.length ? own : [m.noItems] });
  if (carriedLines.length) sections.push({ heading: m.carriedOver, lines: carriedLines });
  // an item on an agenda whose case lacks valid consent for this meeting waits for consent
  const tag = (i: AgendaItem) => m.stateName[isUndecided(i.state) ? i.state : 'needs-consent'];
  if (decider && pending.length) sections.push({ heading: m.pendingItems, lines: await flatMapSeq(pending, async (i) => listOf(await itemLine(ctx, ref, i, meeting, audience, tag(i)))) });
  return view('agenda', m.agendaTitle(ref.forum.name, when(ctx, ref, meeting)), ...sections);
}
