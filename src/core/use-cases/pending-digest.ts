import type { ForumRef } from '../model/directory';
import { agendaSection } from '../model/item-lifecycle';
import type { MeetingRecord } from '../model/records';
import { view } from '../model/view';
import { consentProblem } from '../views/consent-view';
import { pendingLine } from '../views/pending-view';
import { filterSeq, flatMapSeq, listOf } from '../views/sequential';
import { inLanguageOf } from '../views/view-context';
import type { UseCaseContext } from './context';

/** After the referral deadline: each decider gets one DM listing the meeting's items that still wait for a decision. */
export async function pendingDigest(ctx: UseCaseContext, ref: ForumRef, mt: MeetingRecord): Promise<void> {
  const rc = inLanguageOf(ctx, ref.municipality);
  const pending = await filterSeq(await ctx.tx.itemsOfMeeting(mt.id), async (i) => agendaSection(i, !(await consentProblem(rc, i, mt))) === 'pending');
  if (!pending.length) return;
  for (const id of ctx.directory.deciders(ref)) {
    const lines = await flatMapSeq(pending, async (i) => listOf(await pendingLine(rc, { kind: 'member', memberId: id }, i)));
    await ctx.notifier.enqueue({
      key: `pending:${mt.id}:${id}`, to: { kind: 'member', municipality: ref.municipality, memberId: id }, expiresUtc: mt.startUtc,
      view: view('list', rc.msg.pendingDigestTitle(ref.forum.name), { lines: [rc.msg.pendingDigestText(pending.length)] }, { lines }),
    });
  }
}
