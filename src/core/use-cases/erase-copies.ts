import type { DeliveryPlatform } from '../ports/chat-port';
import type { View } from '../model/view';
import type { StoreTx } from '../ports/store';

/** A text as it appears inside stored JSON (quotes, backslashes and control characters escaped). */
const asJson = (t: string) => JSON.stringify(t).slice(1, -1);

export interface Erasure {
  itemRef: string;
  municipalityId: string;
  /** the erased texts: every stored copy that carries one of them goes */
  texts: readonly string[];
  /** what a copy shows instead */
  redacted: View;
}

/**
 * Retention's side of the outbox and the remembered replies: every copy of an item's texts outside the
 * item itself. Only records that mention the item's reference are looked at, and of those only the ones
 * that carry one of its texts are changed: remembered replies and outbox messages (any status; one not
 * yet sent is not sent at all) are replaced by the redacted card, and every message the bot delivered
 * with them (outbox sends and replies a platform keeps) gets an update-only outbox message editing it
 * to that card, once per platform message. Returns the counts.
 */
export async function eraseCopies(tx: StoreTx, e: Erasure, nowUtc: string): Promise<{ replies: number; outboxRows: number; messages: number }> {
  const needles = e.texts.filter((t) => t.trim()).map(asJson);
  const carries = (json: string) => needles.some((n) => json.includes(n));

  const replies = (await tx.repliesContaining(e.itemRef)).filter((r) => carries(r.replyJson));
  for (const r of replies) await tx.replaceReply(r.requestKey, JSON.stringify({ views: [e.redacted] }));

  const rows = (await tx.messagesContaining(e.itemRef)).filter((r) => carries(JSON.stringify(r.view)));
  for (const r of rows) await tx.redactMessage(r.id, e.redacted, nowUtc);

  // every delivered message that showed the texts: one edit per platform message
  const messages = new Map<string, { platform: DeliveryPlatform; kind: 'channel' | 'dm'; target: string; messageId: string; replaces?: string }>();
  for (const r of rows) {
    if (!r.platformMessageId) continue;
    const key = `${r.platform}:${r.platformMessageId}`;
    if (!messages.has(key)) messages.set(key, { platform: r.platform, kind: r.targetKind, target: r.target, messageId: r.platformMessageId, replaces: r.key });
  }
  for (const c of await tx.deliveredCopies(e.itemRef)) {
    const key = `${c.platform}:${c.messageId}`;
    if (!messages.has(key)) messages.set(key, { platform: c.platform as DeliveryPlatform, kind: c.targetKind, target: c.target, messageId: c.messageId });
  }
  for (const m of messages.values()) {
    const where = `@${m.platform}:${m.target}`;
    const to = { municipalityId: e.municipalityId, platform: m.platform, targetKind: m.kind, target: m.target, view: e.redacted, notBefore: nowUtc };
    let replaces = m.replaces;
    if (!replaces) {
      // a reply the platform kept: a message standing for it as sent, so the edit can name it
      replaces = `copy:${m.messageId}${where}`;
      await tx.enqueueMessage({ ...to, key: replaces, status: 'sent', platformMessageId: m.messageId }, nowUtc);
    }
    await tx.enqueueMessage({ ...to, key: `erase:${e.itemRef}:${m.messageId}${where}`, replacesKey: replaces, updateOnly: true }, nowUtc);
  }
  await tx.forgetDeliveredCopies(e.itemRef);
  return { replies: replies.length, outboxRows: rows.length, messages: messages.size };
}
