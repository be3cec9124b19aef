import type { ForumRef } from '../model/directory';
import { agendaSection } from '../model/item-lifecycle';
import type { AgendaItem } from '../model/records';
import { type ItemFacts, type ItemField, type ItemViewKind, type PersonViewer, type Viewer, visibleFields } from '../model/visibility';
import { consentValidOn } from '../model/consent';
import { coverageOf } from './consent-view';
import type { ViewContext } from './view-context';

/** Who looks: a member of the municipality, the forum's channel, the archive export, or the statistics. */
export type Audience = { kind: 'member'; memberId: string } | { kind: 'channel' } | { kind: 'archive' } | { kind: 'statistics' };

/** What a renderer needs to ask the rule: the store and directory, the time, and where to note revealed cases. */
export type SeeContext = Pick<ViewContext, 'tx' | 'directory' | 'nowUtc' | 'revealed'>;

/** An item as one viewer may see it in one view: fields they may not see are absent. */
export interface ShownItem {
  item: Partial<AgendaItem> & Pick<AgendaItem, 'meetingId' | 'municipalityId' | 'forumId'>;
  may(field: ItemField): boolean;
}

/** The item's properties each field stands for (references and meeting ids are structural, not text). */
const PROPS: Partial<Record<ItemField, readonly (keyof AgendaItem)[]>> = {
  ref: ['ref', 'carriedFrom', 'raisedFrom'],
  kind: ['kind'],
  category: ['category'],
  state: ['state', 'late', 'decidedBy', 'decidedAt'],
  submitter: ['submitterId'],
  title: ['title'],
  description: ['description'],
  reason: ['reason'],
  question: ['question'],
  answer: ['answer'],
  source: ['sourceLink'],
};
const ERASABLE: readonly ItemField[] = ['title', 'description', 'reason', 'question', 'answer', 'consent-details', 'source'];

/** The facts the rule needs about an item: its kind, who its consent covers on the meeting's date, whether the forum has seen it. */
export async function itemFacts(ctx: SeeContext, item: AgendaItem): Promise<ItemFacts> {
  const meeting = await ctx.tx.meeting(item.meetingId);
  const date = meeting?.date ?? '';
  const coverage = await coverageOf(ctx.tx, item, date);
  const consentValid = item.kind !== 'case' || consentValidOn(await ctx.tx.consent(item.ref), date);
  const section = agendaSection(item, consentValid);
  const onAgenda = section === 'items' || section === 'carried';
  const seen = Boolean(meeting && (meeting.startUtc <= ctx.nowUtc || await ctx.tx.publication(meeting.id)));
  return { kind: item.kind, coverage, public: onAgenda && seen };
}

function person(ctx: SeeContext, ref: ForumRef, memberId: string, item: AgendaItem): PersonViewer {
  return {
    kind: 'person',
    role: ctx.directory.roleIn(ref, memberId),
    agency: ctx.directory.member(ref.municipality, memberId)?.agency ?? '',
    submitter: item.submitterId === memberId,
  };
}

/** The rule's viewer for an audience looking at an item of its forum. */
export function viewerOf(ctx: SeeContext, audience: Audience, item: AgendaItem): Viewer {
  const ref = ctx.directory.forumById(item.municipalityId, item.forumId);
  switch (audience.kind) {
    case 'archive':
      return { kind: 'archive' };
    case 'statistics':
      return { kind: 'statistics' };
    case 'member':
      return ref ? person(ctx, ref, audience.memberId, item) : { kind: 'group', members: [] };
    case 'channel':
      return { kind: 'group', members: ref ? ctx.directory.forumPeople(ref).map((id) => person(ctx, ref, id, item)) : [] };
  }
}

/** The item as `audience` may see it in `view`, or undefined when they may see nothing of it. */
export async function shownItem(ctx: SeeContext, audience: Audience, view: ItemViewKind, item: AgendaItem): Promise<ShownItem | undefined> {
  const fields = visibleFields(viewerOf(ctx, audience, item), await itemFacts(ctx, item), view);
  if (!fields.size) return undefined;
  const shown: ShownItem['item'] = { meetingId: item.meetingId, municipalityId: item.municipalityId, forumId: item.forumId };
  for (const f of fields) {
    for (const p of PROPS[f] ?? []) if (item[p] !== undefined) (shown as Record<string, unknown>)[p] = item[p];
  }
  if (item.kind === 'case' && audience.kind === 'member' && ERASABLE.some((f) => fields.has(f))) ctx.revealed?.add(item.ref);
  return { item: shown, may: (f) => fields.has(f) };
}

/** The audience of a command's reply: the person who asked. */
export const asker = (ctx: SeeContext & { actor?: { member: { id: string } } }): Audience =>
  ({ kind: 'member', memberId: ctx.actor?.member.id ?? '' });
