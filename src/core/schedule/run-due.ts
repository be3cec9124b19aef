import { DateTime } from 'luxon';
import { agendaView } from '../agenda/agenda-view';
import { when } from '../agenda/item-support';
import { pendingDigest } from './pending-digest';
import { carryOverStranded } from './stranded-items';
import { publishAgenda } from '../agenda/publication';
import { meetingSections, referralRule } from '../commands/info-commands';
import type { CommandContext, CoreDeps, Notification } from '../commands/types';
import type { ForumRef } from '../directory';
import { formatDateTime } from '../i18n/format';
import type { MeetingRecord } from '../model/records';
import { type View, view } from '../views';
import { systemContext } from './system-context';
import { invitationFile } from '../calendar/invitation-file';
import { invitedInOutlook, outlookOrganizer, queueOutlookEvent } from '../calendar/outlook-events';
import { purgeExpired } from './retention';
import { actionReminders } from './action-reminders';
import { type DueWork, iso } from './due-work';
import { refreshHomes } from '../home/home-refresh';

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
 * with several instances: the notifier's outbox and the schedule log are keyed.
 */
export function runDue(deps: CoreDeps, now: Date): DueResult {
  const result: DueResult = { enqueued: [], dropped: [] };
  for (const m of deps.directory.municipalities) {
    const ctx = systemContext(deps, now, m);
    const changesBefore = deps.store.changeCount();
    const retentionKey = `retention:${m.id}:${DateTime.fromJSDate(now).setZone(m.timeZone).toISODate()}`;
    if (!deps.store.scheduleOutcome(retentionKey)) {
      purgeExpired(deps, now, m);
      deps.store.recordSchedule(retentionKey, 'enqueued', ctx.nowUtc);
    }
    for (const forum of m.forums) {
      const ref = { municipality: m, forum };
      const horizon = iso(DateTime.fromJSDate(now).plus({ days: forum.notifications.inviteDaysBefore + 1 }));
      const since = iso(DateTime.fromJSDate(now).minus({ days: 8 }));
      const meetings = deps.store.meetingsOfForum(m.id, forum.id).filter((mt) => mt.startUtc >= since && mt.startUtc <= horizon);
      // undecided items of meetings that have started move on first, so the next meeting's work sees them
      deps.store.transaction(() => carryOverStranded(ctx, ref));
      const due = [...meetings.flatMap((mt) => dueWorkOf(ctx, ref, mt)), ...actionReminders(ctx, ref)];
      for (const work of due) {
        if (work.at > ctx.nowUtc || deps.store.scheduleOutcome(work.key)) continue;
        deps.store.transaction(() => {
          if (deps.store.scheduleOutcome(work.key)) return; // another instance was first
          if (ctx.nowUtc > work.usefulUntil) {
            deps.store.recordSchedule(work.key, 'dropped', ctx.nowUtc);
            result.dropped.push(work.key);
            return;
          }
          work.run();
          deps.store.recordSchedule(work.key, 'enqueued', ctx.nowUtc);
          result.enqueued.push(work.key);
        });
      }
    }
    // what the scheduler did (published, carried over, erased, a meeting began) may change people's home views
    if (deps.store.changeCount() !== changesBefore) deps.store.transaction(() => refreshHomes(deps, m, ctx.nowUtc));
  }
  return result;
}

function dueWorkOf(ctx: CommandContext, ref: ForumRef, mt: MeetingRecord): DueWork[] {
  const { forum, municipality: m } = ref;
  const n = forum.notifications;
  const zone = m.timeZone;
  const start = DateTime.fromISO(mt.startUtc, { zone: 'utc' }).setZone(zone);
  const deadline = DateTime.fromISO(mt.deadlineUtc, { zone: 'utc' }).setZone(zone);
  const atLocal = (day: DateTime, hhmm: string) => day.set({ hour: Number(hhmm.slice(0, 2)), minute: Number(hhmm.slice(3, 5)), second: 0, millisecond: 0 });
  const notify = (x: Notification) => ctx.deps.notifier.enqueue(x, ctx.nowUtc);
  const members = ctx.deps.directory.forumPeople(ref);
  const work: DueWork[] = [];

  if (mt.status === 'cancelled') {
    // a cancellation only to those who were invited
    if (mt.startUtc > ctx.nowUtc && ctx.deps.store.scheduleKeys(`invite:${mt.id}:`).length) {
      work.push({
        key: `cancel:${mt.id}:s${mt.sequence}`, at: ctx.nowUtc, usefulUntil: mt.startUtc,
        run: () => {
          members.forEach((id) => notify({ key: `cancel:${mt.id}:s${mt.sequence}:${id}`, to: { kind: 'member', municipality: m, memberId: id }, view: invitation(ctx, ref, mt, 'CANCEL', id), expiresUtc: mt.startUtc }));
          queueOutlookEvent(ctx, ref, mt);
        },
      });
    }
    return work;
  }

  work.push({
    key: `invite:${mt.id}:s${mt.sequence}`,
    at: iso(start.minus({ days: n.inviteDaysBefore })),
    usefulUntil: mt.startUtc,
    run: () => {
      members.forEach((id) => notify({ key: `invite:${mt.id}:s${mt.sequence}:${id}`, to: { kind: 'member', municipality: m, memberId: id }, view: invitation(ctx, ref, mt, 'REQUEST', id), expiresUtc: mt.startUtc }));
      queueOutlookEvent(ctx, ref, mt);
    },
  });

  // a forum without a referral deadline gets no deadline reminders; its agenda is published on the
  // meeting's morning, and that post is the meeting reminder
  const deadlineless = forum.referralDeadlineDays === null;
  for (const days of deadlineless ? [] : n.deadlineReminderDays) {
    const at = atLocal(deadline.minus({ days }), n.reminderTime);
    if (at >= deadline) continue;
    work.push({
      key: `deadline-reminder:${mt.id}:${days}`, at: iso(at), usefulUntil: mt.deadlineUtc,
      run: () => notify({
        key: `deadline-reminder:${mt.id}:${days}`, to: { kind: 'forum', ref }, expiresUtc: mt.deadlineUtc,
        view: view('info', ctx.msg.deadlineReminderTitle(forum.name), {
          lines: [ctx.msg.deadlineReminderText(formatDateTime(mt.deadlineUtc, zone, ctx.lang), when(ctx, ref, mt)), ctx.msg.howToAdd],
        }),
      }),
    });
  }

  // when a meeting begins, the next one is another: home views show it
  work.push({ key: `home:${mt.id}`, at: mt.startUtc, usefulUntil: iso(start.plus({ days: 8 })), run: () => refreshHomes(ctx.deps, m, ctx.nowUtc) });

  let morning = n.meetingReminderTime ? atLocal(start, n.meetingReminderTime) : start.minus({ hours: 1 });
  if (morning >= start) morning = start.minus({ hours: 1 });
  work.push({
    key: `publish:${mt.id}`,
    at: iso(deadlineless ? morning : deadline.plus({ seconds: 1 })),
    usefulUntil: mt.endUtc,
    run: () => {
      if (!ctx.deps.store.publication(mt.id) && ctx.deps.directory.channelsOf(ref).length) publishAgenda(ctx, ref, mt.id, 'system');
      pendingDigest(ctx, ref, mt);
    },
  });

  if (n.meetingReminderTime && !deadlineless) {
    work.push({
      key: `meeting-reminder:${mt.id}`, at: iso(morning), usefulUntil: mt.startUtc,
      run: () => {
        const agenda = agendaView(ctx, ref, mt, { kind: 'channel' });
        agenda.title = `${ctx.msg.meetingReminderTitle(forum.name)} · ${agenda.title ?? ''}`;
        notify({ key: `meeting-reminder:${mt.id}`, to: { kind: 'forum', ref }, view: agenda, expiresUtc: mt.startUtc });
      },
    });
  }

  const promptAt = DateTime.fromISO(mt.endUtc, { zone: 'utc' }).plus({ minutes: n.summaryPromptMinutesAfter });
  work.push({
    key: `summary-prompt:${mt.id}`, at: iso(promptAt), usefulUntil: iso(promptAt.plus({ days: 7 })),
    run: () => ctx.deps.directory.conveners(m, forum).forEach((id) => notify({
      key: `summary-prompt:${mt.id}:${id}`, to: { kind: 'member', municipality: m, memberId: id },
      view: view('info', ctx.msg.summaryPromptTitle(forum.name), { lines: [ctx.msg.summaryPromptText(when(ctx, ref, mt))] }),
    })),
  });
  return work;
}

/**
 * An invitation (or its update or cancellation) with the meeting's iCalendar file; someone invited in
 * Outlook instead is told so (a file besides would put the meeting in their calendar twice).
 */
function invitation(ctx: CommandContext, ref: ForumRef, mt: MeetingRecord, method: 'REQUEST' | 'CANCEL', memberId: string): View {
  const { forum, municipality: m } = ref;
  const v = method === 'CANCEL'
    ? view('info', ctx.msg.cancellationTitle(forum.name), { lines: [ctx.msg.cancellationText(when(ctx, ref, mt))] })
    : view('meeting', mt.sequence > 0 ? ctx.msg.invitationUpdatedTitle(forum.name) : ctx.msg.invitationTitle(forum.name),
      ...meetingSections(ctx, ref, mt),
      ...(forum.standingItems.length ? [{ heading: ctx.msg.standingItems, lines: forum.standingItems.map((s) => `• ${s}`) }] : []),
      { lines: [referralRule(ctx, ref), ctx.msg.howToAdd] });
  if (invitedInOutlook(ctx.deps.directory, ref, memberId)) {
    v.sections.push({ lines: [ctx.msg.outlookInvitationNote(outlookOrganizer(ctx.deps.directory, ref)!)] });
  } else {
    const file = invitationFile(ctx.deps, ref, mt, ctx.nowUtc);
    if (file) v.attachment = file;
  }
  if (ctx.deps.calendarFeeds) v.link = { label: ctx.msg.calendarFeed, url: ctx.deps.calendarFeeds.url(m.id, forum.id) };
  return v;
}
