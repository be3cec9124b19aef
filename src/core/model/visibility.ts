import type { ItemKind } from './records';

/**
 * The one visibility rule: what of an agenda item a viewer may see in a view. Every renderer in the
 * core asks it (through core/agenda/shown-item.ts) and renders only what it returns.
 *
 * - Deciders (the forum's convener(s) and the coordinator) see everything.
 * - The submitter sees their own item: its texts (title, description, reason, question, answer), its
 *   state and its consent, and the link to the chat message it was made from.
 * - Other forum people see a topic's reference, category, state, title and minutes (decisions, notes,
 *   actions), never its description or the reason, question and answer.
 * - For an individual case they see its reference, category, state, minutes and consent facts only if
 *   their agency is covered by the case's consent (or legal basis) valid on the meeting's date; an
 *   agency outside it sees the reference and category (and that it leaves the meeting), nothing more.
 *   A case's title, description, reason, question and answer are never shown to them.
 * - Observers (and people outside the forum, e.g. an action's owner) see nothing of an item until it
 *   is on an agenda the forum can see: published, or its meeting has started.
 * - A group audience (the forum's channel) sees only what every person of the forum may see.
 * - The archive export sees everything; statistics see only counts (kind, state, whether consented).
 * Each view shows at most its own fields (a channel summary never shows notes; a calendar feed
 * shows no items at all).
 */

export const ITEM_FIELDS = [
  'ref', 'kind', 'category', 'state', 'submitter',
  'title', 'description', 'reason', 'question', 'answer',
  'decisions', 'notes', 'actions',
  /** consent facts: recorded or missing, parents attend, agencies leaving the meeting */
  'consent',
  /** what the consent covers and for what purpose, its dates, the legal basis text */
  'consent-details',
  /** the link back to the chat message the item was made from */
  'source',
] as const;
export type ItemField = (typeof ITEM_FIELDS)[number];

/** The free texts of an item that retention erases (with the consent details). */
export const ITEM_TEXT_FIELDS = ['title', 'description', 'reason', 'question', 'answer'] as const satisfies readonly ItemField[];

export const VIEW_KINDS = [
  'agenda', 'item-card', 'minutes-draft', 'channel-summary', 'dm', 'calendar-feed', 'export', 'statistics',
  'audit-log', 'actions-list', 'action-dm', 'action-reminder', 'pending-digest', 'agenda-mine', 'home',
] as const;
export type ItemViewKind = (typeof VIEW_KINDS)[number];

const CARD: readonly ItemField[] = ['ref', 'kind', 'category', 'state', 'submitter', 'title', 'description', 'reason', 'question', 'answer', 'consent', 'consent-details', 'source'];
const ACTION: readonly ItemField[] = ['ref', 'kind', 'category', 'title', 'actions'];

/** The most each view can show, whoever looks. */
export const VIEW_FIELDS: Record<ItemViewKind, readonly ItemField[]> = {
  /** an agenda also carries over open actions of earlier meetings */
  agenda: ['ref', 'kind', 'category', 'state', 'title', 'consent', 'actions'],
  'item-card': CARD,
  dm: CARD,
  'minutes-draft': ['ref', 'kind', 'category', 'title', 'decisions', 'notes', 'actions'],
  'channel-summary': ['ref', 'kind', 'category', 'title', 'decisions', 'actions'],
  'calendar-feed': [],
  export: ITEM_FIELDS,
  statistics: ['kind', 'state', 'consent'],
  'audit-log': ['ref', 'state'],
  'actions-list': ACTION,
  'action-dm': ACTION,
  'action-reminder': ACTION,
  'pending-digest': ['ref', 'kind', 'category', 'state', 'title'],
  'agenda-mine': ['ref', 'kind', 'category', 'state', 'title'],
  /** a person's overview (Slack's App Home): items they submitted or decide on, by title; their actions */
  home: ['ref', 'kind', 'category', 'state', 'submitter', 'title', 'actions'],
};

/** A forum person's standing towards one item. `role` as Directory.roleIn gives it. */
export interface PersonViewer {
  kind: 'person';
  role: 'coordinator' | 'convener' | 'member' | 'deputy' | 'observer' | 'stranger';
  agency: string;
  submitter: boolean;
}

export type Viewer =
  | PersonViewer
  /** everyone who reads a place together (the forum's channel): what all of them may see */
  | { kind: 'group'; members: readonly PersonViewer[] }
  | { kind: 'archive' }
  | { kind: 'statistics' };

export interface ItemFacts {
  kind: ItemKind;
  /** agencies allowed to hear the case on its meeting's date: all, the listed ones, or none (no valid consent) */
  coverage: 'all' | readonly string[];
  /** on an agenda the forum can see: published, or its meeting has started */
  public: boolean;
}

const TOPIC_READER: readonly ItemField[] = ['ref', 'kind', 'category', 'state', 'submitter', 'title', 'decisions', 'notes', 'actions', 'consent'];
const CASE_COVERED: readonly ItemField[] = ['ref', 'kind', 'category', 'state', 'submitter', 'decisions', 'notes', 'actions', 'consent'];
const CASE_OUTSIDE: readonly ItemField[] = ['ref', 'kind', 'category', 'consent'];
const OWN_ITEM: readonly ItemField[] = ['ref', 'kind', 'category', 'state', 'submitter', 'title', 'description', 'reason', 'question', 'answer', 'consent', 'consent-details', 'source'];

const norm = (s: string) => s.trim().toLowerCase();

/** Whether an agency may hear a case under this coverage. */
export const covers = (coverage: ItemFacts['coverage'], agency: string): boolean =>
  coverage === 'all' || coverage.some((a) => norm(a) === norm(agency));

/**
 * Each standing's fields as a set made once (base, base and own item, own item alone, everything): a
 * command asks the rule for every card and notice it renders.
 */
const ALL: ReadonlySet<ItemField> = new Set(ITEM_FIELDS);
const OWN: ReadonlySet<ItemField> = new Set(OWN_ITEM);
const NONE: ReadonlySet<ItemField> = new Set();
const standing = (base: readonly ItemField[]) => ({ alone: new Set(base) as ReadonlySet<ItemField>, own: new Set([...base, ...OWN_ITEM]) as ReadonlySet<ItemField> });
const TOPIC = standing(TOPIC_READER);
const COVERED = standing(CASE_COVERED);
const OUTSIDE = standing(CASE_OUTSIDE);

function personFields(p: PersonViewer, item: ItemFacts): ReadonlySet<ItemField> {
  if (p.role === 'coordinator' || p.role === 'convener') return ALL;
  // observers and people outside the forum read only what has been made public to the forum
  if (!item.public && (p.role === 'observer' || p.role === 'stranger')) return p.submitter ? OWN : NONE;
  const base = item.kind === 'topic' ? TOPIC : covers(item.coverage, p.agency) ? COVERED : OUTSIDE;
  return p.submitter ? base.own : base.alone;
}

/**
 * Who is expected at a meeting (answers to its Outlook invitation, regrets, deputies) is read by the
 * forum's people (observers included: the channel summary lists it), never by anyone outside the forum.
 */
export const attendanceVisibleTo = (role: PersonViewer['role']): boolean => role !== 'stranger';

/** Each view's fields as a set (made once). */
const VIEW_SETS = new Map<ItemViewKind, ReadonlySet<ItemField>>(VIEW_KINDS.map((v) => [v, new Set(VIEW_FIELDS[v])]));
/** A person's fields in a view, by the (shared) set of their fields: made once per pair, never changed after. */
const personAnswers = new Map<ReadonlySet<ItemField>, Map<ItemViewKind, ReadonlySet<ItemField>>>();

const within = (fields: Iterable<ItemField>, view: ItemViewKind): ReadonlySet<ItemField> => {
  const allowed = VIEW_SETS.get(view)!;
  return new Set([...fields].filter((f) => allowed.has(f)));
};

/** The fields of an item `viewer` may see in `view` (empty: the item is not shown at all). */
export function visibleFields(viewer: Viewer, item: ItemFacts, view: ItemViewKind): ReadonlySet<ItemField> {
  switch (viewer.kind) {
    case 'person': {
      const fields = personFields(viewer, item);
      let byView = personAnswers.get(fields);
      if (!byView) personAnswers.set(fields, (byView = new Map()));
      let answer = byView.get(view);
      if (!answer) byView.set(view, (answer = within(fields, view)));
      return answer;
    }
    case 'group': {
      const each = viewer.members.map((p) => personFields(p, item));
      return within(each.length ? ITEM_FIELDS.filter((f) => each.every((s) => s.has(f))) : [], view);
    }
    case 'archive':
      return within(ITEM_FIELDS, view);
    case 'statistics':
      return within(['kind', 'state', 'consent'], view);
  }
}
