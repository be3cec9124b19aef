import type { ForumRef } from '../model/directory';
import type { AgendaItem, MeetingRecord } from '../model/records';
import type { View } from '../model/view';
import { actorId, type UseCaseContext } from './context';

/** An item with its forum and meeting, as a use case gets it (the command layer loads and checks access). */
export interface LoadedItem {
  item: AgendaItem;
  ref: ForumRef;
  meeting: MeetingRecord;
}

/** Save a changed item and its audit line together (in the caller's transaction). */
export async function saveTransition(ctx: UseCaseContext, before: AgendaItem | undefined, after: AgendaItem, action: string): Promise<void> {
  const store = ctx.tx;
  if (before) await store.updateItem(after);
  else await store.insertItem(after);
  await store.appendAudit({
    at: ctx.nowUtc,
    actor: actorId(ctx),
    action,
    municipalityId: after.municipalityId,
    forumId: after.forumId,
    meetingId: after.meetingId,
    itemRef: after.ref,
    ...(before ? { fromState: before.state } : {}),
    toState: after.state,
  });
}

/** A DM to one member of the forum's municipality. */
export function notifyMember(ctx: UseCaseContext, ref: ForumRef, memberId: string, key: string, view: View): Promise<void> {
  return ctx.notifier.enqueue({ key, to: { kind: 'member', municipality: ref.municipality, memberId }, view });
}
