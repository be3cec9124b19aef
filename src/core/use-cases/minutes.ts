import type { ForumRef } from '../model/directory';
import type { MeetingRecord, MinuteEntry } from '../model/records';
import { view } from '../model/view';
import { minutesView, ownActionText } from '../views/minutes-view';
import { mapSeq } from '../views/sequential';
import { inLanguageOf } from '../views/view-context';
import { actorId, type UseCaseContext } from './context';
import { screened } from './screening';
import { type LoadedItem, notifyMember } from './transitions';
import { refused } from './user-error';

/**
 * Post the summary of a meeting to its channel: the first time as a new post, afterwards as an
 * update of that post (a correction never becomes a second summary).
 */
export async function postSummary(ctx: UseCaseContext, ref: ForumRef, mt: MeetingRecord): Promise<void> {
  const store = ctx.tx;
  const minutes = (await store.minutes(mt.id))!;
  const version = minutes.version + 1;
  const rc = inLanguageOf(ctx, ref.municipality);
  const summary = await minutesView(rc, ref, mt, 'summary', { kind: 'channel' });
  if (version > 1) summary.sections.push({ lines: [rc.msg.summaryUpdated] });
  await ctx.notifier.enqueue({ key: `summary:${mt.id}:v${version}`, to: { kind: 'forum', ref }, view: summary, ...(version > 1 ? { replaces: `summary:${mt.id}:v1` } : {}) });
  await store.putMinutes({ ...minutes, version });
}

/** After approval, every change to the minutes updates the posted summary; true when it did. */
export async function afterMinutesChange(ctx: UseCaseContext, ref: ForumRef, mt: MeetingRecord): Promise<boolean> {
  if ((await ctx.tx.minutes(mt.id))?.status !== 'approved') return false;
  await postSummary(ctx, ref, mt);
  return true;
}

/** Each action owner gets their actions of the meeting as a DM. */
export async function notifyActionOwners(ctx: UseCaseContext, ref: ForumRef, mt: MeetingRecord): Promise<void> {
  const actions = (await ctx.tx.actionsOfMeeting(mt.id)).filter((a) => a.status === 'open');
  const rc = inLanguageOf(ctx, ref.municipality);
  for (const owner of new Set(actions.map((a) => a.ownerId))) {
    const lines = await mapSeq(actions.filter((a) => a.ownerId === owner), (a) => ownActionText(rc, ref, a, 'action-dm'));
    await notifyMember(ctx, ref, owner, `actions:${mt.id}:${owner}`, view('list', rc.msg.actionsForYouTitle(ref.forum.name), { lines }));
  }
}

/** Approve the minutes of a held meeting: the summary is posted to the channel, owners get their actions. */
export async function approveMinutes(ctx: UseCaseContext, ref: ForumRef, mt: MeetingRecord): Promise<void> {
  if ((await ctx.tx.minutes(mt.id))?.status === 'approved') throw refused(ctx.msg.minutesAlreadyApproved);
  await ctx.tx.putMinutes({ meetingId: mt.id, status: 'approved', version: 0, approvedBy: actorId(ctx), approvedAt: ctx.nowUtc });
  await ctx.tx.appendAudit({ at: ctx.nowUtc, actor: actorId(ctx), action: 'approve-minutes', municipalityId: ref.municipality.id, forumId: ref.forum.id, meetingId: mt.id });
  await postSummary(ctx, ref, mt);
  await notifyActionOwners(ctx, ref, mt);
}

/** A decision or note on an item of a held meeting. True when an approved summary was updated (a decision). */
export async function addMinutesEntry(ctx: UseCaseContext, { item, ref, meeting }: LoadedItem, kind: MinuteEntry['kind'], text: string): Promise<boolean> {
  await ctx.tx.addEntry({ meetingId: meeting.id, itemRef: item.ref, kind, text: screened(ctx, ctx.msg.fieldText, text), authorId: actorId(ctx), createdAt: ctx.nowUtc });
  await ctx.tx.appendAudit({ at: ctx.nowUtc, actor: actorId(ctx), action: kind, municipalityId: item.municipalityId, forumId: item.forumId, meetingId: meeting.id, itemRef: item.ref });
  return kind === 'decision' && await afterMinutesChange(ctx, ref, meeting);
}

/** A correction of an item's n-th decision or note (numbered as in the draft minutes): a new text, or removed. */
export interface EntryCorrection {
  kind: MinuteEntry['kind'];
  /** as typed (1-based) */
  number: string;
  /** the new text; undefined: remove the entry */
  replacement?: string;
  /** the actor may correct only entries they wrote (members who may add notes) */
  ownOnly: boolean;
}

/** Correct or remove an entry (audit logged). True when an approved summary was edited in place (a decision). */
export async function correctMinutesEntry(ctx: UseCaseContext, { item, ref, meeting }: LoadedItem, c: EntryCorrection): Promise<boolean> {
  const entry = (await ctx.tx.entriesOfMeeting(meeting.id)).filter((e) => e.itemRef === item.ref && e.kind === c.kind)[Number(c.number) - 1];
  if (!/^\d+$/.test(c.number) || !entry) throw refused(ctx.msg.noEntryNumber(c.kind, c.number, item.ref));
  if (c.ownOnly && entry.authorId !== actorId(ctx)) throw refused(ctx.msg.notYourNote);
  if (c.replacement !== undefined) await ctx.tx.updateEntry(entry.id, screened(ctx, ctx.msg.fieldText, c.replacement));
  else await ctx.tx.deleteEntry(entry.id);
  const action = `${c.kind}-${c.replacement !== undefined ? 'replace' : 'remove'}`;
  await ctx.tx.appendAudit({ at: ctx.nowUtc, actor: actorId(ctx), action, municipalityId: item.municipalityId, forumId: item.forumId, meetingId: meeting.id, itemRef: item.ref });
  return c.kind === 'decision' && await afterMinutesChange(ctx, ref, meeting);
}
