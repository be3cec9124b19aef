import { carryOver } from '../agenda/carry-over';
import { decidersOf, when } from '../agenda/item-support';
import type { CommandContext } from '../commands/types';
import type { ForumRef } from '../directory';
import { PHASE } from '../model/item-lifecycle';
import type { AgendaItem, ItemState, MeetingRecord } from '../model/records';
import { type Section, view } from '../views';
import { pendingLine } from './pending-digest';

const UNDECIDED = (Object.keys(PHASE) as ItemState[]).filter((s) => PHASE[s] === 'pending');

/**
 * The scheduler's side of the `carry-over` step: every undecided item of a meeting that has started
 * moves to the forum's next planned meeting, still undecided, and each decider gets one DM listing what
 * moved (grouped by the meeting it was for). Where no meeting is planned the items stay open, and the
 * deciders are told that once per meeting. Items that have moved are no longer found here, so each
 * moves, and is told about, once.
 */
export function carryOverStranded(ctx: CommandContext, ref: ForumRef): void {
  const { store } = ctx.deps;
  const stranded = store.itemsInStatesOfStartedMeetings(ref.municipality.id, ref.forum.id, UNDECIDED, ctx.nowUtc);
  if (!stranded.length) return;
  const byMeeting = new Map<string, AgendaItem[]>();
  for (const item of stranded) byMeeting.set(item.meetingId, [...(byMeeting.get(item.meetingId) ?? []), item]);
  const moved: { from: MeetingRecord; to: MeetingRecord; items: AgendaItem[] }[] = [];
  const open: { from: MeetingRecord; items: AgendaItem[] }[] = [];
  for (const [meetingId, items] of byMeeting) {
    const from = store.meeting(meetingId)!;
    const carried = items.flatMap((i) => carryOver(ctx, ref, i) ?? []);
    const to = carried[0] && store.meeting(carried[0].meetingId);
    if (to) moved.push({ from, to, items: carried });
    else open.push({ from, items });
  }
  const notify = (d: string, key: string, sections: Section[]) => ctx.deps.notifier.enqueue({
    key, to: { kind: 'member', municipality: ref.municipality, memberId: d }, view: view('list', ctx.msg.strandedTitle(ref.forum.name), ...sections),
  }, ctx.nowUtc);
  for (const d of decidersOf(ctx, ref)) {
    const lines = (items: AgendaItem[]) => items.flatMap((i) => pendingLine(ctx, { kind: 'member', memberId: d }, i) ?? []);
    if (moved.length) {
      notify(d, `carried:${ref.municipality.id}/${ref.forum.id}:${ctx.nowUtc}:${d}`,
        moved.map((g) => ({ heading: ctx.msg.strandedMoved(when(ctx, ref, g.from), when(ctx, ref, g.to)), lines: lines(g.items) })));
    }
    for (const g of open) notify(d, `stranded:${g.from.id}:${d}`, [{ heading: ctx.msg.strandedOpen(when(ctx, ref, g.from)), lines: lines(g.items) }]);
  }
}
