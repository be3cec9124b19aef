import type { ForumRef } from '../directory';
import { formatDate } from '../i18n/format';
import type { AgendaItem, ConsentRecord, MeetingRecord } from '../model/records';
import { covers, type ItemFacts } from '../model/visibility';
import type { SltStore } from '../ports';
import type { CommandContext } from '../commands/types';
import { decidersOf } from './item-support';

/**
 * Consent counts only when it is valid on the date of the meeting the case is for: signed (or a legal
 * basis recorded) on or before that date, and not expired before it. Every path that puts a case
 * before a meeting (approval, deferral and carry-over, a new consent, raising) asks this.
 */
export function consentValidOn(c: ConsentRecord | undefined, date: string): boolean {
  if (!c || (!c.legalBasis && !c.guardianSigned)) return false;
  if (c.guardianSigned && c.guardianSigned > date) return false;
  return !(c.expires && c.expires < date);
}

/** Which agencies may hear a case at a meeting on `date`: all (a legal basis without agencies), the consent's, or none. */
export function coverageOf(store: SltStore, item: AgendaItem, date: string): ItemFacts['coverage'] {
  if (item.kind !== 'case') return 'all';
  const c = store.consent(item.ref);
  if (!c || !consentValidOn(c, date)) return [];
  return c.legalBasis && c.agencies.length === 0 ? 'all' : c.agencies;
}

/**
 * Agencies of the forum's participants that the consent does not cover: they leave the meeting while
 * the case is discussed. Deciders run the meeting and stay; observers do not take part.
 */
export function excludedAgencies(ctx: CommandContext, ref: ForumRef, item: AgendaItem, date: string): string[] {
  const coverage = coverageOf(ctx.deps.store, item, date);
  const deciders = new Set(decidersOf(ctx, ref));
  const agencies = new Set<string>();
  for (const ms of ref.forum.members) {
    const member = ctx.deps.directory.member(ref.municipality, ms.member);
    if (member && ms.role !== 'observer' && !deciders.has(member.id)) agencies.add(member.agency);
  }
  return [...agencies].filter((a) => !covers(coverage, a)).sort((a, b) => a.localeCompare(b, 'nb'));
}

/** Why a case may not be before this meeting, or undefined when its consent is in order for the meeting's date. */
export function consentProblem(ctx: CommandContext, item: AgendaItem, meeting: MeetingRecord): string | undefined {
  if (item.kind !== 'case') return undefined;
  const c = ctx.deps.store.consent(item.ref);
  if (!c || (!c.legalBasis && !c.guardianSigned)) return ctx.msg.needsConsent(item.ref);
  if (c.guardianSigned && c.guardianSigned > meeting.date) return ctx.msg.consentSignedAfter(item.ref, formatDate(c.guardianSigned), formatDate(meeting.date));
  if (c.expires && c.expires < meeting.date) return ctx.msg.consentExpired(item.ref, formatDate(c.expires), formatDate(meeting.date));
  return undefined;
}

/** Lines about consent for a case at its meeting: valid or missing, parents attending, agencies leaving. */
export function consentSummary(ctx: CommandContext, ref: ForumRef, item: AgendaItem, meeting: MeetingRecord): string[] {
  const c = ctx.deps.store.consent(item.ref);
  if (!c) return [ctx.msg.consentMissing];
  if (!consentValidOn(c, meeting.date)) return [ctx.msg.consentNotValid(formatDate(meeting.date))];
  const leaving = excludedAgencies(ctx, ref, item, meeting.date);
  return [
    ctx.msg.consentOk,
    ...(c.parentsAttend ? [ctx.msg.parentsAttend] : []),
    ...(leaving.length ? [ctx.msg.leavesMeeting(leaving.join(', '))] : []),
  ];
}

/** What the consent says beyond agencies (for the deciders and the submitter): dates, coverage, purpose, legal basis. */
export function consentDetails(ctx: CommandContext, item: AgendaItem): string[] {
  const c = ctx.deps.store.consent(item.ref);
  if (!c) return [];
  return [
    ...(c.guardianSigned ? [ctx.msg.consentSignedLine(formatDate(c.guardianSigned), c.agencies.join(', '))] : []),
    ...(c.legalBasis ? [ctx.msg.legalBasisLine(c.legalBasis)] : []),
    ...(c.expires ? [ctx.msg.consentExpiresLine(formatDate(c.expires))] : []),
    ...(c.covers ? [ctx.msg.consentCoversLine(c.covers)] : []),
    ...(c.purpose ? [ctx.msg.consentPurposeLine(c.purpose)] : []),
  ];
}
