import { consentProblem } from '../agenda/consent-rules';
import { decidersOf } from '../agenda/item-support';
import { type Audience, shownItem } from '../agenda/shown-item';
import type { CommandContext } from '../commands/types';
import type { ForumRef } from '../directory';
import { agendaSection, isUndecided } from '../model/item-lifecycle';
import type { AgendaItem, MeetingRecord } from '../model/records';
import { view } from '../views';

/** One line of a list of items waiting for a decision, as `audience` may see it (their state; on an agenda without valid consent: waiting for consent). */
export function pendingLine(ctx: CommandContext, audience: Audience, item: AgendaItem): string | undefined {
  const s = shownItem(ctx, audience, 'pending-digest', item)?.item;
  if (!s) return undefined;
  const state = ctx.msg.stateName[isUndecided(item.state) ? item.state : 'needs-consent'];
  return `• ${item.ref}${s.title ? ` · ${s.title}` : ''} [${state}]`;
}

/** After the referral deadline: each decider gets one DM listing the meeting's items that still wait for a decision. */
export function pendingDigest(ctx: CommandContext, ref: ForumRef, mt: MeetingRecord): void {
  const pending = ctx.deps.store.itemsOfMeeting(mt.id).filter((i) => agendaSection(i, !consentProblem(ctx, i, mt)) === 'pending');
  if (!pending.length) return;
  for (const id of decidersOf(ctx, ref)) {
    const lines = pending.flatMap((i) => pendingLine(ctx, { kind: 'member', memberId: id }, i) ?? []);
    ctx.deps.notifier.enqueue({
      key: `pending:${mt.id}:${id}`, to: { kind: 'member', municipality: ref.municipality, memberId: id }, expiresUtc: mt.startUtc,
      view: view('list', ctx.msg.pendingDigestTitle(ref.forum.name), { lines: [ctx.msg.pendingDigestText(pending.length)] }, { lines }),
    }, ctx.nowUtc);
  }
}
