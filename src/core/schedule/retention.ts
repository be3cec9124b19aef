import { DateTime } from 'luxon';
import type { CoreDeps } from '../commands/types';
import { messages } from '../i18n';
import type { Municipality } from '../model/municipality';

/**
 * Erase case details whose retention has ended: the title and description of an individual case,
 * the reasons, questions and answers about it, and its consent record, once the meeting it belonged
 * to is `caseDetailsMonths` old. The reference, category, state and the minutes' decisions stay.
 * Every erasure is recorded in the audit log. Returns the references purged.
 */
export function purgeExpired(deps: CoreDeps, now: Date, m: Municipality): string[] {
  const cutoff = DateTime.fromJSDate(now).minus({ months: m.retention.caseDetailsMonths }).toUTC().toISO() as string;
  const marker = messages(m.language).purged;
  const nowUtc = DateTime.fromJSDate(now).toUTC().toISO() as string;
  const purged: string[] = [];
  deps.store.transaction(() => {
    for (const item of deps.store.itemsBetween(m.id, '', cutoff)) {
      if (item.kind !== 'case' || (item.title === marker && !item.description && !deps.store.consent(item.ref))) continue;
      const after = { ...item, title: marker, updatedAt: nowUtc };
      delete after.description;
      delete after.reason;
      delete after.question;
      delete after.answer;
      deps.store.updateItem(after);
      deps.store.deleteConsent(item.ref);
      deps.store.appendAudit({ at: nowUtc, actor: 'system', action: 'purge-case-details', municipalityId: m.id, forumId: item.forumId, meetingId: item.meetingId, itemRef: item.ref });
      purged.push(item.ref);
    }
  });
  return purged;
}
