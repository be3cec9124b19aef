import type { ForumRef } from '../directory';
import type { AgendaItem, ConsentRecord, MeetingRecord } from '../model/records';
import type { CommandContext } from '../commands/types';

const norm = (s: string) => s.trim().toLowerCase();

/**
 * Agencies of the forum that the consent does not cover: they leave the meeting while the case
 * is discussed. A legal basis without listed agencies covers everyone.
 */
export function excludedAgencies(ctx: CommandContext, ref: ForumRef, consent: ConsentRecord | undefined): string[] {
  if (!consent || (consent.legalBasis && consent.agencies.length === 0)) return [];
  const allowed = new Set(consent.agencies.map(norm));
  const agencies = new Set<string>();
  for (const ms of ref.forum.members) {
    const member = ctx.deps.directory.member(ref.municipality, ms.member);
    if (member && ms.role !== 'observer') agencies.add(member.agency);
  }
  // the coordinator runs the meeting and never leaves it
  const coordinator = ctx.deps.directory.member(ref.municipality, ref.municipality.coordinator);
  return [...agencies].filter((a) => !allowed.has(norm(a)) && a !== coordinator?.agency).sort((a, b) => a.localeCompare(b, 'nb'));
}

/** Why a case may not be approved for this meeting, or undefined when its consent is in order. */
export function consentProblem(ctx: CommandContext, item: AgendaItem, meeting: MeetingRecord): string | undefined {
  if (item.kind !== 'case') return undefined;
  const c = ctx.deps.store.consent(item.ref);
  if (!c || (!c.legalBasis && !c.guardianSigned)) return ctx.msg.needsConsent(item.ref);
  if (c.expires && c.expires < meeting.date) return ctx.msg.consentExpired(item.ref, c.expires);
  return undefined;
}

/** Lines about consent for a case: recorded or missing, parents attending, agencies leaving. */
export function consentSummary(ctx: CommandContext, ref: ForumRef, item: AgendaItem): string[] {
  const c = ctx.deps.store.consent(item.ref);
  if (!c) return [ctx.msg.consentMissing];
  const leaving = excludedAgencies(ctx, ref, c);
  return [
    ctx.msg.consentOk,
    ...(c.parentsAttend ? [ctx.msg.parentsAttend] : []),
    ...(leaving.length ? [ctx.msg.leavesMeeting(leaving.join(', '))] : []),
  ];
}
