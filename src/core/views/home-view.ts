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
import { filterSeq, flatMapSeq, listOf, mapSeq } from './sequential';
import { type Audience, shownItem } from './shown-item';
import type { ViewContext } from './view-context';
import { cmd } from '../model/markup';

/** How much of each list a home view shows (the rest is one "… and N more" line naming the command that lists it). */
export const HOME_LIMITS = { listLines: 5, cardsPerForum: 5, cards: 15 } as const;

const UNDECIDED = (Object.keys(PHASE) as ItemState[]).filter((s) => PHASE[s] === 'pending');
const forumId = (ref: ForumRef) => `${ref.municipality.id}/${ref.forum.id}`;

/** "3 days left", "5 hours left", or that the deadline has passed. */
function timeLeft(ctx: ViewContext, deadlineUtc: string): string {
  const minutes = Math.floor((Date.parse(deadlineUtc) - Date.parse(ctx.nowUtc)) / 60_000);
  return minutes < 0 ? ctx.msg.homeDeadlinePassed : ctx.msg.homeTimeLeft(minutes);
}

/** A list cut to `max` lines; the rest is counted in a line naming the command that shows them all. */
function capped(heading: string, lines: string[], more: (n: number) => string, max: number = HOME_LIMITS.listLines): HomeList {
  return { heading, lines: lines.slice(0, max), ...(lines.length > max ? { more: more(lines.length - max) } : {}) };
}

/** Items of the forum that wait for a decision: undecided ones, and cases on an agenda without valid consent (as the agenda's pending section). */
async function waiting(ctx: ViewContext, ref: ForumRef, upcoming: readonly MeetingRecord[]): Promise<AgendaItem[]> {
  const stranded = await ctx.tx.itemsInStatesOfStartedMeetings(ref.municipality.id, ref.forum.id, UNDECIDED, ctx.nowUtc);
  const ahead = await flatMapSeq(upcoming, async (mt) => filterSeq(await ctx.tx.itemsOfMeeting(mt.id), async (i) => agendaSection(i, !(await consentProblem(ctx, i, mt))) === 'pending'));
  return [...stranded, ...ahead];
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

/** The viewer's own items of a forum worth showing: those for a meeting ahead, and any still undecided. */
async function ownLines(ctx: ViewContext, ref: ForumRef, me: Audience, own: readonly AgendaItem[], upcoming: readonly MeetingRecord[]): Promise<string[]> {
  const ahead = new Set(upcoming.map((mt) => mt.id));
  const shown = await flatMapSeq(own.filter((i) => i.forumId === ref.forum.id && (ahead.has(i.meetingId) || isUndecided(i.state))), async (i) => {
    const s = (await shownItem(ctx, me, 'home', i))?.item;
    const meeting = await ctx.tx.meeting(i.meetingId);
    if (!s?.state || !meeting) return [];
    return [{ start: meeting.startUtc, line: `• ${ctx.msg.homeItemLine(i.ref, s.title ?? '', ctx.msg.stateName[s.state], formatDate(meeting.date))}` }];
  });
  return shown.sort((a, b) => a.start.localeCompare(b.start)).map((x) => x.line);
}

/** One forum of the viewer's: next meeting and deadline with time left, buttons, what waits for them, their items and actions. */
async function panel(ctx: ViewContext, ref: ForumRef, me: Actor, own: readonly AgendaItem[], actions: readonly ActionRecord[], budget: { cards: number }): Promise<HomePanel> {
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
    const cards = await flatMapSeq(await waiting(ctx, ref, upcoming), async (i) => listOf(await decisionCard(ctx, ref, i, me.member.id)));
    if (cards.length) {
      const shown = Math.min(cards.length, HOME_LIMITS.cardsPerForum, budget.cards);
      budget.cards -= shown;
      const command = cmd(`agenda ${ref.forum.id}`);
      p.decide = { heading: m.homeDecide, cards: cards.slice(0, shown), ...(cards.length > shown ? { more: m.homeMore(cards.length - shown, command) } : {}) };
    }
  }
  const mine = await ownLines(ctx, ref, { kind: 'member', memberId: me.member.id }, own, upcoming);
  if (mine.length) p.lists.push(capped(m.myItemsTitle, mine, (n) => m.homeMore(n, cmd('agenda mine'))));
  const todo = await mapSeq(actions.filter((a) => a.forumId === ref.forum.id).sort((a, b) => a.due.localeCompare(b.due)), async (a) => `• ${await ownActionText(ctx, ref, a, 'home')}`);
  if (todo.length) p.lists.push(capped(m.myActionsTitle, todo, (n) => m.homeMore(n, cmd('actions'))));
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
  const { tx, directory } = ctx;
  const own = await tx.itemsOfSubmitter(me.municipality.id, me.member.id);
  const actions = (await tx.actionsOfOwner(me.municipality.id, me.member.id)).filter((a) => a.status === 'open');
  const forums = me.municipality.forums.map((forum) => ({ municipality: me.municipality, forum }))
    .filter((ref) => directory.roleIn(ref, me.member.id) !== 'stranger' || actions.some((a) => a.forumId === ref.forum.id));
  // soonest meeting first; forums without a planned meeting last
  const soonest = new Map<ForumRef, string>();
  for (const ref of forums) soonest.set(ref, (await upcomingMeetings(ctx, ref))[0]?.startUtc ?? '\uffff');
  forums.sort((a, b) => soonest.get(a)!.localeCompare(soonest.get(b)!) || a.forum.name.localeCompare(b.forum.name, 'nb'));
  const budget = { cards: HOME_LIMITS.cards };
  const anyForum = forums.some((ref) => SUBMITTER_ROLES.includes(directory.roleIn(ref, me.member.id)));
  const spec: HomeSpec = {
    intro: forums.length ? [m.homeIntro] : [m.homeNothing],
    buttons: anyForum ? [{ kind: 'submit', label: m.homeSubmit }] : [],
    panels: await mapSeq(forums, (ref) => panel(ctx, ref, me, own, actions, budget)),
    truncated: m.homeTruncated,
  };
  const v = view('home', m.homeTitle(me.member.name), ...asSections(spec));
  v.home = spec;
  return v;
}
