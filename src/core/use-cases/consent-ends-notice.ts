import type { ForumRef } from '../model/directory';
import { formatDate } from '../i18n/format';
import { consentValidOn } from '../model/consent';
import type { AgendaItem, MeetingRecord } from '../model/records';
import { view } from '../model/view';
import { unfinishedItems } from '../views/agenda-view';
import { when } from '../views/meeting-view';
import { pendingLine } from '../views/pending-view';
import { inLanguageOf } from '../views/view-context';
import type { UseCaseContext } from './context';
import { notifyMember } from './transitions';

/**
 * How a case reached a later meeting without the bot's decision: moved there undecided (the
 * `carry-over` step), or left unfinished (approved, no decision) at its meeting, so that the next
 * meeting's agenda carries it over.
 */
export type CarriedHow = 'moved' | 'unfinished';

/**
 * The date a case's consent ends when it counted for the meeting the case comes from but ends before
 * the meeting it is carried to (undefined otherwise: a topic, a consent valid through that meeting, or
 * one that never counted for the earlier meeting — its deciders were told when it was recorded).
 */
async function consentEndsBetween(ctx: UseCaseContext, item: AgendaItem, from: MeetingRecord, to: MeetingRecord): Promise<string | undefined> {
  if (item.kind !== 'case') return undefined;
  const c = await ctx.tx.consent(item.ref);
  if (!c?.expires || !consentValidOn(c, from.date) || consentValidOn(c, to.date)) return undefined;
  return c.expires;
}

/**
 * A case carried from `from` to `to` whose consent ends between the two meetings stays off the members'
 * agenda of `to`; each decider of the forum gets one DM saying so and what they can do (renew the
 * consent, or decide the item). Only the deciders: the line about the case is their pending line,
 * rendered through the visibility rule. Keyed by case, meeting and decider, in the caller's transaction,
 * so a repeated tick (or both ways of carrying one case to the same meeting) adds nothing.
 */
export async function tellDecidersConsentEnds(ctx: UseCaseContext, ref: ForumRef, item: AgendaItem, from: MeetingRecord, to: MeetingRecord, how: CarriedHow): Promise<void> {
  const expires = await consentEndsBetween(ctx, item, from, to);
  if (!expires) return;
  const rc = inLanguageOf(ctx, ref.municipality);
  const m = rc.msg;
  const said = how === 'moved'
    ? [m.consentEndsMoved(item.ref, when(rc, ref, from), when(rc, ref, to), formatDate(expires)), m.consentEndsMovedWhatNow(item.ref)]
    : [m.consentEndsUnfinished(item.ref, when(rc, ref, from), when(rc, ref, to), formatDate(expires)), m.consentEndsUnfinishedWhatNow(item.ref)];
  for (const d of ctx.directory.deciders(ref)) {
    const line = await pendingLine(rc, { kind: 'member', memberId: d }, item);
    await notifyMember(ctx, ref, d, `consent-ends:${item.ref}:${to.id}:${d}`,
      view('info', m.consentEndsTitle(item.ref), { lines: said }, ...(line ? [{ lines: [line] }] : [])));
  }
}

/**
 * After a meeting (when the convener is asked for the summary): every case left unfinished there that
 * the next planned meeting's agenda would carry over, but whose consent ends before that meeting.
 */
export async function tellDecidersUnfinishedConsentEnds(ctx: UseCaseContext, ref: ForumRef, mt: MeetingRecord): Promise<void> {
  const later = (await ctx.tx.meetingsOfForum(ref.municipality.id, ref.forum.id)).filter((x) => x.status === 'planned' && x.startUtc > mt.startUtc);
  const next = later.reduce<MeetingRecord | undefined>((a, x) => (!a || x.startUtc < a.startUtc ? x : a), undefined);
  if (!next || next.startUtc <= ctx.nowUtc) return;
  for (const item of await unfinishedItems(ctx, mt)) await tellDecidersConsentEnds(ctx, ref, item, mt, next, 'unfinished');
}
