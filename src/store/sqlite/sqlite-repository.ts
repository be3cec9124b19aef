import type { Municipality } from '../../core/model/municipality';
import type { ActionRecord, AgendaItem, AttendanceRecord, AuditEntry, ChannelBinding, ConsentRecord, IdentityLink, ItemState, MeetingRecord, MinuteEntry, MinutesRecord, OutlookResponse, Publication } from '../../core/model/records';
import type { View } from '../../core/model/view';
import { type NewOutboxMessage, OUTBOX_STATUSES, type OutboxMessage, type OutboxStatus } from '../../core/ports/outbox';
import type { DeliveredCopy, DueForum, HomeRow, ItemPage, OperationalCounts, StoreTx } from '../../core/ports/store';
import { MinutesSql } from './minutes-sql';
import type { Db } from './open-database';
import { OutboxTxSql } from './outbox-sql';
import { RepliesSql } from './replies-sql';
import { type Row, auditFromRow, auditValues, bindingFromRow, consentFromRow, consentValues, identityLinkFromRow, itemFromRow, itemParams, meetingFromRow, meetingParams, publicationFromRow, str } from './row-mappers';
import type { Sync } from './sync';

/**
 * Every read and write of a transaction, synchronous, on better-sqlite3 (SqliteStore runs them inside
 * its transactions and offers them as the asynchronous StoreTx). Statements are compiled once and
 * kept (see open-database.ts).
 */
export class SqliteRepository implements Sync<StoreTx> {
  private readonly minutesSql: MinutesSql;
  private readonly outboxSql: OutboxTxSql;
  private readonly repliesSql: RepliesSql;
  constructor(private readonly db: Db) {
    this.minutesSql = new MinutesSql(db);
    this.outboxSql = new OutboxTxSql(db);
    this.repliesSql = new RepliesSql(db);
  }

  operationalCounts(nowUtc: string): OperationalCounts {
    const outbox = Object.fromEntries(OUTBOX_STATUSES.map((s) => [s, 0])) as Record<OutboxStatus, number>;
    for (const r of this.db.prepare('SELECT status, COUNT(*) AS n FROM outbox GROUP BY status').all() as Row[]) outbox[r.status as OutboxStatus] = Number(r.n);
    const oldest = this.db.prepare(`SELECT MIN(COALESCE(due_at, not_before)) AS due FROM outbox WHERE status = 'pending' AND COALESCE(due_at, not_before) <= ?`).get(nowUtc) as Row;
    const items = (this.db.prepare('SELECT municipality_id, state, COUNT(*) AS n FROM agenda_items GROUP BY municipality_id, state').all() as Row[])
      .map((r) => ({ municipalityId: String(r.municipality_id), state: r.state as ItemState, count: Number(r.n) }));
    return { outbox, oldestPendingDueAt: str(oldest.due), items };
  }

  /** every row inserted, updated or deleted through this connection so far (SqliteStore counts a transaction's from its start) */
  changeCount(): number {
    return Number((this.db.prepare('SELECT total_changes() AS n').get() as Row).n);
  }

  minutes(meetingId: string): MinutesRecord | undefined { return this.minutesSql.minutes(meetingId); }
  putMinutes(m: MinutesRecord): void { this.minutesSql.putMinutes(m); }
  addEntry(e: Omit<MinuteEntry, 'id'>): number { return this.minutesSql.addEntry(e); }
  entriesOfMeeting(meetingId: string): MinuteEntry[] { return this.minutesSql.entriesOfMeeting(meetingId); }
  updateEntry(id: number, text: string): void { this.minutesSql.updateEntry(id, text); }
  deleteEntry(id: number): void { this.minutesSql.deleteEntry(id); }
  addAction(a: Omit<ActionRecord, 'id'>): number { return this.minutesSql.addAction(a); }
  updateAction(a: ActionRecord): void { this.minutesSql.updateAction(a); }
  action(id: number): ActionRecord | undefined { return this.minutesSql.action(id); }
  actionsOfForum(municipalityId: string, forumId: string): ActionRecord[] { return this.minutesSql.actionsOfForum(municipalityId, forumId); }
  actionsOfOwner(municipalityId: string, ownerId: string): ActionRecord[] { return this.minutesSql.actionsOfOwner(municipalityId, ownerId); }
  actionsOfMeeting(meetingId: string): ActionRecord[] { return this.minutesSql.actionsOfMeeting(meetingId); }
  putAttendance(a: AttendanceRecord, nowUtc: string): void { this.minutesSql.putAttendance(a, nowUtc); }
  attendanceOf(meetingId: string): AttendanceRecord[] { return this.minutesSql.attendanceOf(meetingId); }
  putOutlookResponses(meetingId: string, responses: readonly OutlookResponse[], nowUtc: string): void { this.minutesSql.putOutlookResponses(meetingId, responses, nowUtc); }
  outlookResponses(meetingId: string): OutlookResponse[] { return this.minutesSql.outlookResponses(meetingId); }

  itemsRaisedFrom(ref: string): AgendaItem[] {
    return (this.db.prepare('SELECT * FROM agenda_items WHERE raised_from = ? ORDER BY id').all(ref) as Row[]).map(itemFromRow);
  }

  itemsInStatesOfStartedMeetings(municipalityId: string, forumId: string, states: readonly ItemState[], startedByUtc: string): AgendaItem[] {
    // the forum's started meetings through their index, then each one's items through theirs (not every
    // item of the municipality); ordered as read (see ownItemsOfForum), so nothing is sorted
    return (this.db.prepare(`SELECT i.* FROM meetings m CROSS JOIN agenda_items i ON i.meeting_id = m.id
      WHERE m.municipality_id = ? AND m.forum_id = ? AND m.start_utc <= ? AND i.municipality_id = m.municipality_id AND i.forum_id = m.forum_id
        AND i.state IN (SELECT value FROM json_each(?))
      ORDER BY m.start_utc, m.id, m.rowid, i.id`)
      .all(municipalityId, forumId, startedByUtc, JSON.stringify(states)) as Row[]).map(itemFromRow);
  }

  itemsBetween(municipalityId: string, fromUtc: string, toUtc: string): AgendaItem[] {
    return (this.db.prepare(`SELECT i.* FROM agenda_items i JOIN meetings m ON m.id = i.meeting_id
      WHERE i.municipality_id = ? AND m.start_utc >= ? AND m.start_utc < ? ORDER BY m.start_utc, i.id`).all(municipalityId, fromUtc, toUtc) as Row[]).map(itemFromRow);
  }

  deleteConsent(itemRef: string): void {
    this.db.prepare('DELETE FROM consents WHERE item_ref = ?').run(itemRef);
  }

  mirrorConfiguration(m: Municipality): boolean {
    const before = this.db.prepare('SELECT total_changes() AS n').get() as { n: number };
    this.db.prepare(`INSERT INTO municipalities (id, name, time_zone, language, config_json) VALUES (?, ?, ?, ?, ?)
      ON CONFLICT (id) DO UPDATE SET name = excluded.name, time_zone = excluded.time_zone, language = excluded.language, config_json = excluded.config_json
      WHERE municipalities.config_json IS NOT excluded.config_json`)
      .run(m.id, m.name, m.timeZone, m.language, JSON.stringify(m));
    const forum = this.db.prepare(`INSERT INTO forums (municipality_id, id, name, level, config_json) VALUES (?, ?, ?, ?, ?)
      ON CONFLICT (municipality_id, id) DO UPDATE SET name = excluded.name, level = excluded.level, config_json = excluded.config_json
      WHERE forums.config_json IS NOT excluded.config_json`);
    for (const f of m.forums) forum.run(m.id, f.id, f.name, f.level, JSON.stringify(f));
    const member = this.db.prepare(`INSERT INTO members (municipality_id, id, name, role, agency) VALUES (?, ?, ?, ?, ?)
      ON CONFLICT (municipality_id, id) DO UPDATE SET name = excluded.name, role = excluded.role, agency = excluded.agency
      WHERE (members.name, members.role, members.agency) IS NOT (excluded.name, excluded.role, excluded.agency)`);
    for (const p of m.members) member.run(m.id, p.id, p.name, p.role, p.agency);
    const after = this.db.prepare('SELECT total_changes() AS n').get() as { n: number };
    return after.n !== before.n;
  }

  meetingsOfForum(municipalityId: string, forumId: string): MeetingRecord[] {
    return (this.db.prepare('SELECT * FROM meetings WHERE municipality_id = ? AND forum_id = ? ORDER BY start_utc')
      .all(municipalityId, forumId) as Row[]).map(meetingFromRow);
  }

  upcomingMeetings(municipalityId: string, forumId: string, afterUtc: string, limit?: number): MeetingRecord[] {
    // the limit is written into the SQL (a whole number, never a person's text; a handful of distinct texts, each
    // prepared once): with LIMIT bound as a parameter SQLite took 2.5 times as long for this, every command's look-up
    if (limit !== undefined && !(Number.isSafeInteger(limit) && limit >= 0)) throw new Error(`upcomingMeetings: limit ${limit} is not a whole number`);
    return (this.db.prepare(`SELECT * FROM meetings WHERE municipality_id = ? AND forum_id = ? AND start_utc > ? AND status = 'planned'
      ORDER BY start_utc${limit === undefined ? '' : ` LIMIT ${limit}`}`).all(municipalityId, forumId, afterUtc) as Row[]).map(meetingFromRow);
  }

  meeting(id: string): MeetingRecord | undefined {
    const r = this.db.prepare('SELECT * FROM meetings WHERE id = ?').get(id) as Row | undefined;
    return r && meetingFromRow(r);
  }

  insertMeeting(m: MeetingRecord, nowUtc: string): void {
    this.db.prepare(`INSERT INTO meetings (id, municipality_id, forum_id, date, start_utc, end_utc, deadline_utc, place, note, moved_from, status, sequence, updated_at)
      VALUES (@id, @municipality_id, @forum_id, @date, @start_utc, @end_utc, @deadline_utc, @place, @note, @moved_from, @status, @sequence, @updated_at)`)
      .run(meetingParams(m, nowUtc));
  }

  updateMeeting(m: MeetingRecord, nowUtc: string): void {
    this.db.prepare(`UPDATE meetings SET date = @date, start_utc = @start_utc, end_utc = @end_utc, deadline_utc = @deadline_utc,
      place = @place, note = @note, moved_from = @moved_from, status = @status, sequence = @sequence, updated_at = @updated_at WHERE id = @id`)
      .run(meetingParams(m, nowUtc));
  }

  nextItemNumber(prefix: string): number {
    const r = this.db.prepare(`INSERT INTO ref_counters (prefix, n) VALUES (?, 1)
      ON CONFLICT (prefix) DO UPDATE SET n = n + 1 RETURNING n`).get(prefix) as { n: number };
    return r.n;
  }

  insertItem(item: AgendaItem): void {
    this.db.prepare(`INSERT INTO agenda_items (ref, municipality_id, forum_id, meeting_id, kind, category, title, description, submitter_id, state, late,
      reason, question, answer, decided_by, decided_at, carried_from, raised_from, source_link, created_at, updated_at)
      VALUES (@ref, @municipality_id, @forum_id, @meeting_id, @kind, @category, @title, @description, @submitter_id, @state, @late,
      @reason, @question, @answer, @decided_by, @decided_at, @carried_from, @raised_from, @source_link, @created_at, @updated_at)`).run(itemParams(item));
  }

  updateItem(item: AgendaItem): void {
    const r = this.db.prepare(`UPDATE agenda_items SET meeting_id = @meeting_id, kind = @kind, category = @category, title = @title, description = @description,
      state = @state, late = @late, reason = @reason, question = @question, answer = @answer, decided_by = @decided_by,
      decided_at = @decided_at, carried_from = @carried_from, raised_from = @raised_from, source_link = @source_link, updated_at = @updated_at WHERE ref = @ref`)
      .run(itemParams(item));
    if (r.changes !== 1) throw new Error(`agenda item ${item.ref} not found`);
  }

  item(ref: string): AgendaItem | undefined {
    const r = this.db.prepare('SELECT * FROM agenda_items WHERE ref = ? COLLATE NOCASE').get(ref) as Row | undefined;
    return r && itemFromRow(r);
  }

  itemsOfMeeting(meetingId: string, page?: ItemPage): AgendaItem[] {
    return (this.db.prepare('SELECT * FROM agenda_items WHERE meeting_id = ? ORDER BY id LIMIT ? OFFSET ?')
      .all(meetingId, page?.limit ?? -1, page?.offset ?? 0) as Row[]).map(itemFromRow);
  }

  ownItemsOfForum(municipalityId: string, submitterId: string, forumId: string, meetingIds: readonly string[], states: readonly ItemState[], limit: number): AgendaItem[] {
    // meetings first, in start order (their index), then each one's items in submission order (theirs): the
    // order asked for without a sort, so reading stops after `limit` rows however many items there are.
    // m.rowid changes nothing (m.id is unique) but tells SQLite that the index's rows are distinct, which it
    // needs to use the items' index order instead of sorting every item of a meeting (a TEMP B-TREE)
    return (this.db.prepare(`SELECT i.* FROM meetings m CROSS JOIN agenda_items i ON i.meeting_id = m.id
      WHERE m.municipality_id = ? AND i.municipality_id = m.municipality_id AND i.submitter_id = ? AND m.forum_id = ?
        AND (i.meeting_id IN (SELECT value FROM json_each(?)) OR i.state IN (SELECT value FROM json_each(?)))
      ORDER BY m.start_utc, m.id, m.rowid, i.id LIMIT ?`)
      .all(municipalityId, submitterId, forumId, JSON.stringify(meetingIds), JSON.stringify(states), limit) as Row[]).map(itemFromRow);
  }

  itemsOfSubmitter(municipalityId: string, submitterId: string): AgendaItem[] {
    return (this.db.prepare('SELECT * FROM agenda_items WHERE municipality_id = ? AND submitter_id = ? ORDER BY id')
      .all(municipalityId, submitterId) as Row[]).map(itemFromRow);
  }

  putConsent(c: ConsentRecord): void {
    this.db.prepare(`INSERT INTO consents (item_ref, guardian_signed, legal_basis, agencies_json, expires, parents_attend, covers, purpose, recorded_by, recorded_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (item_ref) DO UPDATE SET guardian_signed = excluded.guardian_signed,
      legal_basis = excluded.legal_basis, agencies_json = excluded.agencies_json, expires = excluded.expires,
      parents_attend = excluded.parents_attend, covers = excluded.covers, purpose = excluded.purpose,
      recorded_by = excluded.recorded_by, recorded_at = excluded.recorded_at`)
      .run(...consentValues(c));
  }

  consent(itemRef: string): ConsentRecord | undefined {
    const r = this.db.prepare('SELECT * FROM consents WHERE item_ref = ?').get(itemRef) as Row | undefined;
    return r && consentFromRow(r);
  }

  publication(meetingId: string): Publication | undefined {
    const r = this.db.prepare('SELECT * FROM agenda_publications WHERE meeting_id = ?').get(meetingId) as Row | undefined;
    return r && publicationFromRow(r);
  }

  putPublication(p: Publication): void {
    this.db.prepare(`INSERT INTO agenda_publications (meeting_id, version, published_at, published_by, content_hash) VALUES (?, ?, ?, ?, ?)
      ON CONFLICT (meeting_id) DO UPDATE SET version = excluded.version, published_at = excluded.published_at, published_by = excluded.published_by,
        content_hash = excluded.content_hash`)
      .run(p.meetingId, p.version, p.publishedAt, p.publishedBy, p.contentHash ?? null);
  }

  appendAudit(e: AuditEntry): void {
    this.db.prepare(`INSERT INTO audit_log (at, actor, action, municipality_id, forum_id, meeting_id, item_ref, from_state, to_state)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`)
      .run(...auditValues(e));
  }

  auditOfItem(itemRef: string): AuditEntry[] {
    return (this.db.prepare('SELECT * FROM audit_log WHERE item_ref = ? ORDER BY id').all(itemRef) as Row[]).map(auditFromRow);
  }

  processedReply(requestKey: string): string | undefined { return this.repliesSql.processedReply(requestKey); }
  rememberReply(requestKey: string, replyJson: string, nowUtc: string): boolean { return this.repliesSql.rememberReply(requestKey, replyJson, nowUtc); }
  replaceReply(requestKey: string, replyJson: string): void { this.repliesSql.replaceReply(requestKey, replyJson); }
  claimShown(requestKey: string, nowUtc: string): boolean { return this.repliesSql.claimShown(requestKey, nowUtc); }
  unclaimShown(requestKey: string): void { this.repliesSql.unclaimShown(requestKey); }
  forgetRepliesBefore(beforeUtc: string): void { this.repliesSql.forgetRepliesBefore(beforeUtc); }
  repliesContaining(text: string): { requestKey: string; replyJson: string }[] { return this.repliesSql.repliesContaining(text); }
  recordDeliveredCopy(copy: DeliveredCopy, nowUtc: string): void { this.repliesSql.recordDeliveredCopy(copy, nowUtc); }
  deliveredCopies(itemRef: string): DeliveredCopy[] { return this.repliesSql.deliveredCopies(itemRef); }
  forgetDeliveredCopies(itemRef: string): void { this.repliesSql.forgetDeliveredCopies(itemRef); }

  enqueueMessage(m: NewOutboxMessage, nowUtc: string): number | undefined { return this.outboxSql.enqueueMessage(m, nowUtc); }
  takeUnreported(nowUtc: string): OutboxMessage[] { return this.outboxSql.takeUnreported(nowUtc); }
  resolveUndelivered(id: number, resolution: string, nowUtc: string): boolean { return this.outboxSql.resolveUndelivered(id, resolution, nowUtc); }
  redactMessage(id: number, view: View, nowUtc: string): void { this.outboxSql.redactMessage(id, view, nowUtc); }
  outboxMessage(id: number): OutboxMessage | undefined { return this.outboxSql.outboxMessage(id); }
  undeliveredMessages(municipalityId: string, limit: number): OutboxMessage[] { return this.outboxSql.undeliveredMessages(municipalityId, limit); }
  countUndelivered(municipalityId: string): number { return this.outboxSql.countUndelivered(municipalityId); }
  messagesContaining(text: string): OutboxMessage[] { return this.outboxSql.messagesContaining(text); }
  supersedeWaiting(replacesKey: string, keepKey: string, nowUtc: string): void { this.outboxSql.supersedeWaiting(replacesKey, keepKey, nowUtc); }
  enqueueHomes(municipalityId: string, homes: readonly HomeRow[], nowUtc: string): void {
    for (const h of homes) this.outboxSql.enqueueHome(h.key, municipalityId, h.platform, h.target, nowUtc);
  }

  /** The channel now belongs to the forum, and the forum's earlier binding on that platform is gone (one channel per forum and platform). */
  bindChannel(b: ChannelBinding, boundBy: string, nowUtc: string): void {
    this.db.prepare('DELETE FROM channel_bindings WHERE platform = ? AND municipality_id = ? AND forum_id = ? AND channel_id <> ?')
      .run(b.platform, b.municipalityId, b.forumId, b.channelId);
    this.db.prepare(`INSERT INTO channel_bindings (platform, channel_id, municipality_id, forum_id, bound_by, at) VALUES (?, ?, ?, ?, ?, ?)
      ON CONFLICT (platform, channel_id) DO UPDATE SET municipality_id = excluded.municipality_id, forum_id = excluded.forum_id,
      bound_by = excluded.bound_by, at = excluded.at`).run(b.platform, b.channelId, b.municipalityId, b.forumId, boundBy, nowUtc);
  }

  /** Every stored binding, oldest first (so a later one replaces an earlier one when they are applied in order). */
  bindings(): ChannelBinding[] {
    return (this.db.prepare('SELECT platform, channel_id, municipality_id, forum_id, bound_by, at FROM channel_bindings ORDER BY at, rowid').all() as Row[]).map(bindingFromRow);
  }

  setting(key: string): string | undefined {
    const r = this.db.prepare('SELECT value FROM settings WHERE key = ?').get(key) as Row | undefined;
    return r ? String(r.value) : undefined;
  }

  ensureSetting(key: string, value: string): string {
    this.db.prepare('INSERT OR IGNORE INTO settings (key, value) VALUES (?, ?)').run(key, value);
    return this.setting(key)!;
  }

  scheduleOutcome(key: string): string | undefined {
    const r = this.db.prepare('SELECT outcome FROM schedule_log WHERE key = ?').get(key) as Row | undefined;
    return r ? String(r.outcome) : undefined;
  }

  recordSchedule(key: string, outcome: 'enqueued' | 'dropped', nowUtc: string): void {
    this.db.prepare('INSERT OR IGNORE INTO schedule_log (key, outcome, at) VALUES (?, ?, ?)').run(key, outcome, nowUtc);
  }

  scheduleKeys(prefix: string): string[] {
    return (this.db.prepare("SELECT key FROM schedule_log WHERE key >= ? AND key < ? || char(1114111) AND outcome = 'enqueued' ORDER BY key")
      .all(prefix, prefix) as Row[]).map((r) => String(r.key));
  }

  dueForums(nowUtc: string): DueForum[] {
    return (this.db.prepare('SELECT municipality_id, forum_id, version FROM due_forums WHERE due_at <= ?').all(nowUtc) as Row[])
      .map((r) => ({ municipalityId: String(r.municipality_id), forumId: String(r.forum_id), version: Number(r.version) }));
  }

  markDue(municipalityId: string, forumIds: readonly string[]): void {
    const mark = this.db.prepare(`INSERT INTO due_forums (municipality_id, forum_id, due_at, version) VALUES (?, ?, '', 1)
      ON CONFLICT (municipality_id, forum_id) DO UPDATE SET due_at = '', version = version + 1`);
    for (const f of forumIds) mark.run(municipalityId, f);
  }

  setNextDue(municipalityId: string, forumId: string, dueAt: string, version: number): void {
    this.db.prepare('UPDATE due_forums SET due_at = ? WHERE municipality_id = ? AND forum_id = ? AND version = ?').run(dueAt, municipalityId, forumId, version);
  }

  saveConversationRef(key: string, referenceJson: string, nowUtc: string): void {
    this.db.prepare(`INSERT INTO conversation_refs (key, reference_json, reachable, updated_at) VALUES (?, ?, 1, ?)
      ON CONFLICT (key) DO UPDATE SET reference_json = excluded.reference_json, reachable = 1, updated_at = excluded.updated_at`)
      .run(key, referenceJson, nowUtc);
  }

  conversationRef(key: string): { referenceJson: string; reachable: boolean } | undefined {
    const r = this.db.prepare('SELECT reference_json, reachable FROM conversation_refs WHERE key = ?').get(key) as Row | undefined;
    return r && { referenceJson: String(r.reference_json), reachable: Boolean(r.reachable) };
  }

  markUnreachable(key: string, nowUtc: string): void {
    this.db.prepare('UPDATE conversation_refs SET reachable = 0, updated_at = ? WHERE key = ?').run(nowUtc, key);
  }

  linkIdentity(l: IdentityLink, nowUtc: string): void {
    this.db.prepare(`INSERT INTO identity_links (platform, user_id, municipality_id, member_id, linked_at) VALUES (?, ?, ?, ?, ?)
      ON CONFLICT (platform, user_id) DO UPDATE SET municipality_id = excluded.municipality_id, member_id = excluded.member_id, linked_at = excluded.linked_at`)
      .run(l.platform, l.userId, l.municipalityId, l.memberId, nowUtc);
  }

  identityLinks(): IdentityLink[] {
    return (this.db.prepare('SELECT platform, user_id, municipality_id, member_id FROM identity_links').all() as Row[]).map(identityLinkFromRow);
  }
}
