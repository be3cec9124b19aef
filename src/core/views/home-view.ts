import { nameOf } from '../i18n';
import { formatDate, formatDateTime } from '../i18n/format';
import { type Actor, type ForumRef, READER_ROLES, SUBMITTER_ROLES } from '../model/directory';
import { agendaSection, isUndecided, PHASE } from '../model/item-lifecycle';
import type { Platform } from '../model/municipality';
import type { ActionRecord, AgendaItem, ItemState, MeetingRecord } from '../model/records';
import { type HomeButton, type HomeList, type HomePanel, type HomeSpec, type Section, type View, view } from '../model/view';
import { consentProblem } from './consent-view';
import { decisionActions } from './item-card';
import { upcomingMeetings } from './meeting-view';
import { ownActionText } from './minutes-view';
import { flatMapSeq, listOf, mapSeq } from './sequential';
import { shownItem } from './shown-item';
import type { ViewContext } from './view-context';
import { cmd } from '../model/markup';

/**
 * How much of each list a home view shows (the rest is one "… and N more" line naming the command that
 * lists it), and how many more it counts: beyond that the line says "at least N more", so a home view
 * costs the same with thousands of items waiting as with a hundred (it is rendered after every change).
 */
export const HOME_LIMITS = { listLines: 5, cardsPerForum: 5, cards: 15, counted: 100 } as const;
/** items of a meeting read at a time while looking for those that wait for a decision */
const WAITING_PAGE = 200;

const UNDECIDED = (Object.keys(PHASE) as ItemState[]).filter((s) => PHASE[s] === 'pending');
const forumId = (ref: ForumRef) => `${ref.municipality.id}/${ref.forum.id}`;

/** `read` answering each key once (one view's reads: nothing is written meanwhile). */
function remembered<R>(read: (id: string) => R): (id: string) => R {
  const seen = new Map<string, R>();
  return (id) => {
    let r = seen.get(id);
    if (r === undefined) {
      r = read(id);
      seen.set(id, r);
    }
    return r;
  };
}

/** `tx` whose meeting(id) and publication(id) read each meeting's once (every card and line names its meeting). */
function withMeetingsRemembered<T extends ViewContext['tx']>(tx: T): T {
  const remembering = Object.create(tx) as T;
  remembering.meeting = remembered((id) => tx.meeting(id)) as T['meeting'];
  remembering.publication = remembered((id) => tx.publication(id)) as T['publication'];
  return remembering;
}

/** "3 days left", "5 hours left", or that the deadline has passed. */
function timeLeft(ctx: ViewContext, deadlineUtc: string): string {
  const minutes = Math.floor((Date.parse(deadlineUtc) - Date.parse(ctx.nowUtc)) / 60_000);
  return minutes < 0 ? ctx.msg.homeDeadlinePassed : ctx.msg.homeTimeLeft(minutes);
}

/** "… and N more" naming the command that lists them all; "at least N" when the counting stopped at the limit. */
type More = (n: number, atLeast: boolean) => string;
const moreLine = (ctx: ViewContext, command: string): More => (n, atLeast) => (atLeast ? ctx.msg.homeMoreAtLeast(n, command) : ctx.msg.homeMore(n, command));

/** A list cut to `max` lines; the rest is counted in a line naming the command that shows them all (`atLeast`: there may be more than the lines given). */
function capped(heading: string, lines: string[], more: More, atLeast: boolean, max: number = HOME_LIMITS.listLines): HomeList {
  return { heading, lines: lines.slice(0, max), ...(lines.length > max ? { more: more(lines.length - max, atLeast) } : {}) };
}

/**
 * Items of the forum that wait for a decision, one at a time: undecided ones, and cases on an agenda
 * without valid consent (as the agenda's pending section). A meeting's items are read a page at a
 * time, so a caller that stops early never reads the rest.
 */
async function* waiting(ctx: ViewContext, ref: ForumRef, upcoming: readonly MeetingRecord[]): AsyncGenerator<AgendaItem> {
  yield* await ctx.tx.itemsInStatesOfStartedMeetings(ref.municipality.id, ref.forum.id, UNDECIDED, ctx.nowUtc);
  for (const mt of upcoming) {
    for (let offset = 0; ; offset += WAITING_PAGE) {
      const page = await ctx.tx.itemsOfMeeting(mt.id, { offset, limit: WAITING_PAGE });
      for (const i of page) if (agendaSection(i, !(await consentProblem(ctx, i, mt))) === 'pending') yield i;
      if (page.length < WAITING_PAGE) break;
    }
  }
}

/** One item waiting for the viewer's decision, with the decision buttons its state allows (as on the DM card). */
async function decisionCard(ctx: ViewContext, ref: ForumRef, item: AgendaItem, me: string): Promise<View | undefined> {
  const s = (await shownItem(ctx, { kind: 'member', memberId: me }, 'home', item))?.item;
  if (!s) return undefined;
  const m = ctx.msg;
  const meeting = await ctx.tx.meeting(item.meetingId);
  const category = s.category ? nameOf(m.categoryName, s.category) ?? s.category : '';
  const kind = s.kind ? `${m.kindName[s.kind]}${s.title ? `: ${s.title}` : ''} (${category})` : '';
  const state = m.stateName[isUndecided(item.state) ? item.state : 'needs-consent'];
  const line = [item.ref, kind, state, ...(meeting ? [formatDate(meeting.date)] : []), ...(s.submitterId ? [m.submittedBy(ctx.directory.displayName(ref.municipality, s.submitterId))] : [])]
    .filter(Boolean).join(' · ');
  const card = view('item', undefined, { lines: [line] });
  card.itemRef = item.ref;
  card.actions = decisionActions(ctx, ref, item, me);
  card.actionsFor = [me];
  return card;
}

/**
 * The viewer's own items of a forum worth showing, soonest meeting first: those for a meeting ahead, and
 * any still undecided; no more than the home view shows and counts (`atLeast`: there may be more).
 */
async function ownLines(ctx: ViewContext, ref: ForumRef, me: Actor, upcoming: readonly MeetingRecord[]): Promise<{ lines: string[]; atLeast: boolean }> {
  const limit = HOME_LIMITS.listLines + HOME_LIMITS.counted;
  const own = await ctx.tx.ownItemsOfForum(me.municipality.id, me.member.id, ref.forum.id, upcoming.map((mt) => mt.id), UNDECIDED, limit);
  const lines = await flatMapSeq(own, async (i) => {
    const s = (await shownItem(ctx, { kind: 'member', memberId: me.member.id }, 'home', i))?.item;
    const meeting = await ctx.tx.meeting(i.meetingId);
    if (!s?.state || !meeting) return [];
    return [`• ${ctx.msg.homeItemLine(i.ref, s.title ?? '', ctx.msg.stateName[s.state], formatDate(meeting.date))}`];
  });
  return { lines, atLeast: own.length === limit };
}

/** One forum of the viewer's: next meeting and deadline with time left, buttons, what waits for them, their items and actions. */
async function panel(ctx: ViewContext, ref: ForumRef, me: Actor, actions: readonly ActionRecord[], budget: { cards: number }): Promise<HomePanel> {
  const m = ctx.msg;
  const role = ctx.directory.roleIn(ref, me.member.id);
  const upcoming = await upcomingMeetings(ctx, ref);
  const next = upcoming[0];
  const zone = ref.municipality.timeZone;
  const lines = [m.homeRole(m.roleName[role] ?? role)];
  if (!next) lines.push(m.noUpcoming(ref.forum.name));
  else {
    lines.push(m.homeNextMeeting(formatDateTime(next.startUtc, zone, ctx.lang), next.place ?? ''));
    lines.push(ref.forum.referralDeadlineDays === null
      ? `${m.deadline}: ${m.noDeadline}`
      : m.homeDeadline(formatDateTime(next.deadlineUtc, zone, ctx.lang), timeLeft(ctx, next.deadlineUtc)));
  }
  const buttons: HomeButton[] = [
    ...(SUBMITTER_ROLES.includes(role) && next ? [{ kind: 'submit' as const, label: m.homeSubmit, forum: forumId(ref) }] : []),
    ...(READER_ROLES.includes(role) && next ? [{ kind: 'agenda' as const, label: m.homeAgenda, forum: forumId(ref) }] : []),
  ];
  const p: HomePanel = { heading: ref.forum.name, lines, buttons, lists: [] };
  if (ctx.directory.deciders(ref).includes(me.member.id)) {
    // only the cards shown are rendered; the others are counted (those the viewer may see) for the "… and N more" line, up to a limit
    const limit = Math.min(HOME_LIMITS.cardsPerForum, budget.cards);
    const cards: View[] = [];
    let more = 0;
    for await (const i of waiting(ctx, ref, upcoming)) {
      if (cards.length < limit) cards.push(...listOf(await decisionCard(ctx, ref, i, me.member.id)));
      else if (await shownItem(ctx, { kind: 'member', memberId: me.member.id }, 'home', i)) more++;
      if (more === HOME_LIMITS.counted) break;
    }
    if (cards.length || more) {
      budget.cards -= cards.length;
      const atLeast = more === HOME_LIMITS.counted;
      p.decide = { heading: m.homeDecide, cards, ...(more ? { more: moreLine(ctx, cmd(`agenda ${ref.forum.id}`))(more, atLeast) } : {}) };
    }
  }
  const mine = await ownLines(ctx, ref, me, upcoming);
  if (mine.lines.length) p.lists.push(capped(m.myItemsTitle, mine.lines, moreLine(ctx, cmd('agenda mine')), mine.atLeast));
  const todo = await mapSeq(actions.filter((a) => a.forumId === ref.forum.id).sort((a, b) => a.due.localeCompare(b.due)), async (a) => `• ${await ownActionText(ctx, ref, a, 'home')}`);
  if (todo.length) p.lists.push(capped(m.myActionsTitle, todo, moreLine(ctx, cmd('actions')), false));
  return p;
}

/** The home view as text sections (console, Teams, notification text): the same content, lists indented under their headings. */
function asSections(spec: HomeSpec): Section[] {
  const list = (heading: string, lines: string[], more?: string) => [`${heading}:`, ...lines.map((l) => `  ${l}`), ...(more ? [`  ${more}`] : [])];
  return [
    { lines: spec.intro },
    ...spec.panels.map((p) => ({
      heading: p.heading,
      lines: [
        ...p.lines,
        ...(p.decide ? list(p.decide.heading, p.decide.cards.map((c) => `• ${c.sections[0]?.lines[0] ?? ''}`), p.decide.more) : []),
        ...p.lists.flatMap((l) => list(l.heading, l.lines, l.more)),
      ],
    })),
  ];
}

/**
 * A person's overview (Slack's App Home, `/slt home` elsewhere): per forum of theirs, soonest meeting
 * first, the next meeting and its referral deadline with the time left (or that the forum has none), the
 * items waiting for their decision with the same buttons as the DM cards, their own items and states, and
 * their open actions with due dates, plus buttons to submit an item or open the agenda. Everything through
 * the visibility rule ('home' view). Someone the bot does not know is told who to ask, with their id.
 */
export async function homeView(ctx: ViewContext, viewer: { actor?: Actor; platform: Platform; userId: string }): Promise<View> {
  const m = ctx.msg;
  const me = viewer.actor;
  if (!me) {
    const { platform, userId } = viewer;
    return view('home', m.replyTitle, { lines: platform === 'console' ? [m.whoAreYouConsole] : [m.whoAreYou, m.yourIdentity(platform, userId)] });
  }
  const { directory } = ctx;
  // every card and line names its item's meeting: each meeting is read once per home view
  const tx = withMeetingsRemembered(ctx.tx);
  ctx = { ...ctx, tx };
  const actions = (await tx.actionsOfOwner(me.municipality.id, me.member.id)).filter((a) => a.status === 'open');
  const forums = me.municipality.forums.map((forum) => ({ municipality: me.municipality, forum }))
    .filter((ref) => directory.roleIn(ref, me.member.id) !== 'stranger' || actions.some((a) => a.forumId === ref.forum.id));
  // soonest meeting first; forums without a planned meeting last
  const soonest = new Map<ForumRef, string>();
  for (const ref of forums) soonest.set(ref, (await upcomingMeetings(ctx, ref, 1))[0]?.startUtc ?? '\uffff');
  forums.sort((a, b) => soonest.get(a)!.localeCompare(soonest.get(b)!) || a.forum.name.localeCompare(b.forum.name, 'nb'));
  const budget = { cards: HOME_LIMITS.cards };
  const anyForum = forums.some((ref) => SUBMITTER_ROLES.includes(directory.roleIn(ref, me.member.id)));
  const spec: HomeSpec = {
    intro: forums.length ? [m.homeIntro] : [m.homeNothing],
    buttons: anyForum ? [{ kind: 'submit', label: m.homeSubmit }] : [],
    panels: await mapSeq(forums, (ref) => panel(ctx, ref, me, actions, budget)),
    truncated: m.homeTruncated,
  };
  const v = view('home', m.homeTitle(me.member.name), ...asSections(spec));
  v.home = spec;
  return v;
}
