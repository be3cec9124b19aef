import { DateTime } from 'luxon';
import type { CoreDeps } from '../commands/types';
import { messages } from '../i18n';
import type { Municipality } from '../model/municipality';
import { view } from '../views';

/** Remembered replies serve retried deliveries (seconds to minutes): after two days they are forgotten. */
const REPLY_MEMORY_DAYS = 2;

/**
 * Erase case details whose retention has ended: the title and description of an individual case,
 * the reasons, questions and answers about it, and its consent record (with what it covers and its
 * purpose), once the meeting it belonged to is `caseDetailsMonths` old. The reference, category, state
 * and the minutes' decisions stay. Every copy goes too: remembered replies and outbox payloads that
 * carried the texts are redacted, every message the bot delivered with them (DM cards, notices,
 * replies a platform keeps) is edited to a redacted card through the outbox, and the database's
 * write-ahead log and free pages are cleared. Each erasure is recorded in the audit log.
 * Returns the references purged.
 */
export function purgeExpired(deps: CoreDeps, now: Date, m: Municipality): string[] {
  const cutoff = DateTime.fromJSDate(now).minus({ months: m.retention.caseDetailsMonths }).toUTC().toISO() as string;
  const msg = messages(m.language);
  const marker = msg.purged;
  const nowUtc = DateTime.fromJSDate(now).toUTC().toISO() as string;
  const purged: string[] = [];
  deps.store.transaction(() => {
    deps.store.forgetRepliesBefore(DateTime.fromJSDate(now).minus({ days: REPLY_MEMORY_DAYS }).toUTC().toISO() as string);
    for (const item of deps.store.itemsBetween(m.id, '', cutoff)) {
      const consent = deps.store.consent(item.ref);
      if (item.kind !== 'case' || (item.title === marker && !item.description && !item.reason && !item.question && !item.answer && !item.sourceLink && !consent)) continue;
      const texts = [item.title, item.description, item.reason, item.question, item.answer, item.sourceLink, consent?.covers, consent?.purpose, consent?.legalBasis]
        .filter((t): t is string => Boolean(t) && t !== marker);
      const after = { ...item, title: marker, updatedAt: nowUtc };
      delete after.description;
      delete after.reason;
      delete after.question;
      delete after.answer;
      delete after.sourceLink;
      deps.store.updateItem(after);
      deps.store.deleteConsent(item.ref);
      const audit = { at: nowUtc, actor: 'system', municipalityId: m.id, forumId: item.forumId, meetingId: item.meetingId, itemRef: item.ref };
      deps.store.appendAudit({ ...audit, action: 'purge-case-details' });
      const redacted = view('item', msg.itemTitle(item.ref), { lines: [msg.purgedCard(item.ref)] });
      redacted.itemRef = item.ref;
      const copies = deps.store.eraseCopies({ itemRef: item.ref, municipalityId: m.id, texts, redacted }, nowUtc);
      if (copies.replies || copies.outboxRows || copies.messages) deps.store.appendAudit({ ...audit, action: 'erase-copies' });
      purged.push(item.ref);
    }
  });
  // outside the transaction: the write-ahead log is truncated, and after an erasure the file is rebuilt
  deps.store.scrubFreePages(purged.length > 0);
  return purged;
}
