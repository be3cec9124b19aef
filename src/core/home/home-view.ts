import { consentProblem } from '../agenda/consent-rules';
import { decisionActions } from '../agenda/item-card';
import { decidersOf } from '../agenda/item-support';
import { asker, shownItem } from '../agenda/shown-item';
import { READER_ROLES, SUBMITTER_ROLES, upcomingMeetings } from '../commands/resolve';
import type { CommandContext } from '../commands/types';
import type { Actor, ForumRef } from '../directory';
import { formatDate, formatDateTime } from '../i18n/format';
import { ownActionText } from '../minutes/minutes-view';
import { agendaSection, isUndecided, PHASE } from '../model/item-lifecycle';
import type { ActionRecord, AgendaItem, ItemState, MeetingRecord } from '../model/records';
import { type HomeButton, type HomeList, type HomePanel, type HomeSpec, type Section, type View, view } from '../views';

/** How much of each list a home view shows (the rest is one "… and N more" line naming the command that lists it). */
export const HOME_LIMITS = { listLines: 5, cardsPerForum: 5, cards: 15 } as const;

const UNDECIDED = (Object.keys(PHASE) as ItemState[]).filter((s) => PHASE[s] === 'pending');
const forumId = (ref: ForumRef) => `${ref.municipality.id}/${ref.forum.id}`;

/** "3 days left", "5 hours left", or that the deadline has passed. */
function timeLeft(ctx: CommandContext, deadlineUtc: string): string {
  const minutes = Math.floor((Date.parse(deadlineUtc) - ctx.now.getTime()) / 60_000);
  return minutes < 0 ? ctx.msg.homeDeadlinePassed : ctx.msg.homeTimeLeft(minutes);
}

/** A list cut to `max` lines; the rest is counted in a line naming the command that shows them all. */
function capped(heading: string, lines: string[], more: (n: number) => string, max: number = HOME_LIMITS.listLines): HomeList {
  return { heading, lines: lines.slice(0, max), ...(lines.length > max ? { more: more(lines.length - max) } : {}) };
}

/** Items of the forum that wait for a decision: undecided ones, and cases on an agenda without valid consent (as the agenda's pending section). */
function waiting(ctx: CommandContext, ref: ForumRef, upcoming: readonly MeetingRecord[]): AgendaItem[] {
  const { store } = ctx.deps;
  const stranded = store.itemsInStatesOfStartedMeetings(ref.municipality.id, ref.forum.id, UNDECIDED, ctx.nowUtc);
  const ahead = upcoming.flatMap((mt) => store.itemsOfMeeting(mt.id).filter((i) => agendaSection(i, !consentProblem(ctx, i, mt)) === 'pending'));
  return [...stranded, ...ahead];
}

/** One item waiting for the viewer's decision, with the decision buttons its state allows (as on the DM card). */
function decisionCard(ctx: CommandContext, ref: ForumRef, item: AgendaItem, me: string): View | undefined {
  const s = shownItem(ctx, asker(ctx), 'home', item)?.item;
  if (!s) return undefined;
  const m = ctx.msg;
  const meeting = ctx.deps.store.meeting(item.meetingId);
  const category = s.category ? m.categoryName[s.category] ?? s.category : '';
  const kind = s.kind ? `${m.kindName[s.kind]}${s.title ? `: ${s.title}` : ''} (${category})` : '';
  const state = m.stateName[isUndecided(item.state) ? item.state : 'needs-consent']!;
  const line = [item.ref, kind, state, ...(meeting ? [formatDate(meeting.date)] : []), ...(s.submitterId ? [m.submittedBy(ctx.deps.directory.displayName(ref.municipality, s.submitterId))] : [])]
    .filter(Boolean).join(' · ');
  const card = view('item', undefined, { lines: [line] });
  card.itemRef = item.ref;
  card.actions = decisionActions(ctx, ref, item, me);
  card.actionsFor = [me];
  return card;
}

/** The viewer's own items of a forum worth showing: those for a meeting ahead, and any still undecided. */
function ownLines(ctx: CommandContext, ref: ForumRef, own: readonly AgendaItem[], upcoming: readonly MeetingRecord[]): string[] {
  const ahead = new Set(upcoming.map((mt) => mt.id));
  return own
    .filter((i) => i.forumId === ref.forum.id && (ahead.has(i.meetingId) || isUndecided(i.state)))
    .flatMap((i) => {
      const s = shownItem(ctx, asker(ctx), 'home', i)?.item;
      const meeting = ctx.deps.store.meeting(i.meetingId);
      if (!s?.state || !meeting) return [];
      return [{ start: meeting.startUtc, line: `• ${ctx.msg.homeItemLine(i.ref, s.title ?? '', ctx.msg.stateName[s.state]!, formatDate(meeting.date))}` }];
    })
    .sort((a, b) => a.start.localeCompare(b.start))
    .map((x) => x.line);
}

/** One forum of the viewer's: next meeting and deadline with time left, buttons, what waits for them, their items and actions. */
function panel(ctx: CommandContext, ref: ForumRef, me: Actor, own: readonly AgendaItem[], actions: readonly ActionRecord[], budget: { cards: number }): HomePanel {
  const m = ctx.msg;
  const role = ctx.deps.directory.roleIn(ref, me.member.id);
  const upcoming = upcomingMeetings(ctx, ref);
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
  if (decidersOf(ctx, ref).includes(me.member.id)) {
    const cards = waiting(ctx, ref, upcoming).flatMap((i) => decisionCard(ctx, ref, i, me.member.id) ?? []);
    if (cards.length) {
      const shown = Math.min(cards.length, HOME_LIMITS.cardsPerForum, budget.cards);
      budget.cards -= shown;
      const command = `/slt agenda ${ref.forum.id}`;
      p.decide = { heading: m.homeDecide, cards: cards.slice(0, shown), ...(cards.length > shown ? { more: m.homeMore(cards.length - shown, command) } : {}) };
    }
  }
  const mine = ownLines(ctx, ref, own, upcoming);
  if (mine.length) p.lists.push(capped(m.myItemsTitle, mine, (n) => m.homeMore(n, '/slt agenda mine')));
  const todo = actions.filter((a) => a.forumId === ref.forum.id).sort((a, b) => a.due.localeCompare(b.due)).map((a) => `• ${ownActionText(ctx, ref, a, 'home')}`);
  if (todo.length) p.lists.push(capped(m.myActionsTitle, todo, (n) => m.homeMore(n, '/slt actions')));
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
export function homeView(ctx: CommandContext): View {
  const m = ctx.msg;
  const me = ctx.actor;
  if (!me) {
    const { platform, userId } = ctx.req;
    return view('home', m.replyTitle, { lines: [m.whoAreYou, ...(platform === 'console' ? [] : [m.yourIdentity(platform, userId)])] });
  }
  const { store, directory } = ctx.deps;
  const own = store.itemsOfSubmitter(me.municipality.id, me.member.id);
  const actions = store.actionsOfOwner(me.municipality.id, me.member.id).filter((a) => a.status === 'open');
  const forums = me.municipality.forums.map((forum) => ({ municipality: me.municipality, forum }))
    .filter((ref) => directory.roleIn(ref, me.member.id) !== 'stranger' || actions.some((a) => a.forumId === ref.forum.id));
  // soonest meeting first; forums without a planned meeting last
  const soonest = (ref: ForumRef) => upcomingMeetings(ctx, ref)[0]?.startUtc ?? '\uffff';
  forums.sort((a, b) => soonest(a).localeCompare(soonest(b)) || a.forum.name.localeCompare(b.forum.name, 'nb'));
  const budget = { cards: HOME_LIMITS.cards };
  const anyForum = forums.some((ref) => SUBMITTER_ROLES.includes(directory.roleIn(ref, me.member.id)));
  const spec: HomeSpec = {
    intro: forums.length ? [m.homeIntro] : [m.homeNothing],
    buttons: anyForum ? [{ kind: 'submit', label: m.homeSubmit }] : [],
    panels: forums.map((ref) => panel(ctx, ref, me, own, actions, budget)),
    truncated: m.homeTruncated,
  };
  const v = view('home', m.homeTitle(me.member.name), ...asSections(spec));
  v.home = spec;
  return v;
}
