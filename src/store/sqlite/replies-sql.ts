import type { DeliveredCopy, StoreTx } from '../../core/ports/store';
import type { Db } from './open-database';
import { type Row, deliveredCopyFromRow } from './row-mappers';
import type { Sync } from './sync';

type RepliesTx = Pick<StoreTx, 'processedReply' | 'rememberReply' | 'replaceReply' | 'claimShown' | 'unclaimShown' | 'forgetRepliesBefore'
  | 'repliesContaining' | 'recordDeliveredCopy' | 'deliveredCopies' | 'forgetDeliveredCopies'>;

/** Remembered replies (retried deliveries), which were shown, and replies a platform keeps that showed a case's texts. */
export class RepliesSql implements Sync<RepliesTx> {
  constructor(private readonly db: Db) {}

  processedReply(requestKey: string): string | undefined {
    const r = this.db.prepare('SELECT reply_json FROM processed_requests WHERE request_key = ?').get(requestKey) as Row | undefined;
    return r ? String(r.reply_json) : undefined;
  }

  rememberReply(requestKey: string, replyJson: string, nowUtc: string): boolean {
    return this.db.prepare('INSERT OR IGNORE INTO processed_requests (request_key, reply_json, at) VALUES (?, ?, ?)').run(requestKey, replyJson, nowUtc).changes === 1;
  }

  replaceReply(requestKey: string, replyJson: string): void {
    this.db.prepare('UPDATE processed_requests SET reply_json = ? WHERE request_key = ?').run(replyJson, requestKey);
  }

  claimShown(requestKey: string, nowUtc: string): boolean {
    return this.db.prepare('INSERT OR IGNORE INTO shown_replies (request_key, at) VALUES (?, ?)').run(requestKey, nowUtc).changes === 1;
  }

  unclaimShown(requestKey: string): void {
    this.db.prepare('DELETE FROM shown_replies WHERE request_key = ?').run(requestKey);
  }

  forgetRepliesBefore(beforeUtc: string): void {
    this.db.prepare('DELETE FROM processed_requests WHERE at < ?').run(beforeUtc);
    this.db.prepare('DELETE FROM shown_replies WHERE at < ?').run(beforeUtc);
  }

  repliesContaining(text: string): { requestKey: string; replyJson: string }[] {
    return (this.db.prepare('SELECT request_key, reply_json FROM processed_requests WHERE instr(reply_json, ?) > 0').all(text) as Row[])
      .map((r) => ({ requestKey: String(r.request_key), replyJson: String(r.reply_json) }));
  }

  recordDeliveredCopy(c: DeliveredCopy, nowUtc: string): void {
    this.db.prepare(`INSERT OR IGNORE INTO delivered_copies (platform, target_kind, target, message_id, item_ref, municipality_id, at)
      VALUES (?, ?, ?, ?, ?, ?, ?)`).run(c.platform, c.targetKind, c.target, c.messageId, c.itemRef, c.municipalityId, nowUtc);
  }

  deliveredCopies(itemRef: string): DeliveredCopy[] {
    return (this.db.prepare('SELECT * FROM delivered_copies WHERE item_ref = ? ORDER BY rowid').all(itemRef) as Row[]).map(deliveredCopyFromRow);
  }

  forgetDeliveredCopies(itemRef: string): void {
    this.db.prepare('DELETE FROM delivered_copies WHERE item_ref = ?').run(itemRef);
  }
}
