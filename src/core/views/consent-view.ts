import type { ForumRef } from '../model/directory';
import { formatDate } from '../i18n/format';
import { consentValidOn, coverageUnder } from '../model/consent';
import type { AgendaItem, MeetingRecord } from '../model/records';
import { covers, type ItemFacts } from '../model/visibility';
import type { ViewContext } from './view-context';

/** Which agencies may hear a case at a meeting on `date` (see coverageUnder); topics are for all. */
export async function coverageOf(tx: ViewContext['tx'], item: AgendaItem, date: string): Promise<ItemFacts['coverage']> {
  if (item.kind !== 'case') return 'all';
  return coverageUnder(item, await tx.consent(item.ref), date);
}

/**
 * Agencies of the forum's participants that the consent does not cover: they leave the meeting while
 * the case is discussed. Deciders run the meeting and stay; observers do not take part.
 */
export async function excludedAgencies(ctx: Pick<ViewContext, 'tx' | 'directory'>, ref: ForumRef, item: AgendaItem, date: string): Promise<string[]> {
  const coverage = await coverageOf(ctx.tx, item, date);
  const deciders = new Set(ctx.directory.deciders(ref));
  const agencies = new Set<string>();
  for (const ms of ref.forum.members) {
    const member = ctx.directory.member(ref.municipality, ms.member);
    if (member && ms.role !== 'observer' && !deciders.has(member.id)) agencies.add(member.agency);
  }
  return [...agencies].filter((a) => !covers(coverage, a)).sort((a, b) => a.localeCompare(b, 'nb'));
}

/** Why a case may not be before this meeting, or undefined when its consent is in order for the meeting's date. */
export async function consentProblem(ctx: Pick<ViewContext, 'tx' | 'msg'>, item: AgendaItem, meeting: MeetingRecord): Promise<string | undefined> {
  if (item.kind !== 'case') return undefined;
  const c = await ctx.tx.consent(item.ref);
  if (!c || (!c.legalBasis && !c.guardianSigned)) return ctx.msg.needsConsent(item.ref);
  if (c.guardianSigned && c.guardianSigned > meeting.date) return ctx.msg.consentSignedAfter(item.ref, formatDate(c.guardianSigned), formatDate(meeting.date));
  if (c.expires && c.expires < meeting.date) return ctx.msg.consentExpired(item.ref, formatDate(c.expires), formatDate(meeting.date));
  return undefined;
}

/** Lines about consent for a case at its meeting: valid or missing, parents attending, agencies leaving. */
export async function consentSummary(ctx: Pick<ViewContext, 'tx' | 'directory' | 'msg'>, ref: ForumRef, item: AgendaItem, meeting: MeetingRecord): Promise<string[]> {
  const c = await ctx.tx.consent(item.ref);
  if (!c) return [ctx.msg.consentMissing];
  if (!consentValidOn(c, meeting.date)) return [ctx.msg.consentNotValid(formatDate(meeting.date))];
  const leaving = await excludedAgencies(ctx, ref, item, meeting.date);
  return [
    ctx.msg.consentOk,
    ...(c.parentsAttend ? [ctx.msg.parentsAttend] : []),
    ...(leaving.length ? [ctx.msg.leavesMeeting(leaving.join(', '))] : []),
  ];
}

/** What the consent says beyond agencies (for the deciders and the submitter): dates, coverage, purpose, legal basis. */
export async function consentDetails(ctx: Pick<ViewContext, 'tx' | 'msg'>, item: AgendaItem): Promise<string[]> {
  const c = await ctx.tx.consent(item.ref);
  if (!c) return [];
  return [
    ...(c.guardianSigned ? [ctx.msg.consentSignedLine(formatDate(c.guardianSigned), c.agencies.join(', '))] : []),
    ...(c.legalBasis ? [ctx.msg.legalBasisLine(c.legalBasis)] : []),
    ...(c.expires ? [ctx.msg.consentExpiresLine(formatDate(c.expires))] : []),
    ...(c.covers ? [ctx.msg.consentCoversLine(c.covers)] : []),
    ...(c.purpose ? [ctx.msg.consentPurposeLine(c.purpose)] : []),
  ];
}
