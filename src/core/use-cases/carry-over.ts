import type { ForumRef } from '../model/directory';
import { SYSTEM_TRANSITIONS } from '../model/item-lifecycle';
import type { AgendaItem, ItemState } from '../model/records';
import { view } from '../model/view';
import { upcomingMeetings, when } from '../views/meeting-view';
import { shownItem } from '../views/shown-item';
import { inLanguageOf } from '../views/view-context';
import { editDeciderCards } from './card-edits';
import type { UseCaseContext } from './context';
import { refreshPublishedAgendas } from './publish-agenda';
import { notifyMember, saveTransition } from './transitions';

/**
 * The system step `carry-over` of the item life cycle: an undecided item whose meeting has started
 * moves to the forum's next planned meeting, still undecided (a submitted or late item is in time or
 * late there by that meeting's deadline). Every decider's card about it is edited to the new meeting,
 * and the submitter is told. Returns the moved item, or undefined when no later meeting is planned
 * (the item then stays open where it is).
 */
export async function carryOver(ctx: UseCaseContext, ref: ForumRef, item: AgendaItem): Promise<AgendaItem | undefined> {
  if (!(SYSTEM_TRANSITIONS['carry-over'].from as readonly ItemState[]).includes(item.state)) return undefined;
  const from = await ctx.tx.meeting(item.meetingId);
  const target = (await upcomingMeetings(ctx, ref))[0];
  if (!from || !target) return undefined;
  const inTime = ctx.nowUtc <= target.deadlineUtc;
  const state: ItemState = item.state === 'submitted' || item.state === 'late' ? (inTime ? 'submitted' : 'late') : item.state;
  const after: AgendaItem = { ...item, state, late: !inTime, meetingId: target.id, carriedFrom: item.meetingId, updatedAt: ctx.nowUtc };
  await saveTransition(ctx, item, after, 'carry-over');
  await refreshPublishedAgendas(ctx, ref, [target.id]);
  await editDeciderCards(ctx, ref, after);
  const own = (await shownItem(ctx, { kind: 'member', memberId: item.submitterId }, 'dm', after))?.item;
  const rc = inLanguageOf(ctx, ref.municipality);
  await notifyMember(ctx, ref, item.submitterId, `carry:${item.ref}:${target.id}`,
    view('info', undefined, { lines: [rc.msg.notifyCarried(item.ref, own?.title ?? item.ref, when(rc, ref, from), when(rc, ref, target))] }));
  return after;
}
