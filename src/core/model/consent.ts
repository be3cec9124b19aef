import type { AgendaItem, ConsentRecord } from './records';
import type { ItemFacts } from './visibility';

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

/** Which agencies may hear a case at a meeting on `date` under its consent: all (a legal basis without agencies), the consent's, or none. */
export function coverageUnder(item: Pick<AgendaItem, 'kind'>, c: ConsentRecord | undefined, date: string): ItemFacts['coverage'] {
  if (item.kind !== 'case') return 'all';
  if (!c || !consentValidOn(c, date)) return [];
  return c.legalBasis && c.agencies.length === 0 ? 'all' : c.agencies;
}
