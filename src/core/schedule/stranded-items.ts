import { carryOver } from '../agenda/carry-over';
import { decidersOf, when } from '../agenda/item-support';
import type { CommandContext } from '../commands/types';
import type { ForumRef } from '../directory';
import { PHASE } from '../model/item-lifecycle';
import type { AgendaItem, ItemState } from '../model/records';
import { view } from '../views';
import { pendingLine } from './pending-digest';

const UNDECIDED = (Object.keys(PHASE) as ItemState[]).filter((s) => PHASE[s] === 'pending');

/**
 * The scheduler's side of the `carry-over` step: every undecided item of a meeting that has started
 * moves to the forum's next planned meeting, still undecided, and each decider gets one DM per meeting
 * listing them. Where no meeting is planned the items stay open, and the deciders are told that once.
 * Items that have moved are no longer found here, and the DMs are keyed, so this happens once.
 */
export function carryOverStranded(ctx: CommandContext, ref: ForumRef): void {
  const { store } = ctx.deps;
  const stranded = store.itemsInStatesOfStartedMeetings(ref.municipality.id, ref.forum.id, UNDECIDED, ctx.nowUtc);
  const byMeeting = new Map<string, AgendaItem[]>();
  for (const item of stranded) byMeeting.set(item.meetingId, [...(byMeeting.get(item.meetingId) ?? []), item]);
  for (const [meetingId, items] of byMeeting) {
    const from = store.meeting(meetingId)!;
    const moved = items.flatMap((i) => carryOver(ctx, ref, i) ?? []);
    const target = moved[0] && store.meeting(moved[0].meetingId);
    for (const d of decidersOf(ctx, ref)) {
      const audience = { kind: 'member' as const, memberId: d };
      const lines = (target ? moved : items).flatMap((i) => pendingLine(ctx, audience, i) ?? []);
      ctx.deps.notifier.enqueue({
        key: target ? `carried:${meetingId}:${target.id}:${d}` : `stranded:${meetingId}:${d}`,
        to: { kind: 'member', municipality: ref.municipality, memberId: d },
        view: view('list', ctx.msg.strandedTitle(ref.forum.name), {
          lines: [target ? ctx.msg.strandedMoved(when(ctx, ref, from), when(ctx, ref, target)) : ctx.msg.strandedOpen(when(ctx, ref, from))],
        }, { lines }),
      }, ctx.nowUtc);
    }
  }
}
