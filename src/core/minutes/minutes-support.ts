import { loadItem, type LoadedItem, notifyMember } from '../agenda/item-support';
import type { CommandContext } from '../commands/types';
import { UserError } from '../commands/types';
import type { ForumRef } from '../directory';
import type { MeetingRecord } from '../model/records';
import { errorView, view } from '../views';
import { minutesView, ownActionText } from './minutes-view';

/** The meeting the minutes are about: the one that started most recently (the current or last). */
export function lastHeldMeeting(ctx: CommandContext, ref: ForumRef): MeetingRecord {
  const held = ctx.deps.store.meetingsOfForum(ref.municipality.id, ref.forum.id).filter((m) => m.status === 'planned' && m.startUtc <= ctx.nowUtc);
  const last = held[held.length - 1];
  if (!last) throw new UserError(errorView(ctx.msg.noHeldMeeting(ref.forum.name)));
  return last;
}

/** An item whose meeting has started (minutes are kept from the meeting's start). */
export function loadHeldItem(ctx: CommandContext, usage: string): LoadedItem {
  const loaded = loadItem(ctx, ctx.cmd.args[0], usage);
  if (loaded.meeting.startUtc > ctx.nowUtc) throw new UserError(errorView(ctx.msg.meetingNotHeld(loaded.item.ref)));
  return loaded;
}

/**
 * Post the summary of a meeting to its channel: the first time as a new post, afterwards as an
 * update of that post (a correction never becomes a second summary).
 */
export function postSummary(ctx: CommandContext, ref: ForumRef, mt: MeetingRecord): void {
  const { store, notifier } = ctx.deps;
  const minutes = store.minutes(mt.id)!;
  const version = minutes.version + 1;
  const summary = minutesView(ctx, ref, mt, 'summary', { kind: 'channel' });
  if (version > 1) summary.sections.push({ lines: [ctx.msg.summaryUpdated] });
  notifier.enqueue({ key: `summary:${mt.id}:v${version}`, to: { kind: 'forum', ref }, view: summary, ...(version > 1 ? { replaces: `summary:${mt.id}:v1` } : {}) }, ctx.nowUtc);
  store.putMinutes({ ...minutes, version });
}

/** After approval, every change to the minutes updates the posted summary. */
export function afterMinutesChange(ctx: CommandContext, ref: ForumRef, mt: MeetingRecord): boolean {
  if (ctx.deps.store.minutes(mt.id)?.status !== 'approved') return false;
  postSummary(ctx, ref, mt);
  return true;
}

/** Each action owner gets their actions of the meeting as a DM. */
export function notifyActionOwners(ctx: CommandContext, ref: ForumRef, mt: MeetingRecord): void {
  const actions = ctx.deps.store.actionsOfMeeting(mt.id).filter((a) => a.status === 'open');
  for (const owner of new Set(actions.map((a) => a.ownerId))) {
    const lines = actions.filter((a) => a.ownerId === owner).map((a) => ownActionText(ctx, ref, a, 'action-dm'));
    notifyMember(ctx, ref, owner, `actions:${mt.id}:${owner}`, view('list', ctx.msg.actionsForYouTitle(ref.forum.name), { lines }));
  }
}
