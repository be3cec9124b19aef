import type { CommandContext } from '../commands/types';
import { upcomingMeetings } from '../commands/resolve';
import type { ForumRef } from '../directory';
import { SYSTEM_TRANSITIONS } from '../model/item-lifecycle';
import type { AgendaItem, ItemState } from '../model/records';
import { view } from '../views';
import { editDeciderCards } from './card-edits';
import { notifyMember, saveTransition, when } from './item-support';
import { refreshPublishedAgendas } from './publication';
import { shownItem } from './shown-item';

/**
 * The system step `carry-over` of the item life cycle: an undecided item whose meeting has started
 * moves to the forum's next planned meeting, still undecided (a submitted or late item is in time or
 * late there by that meeting's deadline). Every decider's card about it is edited to the new meeting,
 * and the submitter is told. Returns the moved item, or undefined when no later meeting is planned
 * (the item then stays open where it is).
 */
export function carryOver(ctx: CommandContext, ref: ForumRef, item: AgendaItem): AgendaItem | undefined {
  if (!(SYSTEM_TRANSITIONS['carry-over'].from as readonly ItemState[]).includes(item.state)) return undefined;
  const from = ctx.deps.store.meeting(item.meetingId);
  const target = upcomingMeetings(ctx, ref)[0];
  if (!from || !target) return undefined;
  const inTime = ctx.nowUtc <= target.deadlineUtc;
  const state: ItemState = item.state === 'submitted' || item.state === 'late' ? (inTime ? 'submitted' : 'late') : item.state;
  const after: AgendaItem = { ...item, state, late: !inTime, meetingId: target.id, carriedFrom: item.meetingId, updatedAt: ctx.nowUtc };
  saveTransition(ctx, item, after, 'carry-over');
  refreshPublishedAgendas(ctx, ref, [target.id]);
  editDeciderCards(ctx, ref, after);
  const own = shownItem(ctx, { kind: 'member', memberId: item.submitterId }, 'dm', after)?.item;
  notifyMember(ctx, ref, item.submitterId, `carry:${item.ref}:${target.id}`,
    view('info', undefined, { lines: [ctx.msg.notifyCarried(item.ref, own?.title ?? item.ref, when(ctx, ref, from), when(ctx, ref, target))] }));
  return after;
}
