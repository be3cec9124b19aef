import { DateTime } from 'luxon';
import { formatDate } from '../i18n/format';
import { isOnAgenda, SYSTEM_TRANSITIONS } from '../model/item-lifecycle';
import type { AgendaItem, ConsentRecord } from '../model/records';
import { consentProblem } from '../views/consent-view';
import { editDeciderCards } from './card-edits';
import { actorId, type UseCaseContext } from './context';
import { tellDecidersConsentLost } from './decide';
import { refreshPublishedAgendas } from './publish-agenda';
import { type LoadedItem, saveTransition } from './transitions';
import { refused } from './user-error';

/** What a consent says (dates as YYYY-MM-DD; agencies spelled as in the configuration). */
export type ConsentInput = Omit<ConsentRecord, 'itemRef' | 'recordedBy' | 'recordedAt'>;

/**
 * Dates no consent for this meeting can have: signed after the meeting, signed in the future, or
 * expiring before it was signed. Refused with the reason; nothing is recorded.
 */
function refuseImpossibleDates(ctx: UseCaseContext, loaded: LoadedItem, signed: string | undefined, expires: string | undefined): void {
  const { item, meeting, ref } = loaded;
  const today = DateTime.fromISO(ctx.nowUtc, { zone: 'utc' }).setZone(ref.municipality.timeZone).toISODate()!;
  if (signed && signed > meeting.date) throw refused(ctx.msg.consentSignedAfterMeeting(item.ref, formatDate(signed), formatDate(meeting.date)));
  if (signed && signed > today) throw refused(ctx.msg.consentSignedInFuture(formatDate(signed)));
  if (signed && expires && expires < signed) throw refused(ctx.msg.consentExpiresBeforeSigned(formatDate(expires), formatDate(signed)));
}

/** The case after its new consent, and why that consent does not cover its meeting (undefined: it does). */
export interface ConsentRecorded {
  after: AgendaItem;
  problem?: string;
}

/** Only an individual case has consent. */
export function refuseUnlessCase(ctx: UseCaseContext, item: AgendaItem): void {
  if (item.kind !== 'case') throw refused(ctx.msg.consentNotCase(item.ref));
}

/**
 * Record a case's consent (a new one replaces the earlier). A consent that ends before the case's
 * meeting does not count for it: a case on the agenda leaves it and waits for consent (the deciders
 * are told). A published agenda is updated (agencies leaving, parents attending, off the agenda).
 */
export async function recordConsent(ctx: UseCaseContext, loaded: LoadedItem, c: ConsentInput): Promise<ConsentRecorded> {
  const { item, ref, meeting } = loaded;
  refuseUnlessCase(ctx, item);
  refuseImpossibleDates(ctx, loaded, c.guardianSigned, c.expires);
  await ctx.tx.putConsent({
    itemRef: item.ref,
    ...(c.guardianSigned ? { guardianSigned: c.guardianSigned } : {}),
    ...(c.legalBasis ? { legalBasis: c.legalBasis } : {}),
    agencies: c.agencies,
    ...(c.expires ? { expires: c.expires } : {}),
    parentsAttend: c.parentsAttend,
    ...(c.covers ? { covers: c.covers } : {}),
    ...(c.purpose ? { purpose: c.purpose } : {}),
    recordedBy: actorId(ctx),
    recordedAt: ctx.nowUtc,
  });
  await ctx.tx.appendAudit({ at: ctx.nowUtc, actor: actorId(ctx), action: 'consent', municipalityId: item.municipalityId, forumId: item.forumId, meetingId: item.meetingId, itemRef: item.ref });
  const problem = await consentProblem(ctx, item, meeting);
  let after = item;
  if (problem && isOnAgenda(item.state)) {
    after = { ...item, state: SYSTEM_TRANSITIONS['lose-consent'].to, updatedAt: ctx.nowUtc };
    await saveTransition(ctx, item, after, 'consent-lost');
    await editDeciderCards(ctx, ref, after);
    await tellDecidersConsentLost(ctx, ref, after, problem);
  }
  await refreshPublishedAgendas(ctx, ref, [item.meetingId]);
  return { after, ...(problem ? { problem } : {}) };
}
