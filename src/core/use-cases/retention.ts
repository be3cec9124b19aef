import { DateTime } from 'luxon';
import type { CoreDeps } from './context';
import { eraseCopies } from './erase-copies';
import { messages } from '../i18n';
import type { Municipality } from '../model/municipality';
import { view } from '../model/view';

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
export async function purgeExpired(deps: CoreDeps, now: Date, m: Municipality): Promise<string[]> {
  const cutoff = DateTime.fromJSDate(now).minus({ months: m.retention.caseDetailsMonths }).toUTC().toISO() as string;
  const msg = messages(m.language);
  const marker = msg.purged;
  const nowUtc = DateTime.fromJSDate(now).toUTC().toISO() as string;
  const purged = await deps.store.transaction(async (tx) => {
    const refs: string[] = [];
    await tx.forgetRepliesBefore(DateTime.fromJSDate(now).minus({ days: REPLY_MEMORY_DAYS }).toUTC().toISO() as string);
    for (const item of await tx.itemsBetween(m.id, '', cutoff)) {
      const consent = await tx.consent(item.ref);
      if (item.kind !== 'case' || (item.title === marker && !item.description && !item.reason && !item.question && !item.answer && !item.sourceLink && !consent)) continue;
      const texts = [item.title, item.description, item.reason, item.question, item.answer, item.sourceLink, consent?.covers, consent?.purpose, consent?.legalBasis]
        .filter((t): t is string => Boolean(t) && t !== marker);
      const after = { ...item, title: marker, updatedAt: nowUtc };
      delete after.description;
      delete after.reason;
      delete after.question;
      delete after.answer;
      delete after.sourceLink;
      await tx.updateItem(after);
      await tx.deleteConsent(item.ref);
      const audit = { at: nowUtc, actor: 'system', municipalityId: m.id, forumId: item.forumId, meetingId: item.meetingId, itemRef: item.ref };
      await tx.appendAudit({ ...audit, action: 'purge-case-details' });
      const redacted = view('item', msg.itemTitle(item.ref), { lines: [msg.purgedCard(item.ref)] });
      redacted.itemRef = item.ref;
      const copies = await eraseCopies(tx, { itemRef: item.ref, municipalityId: m.id, texts, redacted }, nowUtc);
      if (copies.replies || copies.outboxRows || copies.messages) await tx.appendAudit({ ...audit, action: 'erase-copies' });
      refs.push(item.ref);
    }
    return refs;
  });
  // outside the transaction: no erased bytes stay in the database's free space or logs
  await deps.store.eraseFreedSpace(purged.length > 0);
  return purged;
}
