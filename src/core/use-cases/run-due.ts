import { DateTime } from 'luxon';
import type { ForumRef } from '../model/directory';
import { formatDateTime } from '../i18n/format';
import type { MeetingRecord } from '../model/records';
import { view } from '../model/view';
import { agendaView } from '../views/agenda-view';
import { invitation } from '../views/invitation';
import { invitedInOutlook, outlookOrganizer } from '../views/outlook-view';
import { when } from '../views/meeting-view';
import { flatMapSeq } from '../views/sequential';
import type { ViewContext } from '../views/view-context';
import { actionReminders } from './action-reminders';
import { type CoreDeps, inTransaction, readContext, type UseCaseContext, utc } from './context';
import { type DueWork, iso } from './due-work';
import { refreshHomes } from './home-refresh';
import { queueOutlookEvent } from './outlook-events';
import { pendingDigest } from './pending-digest';
import { publishAgenda } from './publish-agenda';
import { purgeExpired } from './retention';
import { carryOverStranded } from './stranded-items';
import { tellDecidersUnfinishedConsentEnds } from './consent-ends-notice';

export interface DueResult {
  enqueued: string[];
  /** work whose moment passed while the bot was down and that is no longer useful */
  dropped: string[];
}

/**
 * Everything the bot should have said by `now` and has not: invitations, deadline reminders,
 * agenda publication, meeting reminders, summary prompts, action reminders (and, once a day,
 * erasing case details whose retention has ended). Decided from the database only, so a
 * tick missed while the process was down is caught up by the next one; work whose moment is
 * past usefulness is dropped (and recorded, so it is reported once). Each key is done once, also
 * with several instances: the notifier's outbox and the schedule log are keyed. The bot acts on its
 * own here: no person is the actor, and every message is in the municipality's language.
 */
export async function runDue(deps: CoreDeps, now: Date): Promise<DueResult> {
  const result: DueResult = { enqueued: [], dropped: [] };
  // the first tick of a process looks at every forum (what fell due while the bot was down, a changed configuration)
  if (!everyForumMarked.has(deps)) {
    await markEveryForumDue(deps);
    everyForumMarked.add(deps);
  }
  // only forums whose next work is due are looked at (StoreReads.dueForums); each is told when it is due next
  const dueForums = new Map<string, Map<string, number>>();
  for (const d of await deps.store.read.dueForums(utc(now))) {
    const forums = dueForums.get(d.municipalityId) ?? new Map<string, number>();
    forums.set(d.forumId, d.version);
    dueForums.set(d.municipalityId, forums);
  }
  for (const m of deps.directory.municipalities) {
    const dueHere = dueForums.get(m.id);
    if (!dueHere) continue;
    // what is due is read outside a transaction; each piece of work runs in its own
    const reads = readContext(deps, now, m.language);
    // whether the scheduler changed anything here (published, carried over, erased, a meeting began): home views are refreshed
    let changed = false;
    const noteChanges = async (ctx: UseCaseContext) => void (changed ||= (await ctx.tx.changeCount()) > 0);
    const ownVersion = dueHere.get(MUNICIPALITY_WORK);
    if (ownVersion !== undefined) {
      const today = DateTime.fromJSDate(now).setZone(m.timeZone);
      const retentionKey = `retention:${m.id}:${today.toISODate()}`;
      if (!(await deps.store.read.scheduleOutcome(retentionKey))) {
        await purgeExpired(deps, now, m);
        await deps.store.transaction((tx) => tx.recordSchedule(retentionKey, 'enqueued', reads.nowUtc));
        changed = true;
      }
      // retention runs once a day: due again when the municipality's next day begins
      await deps.store.transaction((tx) => tx.setNextDue(m.id, MUNICIPALITY_WORK, iso(today.startOf('day').plus({ days: 1 })), ownVersion));
    }
    for (const forum of m.forums) {
      const version = dueHere.get(forum.id);
      if (version === undefined) continue;
      const ref = { municipality: m, forum };
      const horizon = iso(DateTime.fromJSDate(now).plus({ days: forum.notifications.inviteDaysBefore + 1 }));
      const since = iso(DateTime.fromJSDate(now).minus({ days: 8 }));
      const all = await deps.store.read.meetingsOfForum(m.id, forum.id);
      const meetings = all.filter((mt) => mt.startUtc >= since && mt.startUtc <= horizon);
      // undecided items of meetings that have started move on first, so the next meeting's work sees them
      await inTransaction(deps, now, m.language, undefined, async (ctx) => {
        await carryOverStranded(ctx, ref);
        await noteChanges(ctx);
      });
      const due = [...await flatMapSeq(meetings, (mt) => dueWorkOf(reads, ref, mt)), ...await actionReminders(reads, ref)];
      for (const work of due) {
        if (work.at > reads.nowUtc || await deps.store.read.scheduleOutcome(work.key)) continue;
        const outcome = await inTransaction(deps, now, m.language, undefined, async (ctx) => {
          if (await ctx.tx.scheduleOutcome(work.key)) return undefined; // another instance was first
          if (ctx.nowUtc > work.usefulUntil) {
            await ctx.tx.recordSchedule(work.key, 'dropped', ctx.nowUtc);
            return 'dropped' as const;
          }
          await work.run(ctx);
          await ctx.tx.recordSchedule(work.key, 'enqueued', ctx.nowUtc);
          return 'enqueued' as const;
        });
        if (outcome) result[outcome].push(work.key);
        if (outcome) changed = true;
      }
      await deps.store.transaction((tx) => tx.setNextDue(m.id, forum.id, nextDue(now, forum.notifications.inviteDaysBefore, due, all, horizon), version));
    }
    if (changed) await inTransaction(deps, now, m.language, undefined, (ctx) => refreshHomes(ctx, m));
  }
  return result;
}

/** The due-work row of a municipality's own daily work (retention), beside its forums' rows. */
const MUNICIPALITY_WORK = '';
/** The apps (by their deps) whose every forum has been marked due in this process. */
const everyForumMarked = new WeakSet<CoreDeps>();

/** Every configured forum and municipality is due now (inserted where missing). */
async function markEveryForumDue(deps: CoreDeps): Promise<void> {
  await deps.store.transaction(async (tx) => {
    for (const m of deps.directory.municipalities) await tx.markDue(m.id, [MUNICIPALITY_WORK, ...m.forums.map((f) => f.id)]);
  });
}

/**
 * When a forum's work is due next, after everything due now was done: the earliest future piece of
 * work of its meetings in view and its actions, or the moment the next meeting beyond the horizon comes
 * into view (its invitations). Nothing else makes work due: a written meeting, item or action makes its
 * forum due at once (StoreReads.dueForums; the configuration's meetings are written by sync), and the
 * first tick of every process looks at every forum (a changed configuration needs a restart). With
 * nothing ahead at all, a forum is looked at again in a week.
 */
function nextDue(now: Date, inviteDaysBefore: number, due: readonly DueWork[], meetings: readonly MeetingRecord[], horizon: string): string {
  const nowUtc = utc(now);
  let next = iso(DateTime.fromJSDate(now).plus({ days: 7 }));
  for (const w of due) if (w.at > nowUtc && w.at < next) next = w.at;
  const beyond = meetings.find((mt) => mt.startUtc > horizon);
  if (beyond) {
    const inView = iso(DateTime.fromISO(beyond.startUtc, { zone: 'utc' }).minus({ days: inviteDaysBefore + 1 }));
    if (inView < next) next = inView;
  }
  return next;
}

/** The work of one meeting (in the municipality's language, read with `reads`; each piece runs in its own transaction). */
async function dueWorkOf(reads: ViewContext, ref: ForumRef, mt: MeetingRecord): Promise<DueWork[]> {
  const { forum, municipality: m } = ref;
  const n = forum.notifications;
  const zone = m.timeZone;
  const nowUtc = reads.nowUtc;
  const start = DateTime.fromISO(mt.startUtc, { zone: 'utc' }).setZone(zone);
  const deadline = DateTime.fromISO(mt.deadlineUtc, { zone: 'utc' }).setZone(zone);
  const atLocal = (day: DateTime, hhmm: string) => day.set({ hour: Number(hhmm.slice(0, 2)), minute: Number(hhmm.slice(3, 5)), second: 0, millisecond: 0 });
  const members = reads.directory.forumPeople(ref);
  const work: DueWork[] = [];
  /** an invitation (or its cancellation) to each of the forum's people, and the meeting's Outlook event */
  const invite = (method: 'REQUEST' | 'CANCEL', key: string): DueWork['run'] => async (ctx) => {
    for (const id of members) {
      await ctx.notifier.enqueue({ key: `${key}:${id}`, to: { kind: 'member', municipality: m, memberId: id }, view: invitationOf(ctx, ref, mt, method, id), expiresUtc: mt.startUtc });
    }
    await queueOutlookEvent(ctx, ref, mt);
  };

  if (mt.status === 'cancelled') {
    // a cancellation only to those who were invited
    if (mt.startUtc > nowUtc && (await reads.tx.scheduleKeys(`invite:${mt.id}:`)).length) {
      const key = `cancel:${mt.id}:s${mt.sequence}`;
      work.push({ key, at: nowUtc, usefulUntil: mt.startUtc, run: invite('CANCEL', key) });
    }
    return work;
  }

  const inviteKey = `invite:${mt.id}:s${mt.sequence}`;
  work.push({ key: inviteKey, at: iso(start.minus({ days: n.inviteDaysBefore })), usefulUntil: mt.startUtc, run: invite('REQUEST', inviteKey) });

  // a forum without a referral deadline gets no deadline reminders; its agenda is published on the
  // meeting's morning, and that post is the meeting reminder
  const deadlineless = forum.referralDeadlineDays === null;
  for (const days of deadlineless ? [] : n.deadlineReminderDays) {
    const at = atLocal(deadline.minus({ days }), n.reminderTime);
    if (at >= deadline) continue;
    work.push({
      key: `deadline-reminder:${mt.id}:${days}`, at: iso(at), usefulUntil: mt.deadlineUtc,
      run: (ctx) => ctx.notifier.enqueue({
        key: `deadline-reminder:${mt.id}:${days}`, to: { kind: 'forum', ref }, expiresUtc: mt.deadlineUtc,
        view: view('info', ctx.msg.deadlineReminderTitle(forum.name), {
          lines: [ctx.msg.deadlineReminderText(formatDateTime(mt.deadlineUtc, zone, ctx.lang), when(ctx, ref, mt)), ctx.msg.howToAdd],
        }),
      }),
    });
  }

  // when a meeting begins, the next one is another: home views show it
  work.push({ key: `home:${mt.id}`, at: mt.startUtc, usefulUntil: iso(start.plus({ days: 8 })), run: (ctx) => refreshHomes(ctx, m) });

  let morning = n.meetingReminderTime ? atLocal(start, n.meetingReminderTime) : start.minus({ hours: 1 });
  if (morning >= start) morning = start.minus({ hours: 1 });
  work.push({
    key: `publish:${mt.id}`,
    at: iso(deadlineless ? morning : deadline.plus({ seconds: 1 })),
    usefulUntil: mt.endUtc,
    run: async (ctx) => {
      if (!(await ctx.tx.publication(mt.id)) && ctx.directory.channelsOf(ref).length) await publishAgenda(ctx, ref, mt.id);
      await pendingDigest(ctx, ref, mt);
    },
  });

  if (n.meetingReminderTime && !deadlineless) {
    work.push({
      key: `meeting-reminder:${mt.id}`, at: iso(morning), usefulUntil: mt.startUtc,
      run: async (ctx) => {
        const agenda = await agendaView(ctx, ref, mt, { kind: 'channel' });
        agenda.title = `${ctx.msg.meetingReminderTitle(forum.name)} · ${agenda.title ?? ''}`;
        await ctx.notifier.enqueue({ key: `meeting-reminder:${mt.id}`, to: { kind: 'forum', ref }, view: agenda, expiresUtc: mt.startUtc });
      },
    });
  }

  const promptAt = DateTime.fromISO(mt.endUtc, { zone: 'utc' }).plus({ minutes: n.summaryPromptMinutesAfter });
  work.push({
    key: `summary-prompt:${mt.id}`, at: iso(promptAt), usefulUntil: iso(promptAt.plus({ days: 7 })),
    run: async (ctx) => {
      for (const id of ctx.directory.conveners(m, forum)) {
        await ctx.notifier.enqueue({
          key: `summary-prompt:${mt.id}:${id}`, to: { kind: 'member', municipality: m, memberId: id },
          view: view('info', ctx.msg.summaryPromptTitle(forum.name), { lines: [ctx.msg.summaryPromptText(when(ctx, ref, mt))] }),
        });
      }
    },
  });
  // at the same moment: a case left unfinished whose consent ends before the next meeting is off the members' agenda there; its deciders are told
  work.push({
    key: `unfinished-consent:${mt.id}`, at: iso(promptAt), usefulUntil: iso(promptAt.plus({ days: 7 })),
    run: (ctx) => tellDecidersUnfinishedConsentEnds(ctx, ref, mt),
  });
  return work;
}

/**
 * An invitation (or its update or cancellation) for one person: with the meeting's iCalendar file, or,
 * for someone invited in Outlook instead, a note saying so (a file besides would put the meeting in
 * their calendar twice).
 */
function invitationOf(ctx: UseCaseContext, ref: ForumRef, mt: MeetingRecord, method: 'REQUEST' | 'CANCEL', memberId: string) {
  const outlook = invitedInOutlook(ctx.directory, ref, memberId) ? outlookOrganizer(ctx.directory, ref) : undefined;
  return invitation(ctx, ref, mt, method, { ...(ctx.calendarFeeds ? { calendarFeeds: ctx.calendarFeeds } : {}), ...(ctx.icsWriter && !outlook ? { icsWriter: ctx.icsWriter } : {}), ...(outlook ? { outlook } : {}), nowUtc: ctx.nowUtc });
}
