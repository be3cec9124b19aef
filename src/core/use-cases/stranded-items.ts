import { carryOver } from './carry-over';
import { tellDecidersConsentEnds } from './consent-ends-notice';
import type { UseCaseContext } from './context';
import { when } from '../views/meeting-view';
import { flatMapSeq, listOf, mapSeq } from '../views/sequential';
import { inLanguageOf } from '../views/view-context';
import type { ForumRef } from '../model/directory';
import { PHASE } from '../model/item-lifecycle';
import type { AgendaItem, ItemState, MeetingRecord } from '../model/records';
import { type Section, view } from '../model/view';
import { pendingLine } from '../views/pending-view';

const UNDECIDED = (Object.keys(PHASE) as ItemState[]).filter((s) => PHASE[s] === 'pending');

/**
 * The scheduler's side of the `carry-over` step: every undecided item of a meeting that has started
 * moves to the forum's next planned meeting, still undecided, and each decider gets one DM listing what
 * moved (grouped by the meeting it was for). Where no meeting is planned the items stay open, and the
 * deciders are told that once per meeting. Items that have moved are no longer found here, so each
 * moves, and is told about, once.
 */
export async function carryOverStranded(ctx: UseCaseContext, ref: ForumRef): Promise<void> {
  const store = ctx.tx;
  const stranded = await store.itemsInStatesOfStartedMeetings(ref.municipality.id, ref.forum.id, UNDECIDED, ctx.nowUtc);
  if (!stranded.length) return;
  const byMeeting = new Map<string, AgendaItem[]>();
  for (const item of stranded) byMeeting.set(item.meetingId, [...(byMeeting.get(item.meetingId) ?? []), item]);
  const moved: { from: MeetingRecord; to: MeetingRecord; items: AgendaItem[] }[] = [];
  const open: { from: MeetingRecord; items: AgendaItem[] }[] = [];
  for (const [meetingId, items] of byMeeting) {
    const from = (await store.meeting(meetingId))!;
    const carried = await flatMapSeq(items, async (i) => listOf(await carryOver(ctx, ref, i)));
    const to = carried[0] && await store.meeting(carried[0].meetingId);
    if (to) {
      moved.push({ from, to, items: carried });
      // a case whose consent ends before the meeting it moved to: its deciders are told so, each case once
      for (const i of carried) await tellDecidersConsentEnds(ctx, ref, i, from, to, 'moved');
    } else open.push({ from, items });
  }
  const rc = inLanguageOf(ctx, ref.municipality);
  const notify = (d: string, key: string, sections: Section[]) => ctx.notifier.enqueue({
    key, to: { kind: 'member', municipality: ref.municipality, memberId: d }, view: view('list', rc.msg.strandedTitle(ref.forum.name), ...sections),
  });
  for (const d of ctx.directory.deciders(ref)) {
    const lines = (items: AgendaItem[]) => flatMapSeq(items, async (i) => listOf(await pendingLine(rc, { kind: 'member', memberId: d }, i)));
    if (moved.length) {
      await notify(d, `carried:${ref.municipality.id}/${ref.forum.id}:${ctx.nowUtc}:${d}`,
        await mapSeq(moved, async (g) => ({ heading: rc.msg.strandedMoved(when(rc, ref, g.from), when(rc, ref, g.to)), lines: await lines(g.items) })));
    }
    for (const g of open) await notify(d, `stranded:${g.from.id}:${d}`, [{ heading: rc.msg.strandedOpen(when(rc, ref, g.from)), lines: await lines(g.items) }]);
  }
}
