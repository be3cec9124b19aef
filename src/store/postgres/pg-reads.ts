import type pg from 'pg';
import type {
  ActionRecord, AgendaItem, AttendanceRecord, AuditEntry, ChannelBinding, ConsentRecord, IdentityLink, ItemState, MeetingRecord, MinuteEntry, MinutesRecord,
  OutlookResponse, Publication,
} from '../../core/model/records';
import { OUTBOX_STATUSES, type OutboxMessage, type OutboxStatus } from '../../core/ports/outbox';
import type { DeliveredCopy, DueForum, ItemPage, OperationalCounts, StoreReads } from '../../core/ports/store';
import { messageFromRow } from '../sqlite/outbox-sql';
import {
  actionFromRow, attendanceFromRow, auditFromRow, bindingFromRow, consentFromRow, deliveredCopyFromRow, entryFromRow, identityLinkFromRow,
  itemFromRow, meetingFromRow, minutesFromRow, publicationFromRow, type Row,
} from '../sqlite/row-mappers';

/** A pool or one connection of it: where a statement runs. */
export interface Queryable {
  query<R extends pg.QueryResultRow = Row>(text: string, values?: unknown[]): Promise<pg.QueryResult<R>>;
}

export const UNDELIVERED = `status IN ('failed', 'unknown')`;

/**
 * Every read of the store on PostgreSQL: on the pool (SltStore.read: each statement sees what was
 * committed) or on the connection of a transaction (PgTx). Parameterised SQL only.
 */
export class PgReads implements StoreReads {
  constructor(protected readonly db: Queryable) {}

  protected async rows(text: string, values: unknown[] = []): Promise<Row[]> {
    return (await this.db.query(text, values)).rows;
  }

  protected async one(text: string, values: unknown[] = []): Promise<Row | undefined> {
    return (await this.db.query(text, values)).rows[0];
  }

  async operationalCounts(nowUtc: string): Promise<OperationalCounts> {
    const outbox = Object.fromEntries(OUTBOX_STATUSES.map((s) => [s, 0])) as Record<OutboxStatus, number>;
    for (const r of await this.rows('SELECT status, COUNT(*)::int AS n FROM outbox GROUP BY status')) outbox[r.status as OutboxStatus] = Number(r.n);
    const oldest = await this.one(`SELECT MIN(COALESCE(due_at, not_before)) AS due FROM outbox WHERE status = 'pending' AND COALESCE(due_at, not_before) <= $1`, [nowUtc]);
    const items = (await this.rows('SELECT municipality_id, state, COUNT(*)::int AS n FROM agenda_items GROUP BY municipality_id, state'))
      .map((r) => ({ municipalityId: String(r.municipality_id), state: r.state as ItemState, count: Number(r.n) }));
    return { outbox, oldestPendingDueAt: oldest?.due ? String(oldest.due) : undefined, items };
  }

  async meetingsOfForum(municipalityId: string, forumId: string): Promise<MeetingRecord[]> {
    return (await this.rows('SELECT * FROM meetings WHERE municipality_id = $1 AND forum_id = $2 ORDER BY start_utc', [municipalityId, forumId])).map(meetingFromRow);
  }

  async meeting(id: string): Promise<MeetingRecord | undefined> {
    const r = await this.one('SELECT * FROM meetings WHERE id = $1', [id]);
    return r && meetingFromRow(r);
  }

  async upcomingMeetings(municipalityId: string, forumId: string, afterUtc: string, limit?: number): Promise<MeetingRecord[]> {
    // (LIMIT NULL is no limit)
    return (await this.rows(`SELECT * FROM meetings WHERE municipality_id = $1 AND forum_id = $2 AND start_utc > $3 AND status = 'planned'
      ORDER BY start_utc LIMIT $4`, [municipalityId, forumId, afterUtc, limit ?? null])).map(meetingFromRow);
  }

  async item(ref: string): Promise<AgendaItem | undefined> {
    // the unique index finds the usual, exact spelling; another case is looked for only when that fails
    const r = await this.one('SELECT * FROM agenda_items WHERE ref = $1', [ref])
      ?? await this.one('SELECT * FROM agenda_items WHERE upper(ref) = upper($1) ORDER BY id LIMIT 1', [ref]);
    return r && itemFromRow(r);
  }

  async itemsOfMeeting(meetingId: string, page?: ItemPage): Promise<AgendaItem[]> {
    // LIMIT NULL is LIMIT ALL
    return (await this.rows('SELECT * FROM agenda_items WHERE meeting_id = $1 ORDER BY id LIMIT $2 OFFSET $3', [meetingId, page?.limit ?? null, page?.offset ?? 0])).map(itemFromRow);
  }

  async ownItemsOfForum(municipalityId: string, submitterId: string, forumId: string, meetingIds: readonly string[], states: readonly ItemState[], limit: number): Promise<AgendaItem[]> {
    return (await this.rows(`SELECT i.* FROM agenda_items i JOIN meetings m ON m.id = i.meeting_id
      WHERE i.municipality_id = $1 AND i.submitter_id = $2 AND i.forum_id = $3 AND (i.meeting_id = ANY($4::text[]) OR i.state = ANY($5::text[]))
      ORDER BY m.start_utc, m.id, i.id LIMIT $6`, [municipalityId, submitterId, forumId, [...meetingIds], [...states], limit])).map(itemFromRow);
  }

  async itemsOfSubmitter(municipalityId: string, submitterId: string): Promise<AgendaItem[]> {
    return (await this.rows('SELECT * FROM agenda_items WHERE municipality_id = $1 AND submitter_id = $2 ORDER BY id', [municipalityId, submitterId])).map(itemFromRow);
  }

  async itemsRaisedFrom(ref: string): Promise<AgendaItem[]> {
    return (await this.rows('SELECT * FROM agenda_items WHERE raised_from = $1 ORDER BY id', [ref])).map(itemFromRow);
  }

  async itemsInStatesOfStartedMeetings(municipalityId: string, forumId: string, states: readonly ItemState[], startedByUtc: string): Promise<AgendaItem[]> {
    return (await this.rows(`SELECT i.* FROM agenda_items i JOIN meetings m ON m.id = i.meeting_id
      WHERE i.municipality_id = $1 AND i.forum_id = $2 AND m.start_utc <= $3 AND i.state = ANY($4::text[]) ORDER BY m.start_utc, m.id, i.id`,
    [municipalityId, forumId, startedByUtc, [...states]])).map(itemFromRow);
  }

  async itemsBetween(municipalityId: string, fromUtc: string, toUtc: string): Promise<AgendaItem[]> {
    return (await this.rows(`SELECT i.* FROM agenda_items i JOIN meetings m ON m.id = i.meeting_id
      WHERE i.municipality_id = $1 AND m.start_utc >= $2 AND m.start_utc < $3 ORDER BY m.start_utc, i.id`, [municipalityId, fromUtc, toUtc])).map(itemFromRow);
  }

  async minutes(meetingId: string): Promise<MinutesRecord | undefined> {
    const r = await this.one('SELECT * FROM minutes WHERE meeting_id = $1', [meetingId]);
    return r && minutesFromRow(r);
  }

  async entriesOfMeeting(meetingId: string): Promise<MinuteEntry[]> {
    return (await this.rows('SELECT * FROM minute_entries WHERE meeting_id = $1 ORDER BY id', [meetingId])).map(entryFromRow);
  }

  async action(id: number): Promise<ActionRecord | undefined> {
    const r = await this.one('SELECT * FROM actions WHERE id = $1', [id]);
    return r && actionFromRow(r);
  }

  async actionsOfForum(municipalityId: string, forumId: string): Promise<ActionRecord[]> {
    return (await this.rows('SELECT * FROM actions WHERE municipality_id = $1 AND forum_id = $2 ORDER BY due, id', [municipalityId, forumId])).map(actionFromRow);
  }

  async actionsOfOwner(municipalityId: string, ownerId: string): Promise<ActionRecord[]> {
    return (await this.rows('SELECT * FROM actions WHERE municipality_id = $1 AND owner_id = $2 ORDER BY due, id', [municipalityId, ownerId])).map(actionFromRow);
  }

  async actionsOfMeeting(meetingId: string): Promise<ActionRecord[]> {
    return (await this.rows('SELECT * FROM actions WHERE meeting_id = $1 ORDER BY id', [meetingId])).map(actionFromRow);
  }

  async attendanceOf(meetingId: string): Promise<AttendanceRecord[]> {
    return (await this.rows('SELECT * FROM attendance WHERE meeting_id = $1 ORDER BY member_id', [meetingId])).map(attendanceFromRow);
  }

  async outlookResponses(meetingId: string): Promise<OutlookResponse[]> {
    return (await this.rows('SELECT member_id, response FROM outlook_responses WHERE meeting_id = $1 ORDER BY member_id', [meetingId]))
      .map((r) => ({ memberId: String(r.member_id), response: r.response as OutlookResponse['response'] }));
  }

  async consent(itemRef: string): Promise<ConsentRecord | undefined> {
    const r = await this.one('SELECT * FROM consents WHERE item_ref = $1', [itemRef]);
    return r && consentFromRow(r);
  }

  async publication(meetingId: string): Promise<Publication | undefined> {
    const r = await this.one('SELECT * FROM agenda_publications WHERE meeting_id = $1', [meetingId]);
    return r && publicationFromRow(r);
  }

  async auditOfItem(itemRef: string): Promise<AuditEntry[]> {
    return (await this.rows('SELECT * FROM audit_log WHERE item_ref = $1 ORDER BY id', [itemRef])).map(auditFromRow);
  }

  async processedReply(requestKey: string): Promise<string | undefined> {
    const r = await this.one('SELECT reply_json FROM processed_requests WHERE request_key = $1', [requestKey]);
    return r ? String(r.reply_json) : undefined;
  }

  async bindings(): Promise<ChannelBinding[]> {
    // no rowid in PostgreSQL: ties of the same instant (never for one forum: bindChannel keeps one) by channel
    return (await this.rows('SELECT platform, channel_id, municipality_id, forum_id, bound_by, at FROM channel_bindings ORDER BY at, platform, channel_id')).map(bindingFromRow);
  }

  async identityLinks(): Promise<IdentityLink[]> {
    return (await this.rows('SELECT platform, user_id, municipality_id, member_id FROM identity_links ORDER BY platform, user_id')).map(identityLinkFromRow);
  }

  async scheduleOutcome(key: string): Promise<string | undefined> {
    const r = await this.one('SELECT outcome FROM schedule_log WHERE key = $1', [key]);
    return r ? String(r.outcome) : undefined;
  }

  async scheduleKeys(prefix: string): Promise<string[]> {
    // a range on the key (collation "C": byte order), so the primary key's index is used
    return (await this.rows(`SELECT key FROM schedule_log WHERE key >= $1 AND key < $1 || chr(1114111) AND outcome = 'enqueued' ORDER BY key`, [prefix]))
      .map((r) => String(r.key));
  }

  async dueForums(nowUtc: string): Promise<DueForum[]> {
    return (await this.rows('SELECT municipality_id, forum_id, version FROM due_forums WHERE due_at <= $1', [nowUtc]))
      .map((r) => ({ municipalityId: String(r.municipality_id), forumId: String(r.forum_id), version: Number(r.version) }));
  }

  async conversationRef(key: string): Promise<{ referenceJson: string; reachable: boolean } | undefined> {
    const r = await this.one('SELECT reference_json, reachable FROM conversation_refs WHERE key = $1', [key]);
    return r && { referenceJson: String(r.reference_json), reachable: Boolean(r.reachable) };
  }

  async setting(key: string): Promise<string | undefined> {
    const r = await this.one('SELECT value FROM settings WHERE key = $1', [key]);
    return r ? String(r.value) : undefined;
  }

  async outboxMessage(id: number): Promise<OutboxMessage | undefined> {
    const r = await this.one('SELECT * FROM outbox WHERE id = $1', [id]);
    return r && messageFromRow(r);
  }

  async undeliveredMessages(municipalityId: string, limit: number): Promise<OutboxMessage[]> {
    return (await this.rows(`SELECT * FROM outbox WHERE municipality_id = $1 AND ${UNDELIVERED} AND resolved IS NULL ORDER BY id DESC LIMIT $2`, [municipalityId, limit]))
      .map(messageFromRow);
  }

  async countUndelivered(municipalityId: string): Promise<number> {
    const r = await this.one(`SELECT COUNT(*)::int AS n FROM outbox WHERE municipality_id = $1 AND ${UNDELIVERED} AND resolved IS NULL`, [municipalityId]);
    return Number(r?.n ?? 0);
  }

  async repliesContaining(text: string): Promise<{ requestKey: string; replyJson: string }[]> {
    return (await this.rows('SELECT request_key, reply_json FROM processed_requests WHERE strpos(reply_json, $1) > 0 ORDER BY request_key', [text]))
      .map((r) => ({ requestKey: String(r.request_key), replyJson: String(r.reply_json) }));
  }

  async messagesContaining(text: string): Promise<OutboxMessage[]> {
    return (await this.rows('SELECT * FROM outbox WHERE strpos(payload_json, $1) > 0 ORDER BY id', [text])).map(messageFromRow);
  }

  async deliveredCopies(itemRef: string): Promise<DeliveredCopy[]> {
    return (await this.rows('SELECT * FROM delivered_copies WHERE item_ref = $1 ORDER BY at, platform, message_id', [itemRef])).map(deliveredCopyFromRow);
  }
}
