import type { Municipality } from '../../core/model/municipality';
import type {
  ActionRecord, AgendaItem, AttendanceRecord, AuditEntry, ChannelBinding, ConsentRecord, IdentityLink, MeetingRecord, MinuteEntry, MinutesRecord, OutlookResponse, Publication,
} from '../../core/model/records';
import type { NewOutboxMessage, OutboxMessage } from '../../core/ports/outbox';
import type { DeliveredCopy, HomeRow, StoreTx } from '../../core/ports/store';
import { auditValues, consentValues, itemParams, meetingParams, type Row } from '../sqlite/row-mappers';
import { HOME_UPSERT, messageFromRow } from '../sqlite/outbox-sql';
import { PgReads, UNDELIVERED } from './pg-reads';

const MEETING_COLUMNS = ['id', 'municipality_id', 'forum_id', 'date', 'start_utc', 'end_utc', 'deadline_utc', 'place', 'note', 'moved_from', 'status', 'sequence', 'updated_at'] as const;
const ITEM_COLUMNS = ['ref', 'municipality_id', 'forum_id', 'meeting_id', 'kind', 'category', 'title', 'description', 'submitter_id', 'state', 'late',
  'reason', 'question', 'answer', 'decided_by', 'decided_at', 'carried_from', 'raised_from', 'source_link', 'created_at', 'updated_at'] as const;
const placeholders = (n: number, from = 1) => Array.from({ length: n }, (_, i) => `$${i + from}`).join(', ');

/** Reads and writes inside one PostgreSQL transaction (on its connection). */
export class PgTx extends PgReads implements StoreTx {
  /** rows inserted, updated or deleted by this transaction so far */
  private changes = 0;

  async changeCount(): Promise<number> {
    return this.changes;
  }

  /** a write: its rows counted for changeCount */
  private async write(text: string, values: unknown[] = []): Promise<Row[]> {
    const r = await this.db.query(text, values);
    this.changes += r.rowCount ?? 0;
    return r.rows;
  }

  private async run(text: string, values: unknown[] = []): Promise<number> {
    const before = this.changes;
    await this.write(text, values);
    return this.changes - before;
  }

  async mirrorConfiguration(m: Municipality): Promise<boolean> {
    let changed = await this.run(`INSERT INTO municipalities (id, name, time_zone, language, config_json) VALUES ($1, $2, $3, $4, $5)
      ON CONFLICT (id) DO UPDATE SET name = excluded.name, time_zone = excluded.time_zone, language = excluded.language, config_json = excluded.config_json
      WHERE municipalities.config_json IS DISTINCT FROM excluded.config_json`, [m.id, m.name, m.timeZone, m.language, JSON.stringify(m)]);
    for (const f of m.forums) {
      changed += await this.run(`INSERT INTO forums (municipality_id, id, name, level, config_json) VALUES ($1, $2, $3, $4, $5)
        ON CONFLICT (municipality_id, id) DO UPDATE SET name = excluded.name, level = excluded.level, config_json = excluded.config_json
        WHERE forums.config_json IS DISTINCT FROM excluded.config_json`, [m.id, f.id, f.name, f.level, JSON.stringify(f)]);
    }
    for (const p of m.members) {
      changed += await this.run(`INSERT INTO members (municipality_id, id, name, role, agency) VALUES ($1, $2, $3, $4, $5)
        ON CONFLICT (municipality_id, id) DO UPDATE SET name = excluded.name, role = excluded.role, agency = excluded.agency
        WHERE (members.name, members.role, members.agency) IS DISTINCT FROM (excluded.name, excluded.role, excluded.agency)`, [m.id, p.id, p.name, p.role, p.agency]);
    }
    return changed > 0;
  }

  async insertMeeting(m: MeetingRecord, nowUtc: string): Promise<void> {
    const p = meetingParams(m, nowUtc);
    await this.run(`INSERT INTO meetings (${MEETING_COLUMNS.join(', ')}) VALUES (${placeholders(MEETING_COLUMNS.length)})`, MEETING_COLUMNS.map((c) => p[c]));
  }

  async updateMeeting(m: MeetingRecord, nowUtc: string): Promise<void> {
    const p = meetingParams(m, nowUtc);
    const set = MEETING_COLUMNS.slice(1);
    await this.run(`UPDATE meetings SET ${set.map((c, i) => `${c} = $${i + 2}`).join(', ')} WHERE id = $1`, [p.id, ...set.map((c) => p[c])]);
  }

  async nextItemNumber(prefix: string): Promise<number> {
    const [r] = await this.write(`INSERT INTO ref_counters (prefix, n) VALUES ($1, 1)
      ON CONFLICT (prefix) DO UPDATE SET n = ref_counters.n + 1 RETURNING n`, [prefix]);
    return Number(r!.n);
  }

  async insertItem(item: AgendaItem): Promise<void> {
    const p = itemParams(item);
    await this.run(`INSERT INTO agenda_items (${ITEM_COLUMNS.join(', ')}) VALUES (${placeholders(ITEM_COLUMNS.length)})`, ITEM_COLUMNS.map((c) => p[c]));
  }

  async updateItem(item: AgendaItem): Promise<void> {
    const p = itemParams(item);
    const set = ITEM_COLUMNS.filter((c) => c !== 'ref' && c !== 'municipality_id' && c !== 'forum_id' && c !== 'submitter_id' && c !== 'created_at');
    const n = await this.run(`UPDATE agenda_items SET ${set.map((c, i) => `${c} = $${i + 2}`).join(', ')} WHERE ref = $1`, [p.ref, ...set.map((c) => p[c])]);
    if (n !== 1) throw new Error(`agenda item ${item.ref} not found`);
  }

  async putMinutes(m: MinutesRecord): Promise<void> {
    await this.run(`INSERT INTO minutes (meeting_id, status, version, approved_by, approved_at) VALUES ($1, $2, $3, $4, $5)
      ON CONFLICT (meeting_id) DO UPDATE SET status = excluded.status, version = excluded.version, approved_by = excluded.approved_by, approved_at = excluded.approved_at`,
    [m.meetingId, m.status, m.version, m.approvedBy ?? null, m.approvedAt ?? null]);
  }

  async addEntry(e: Omit<MinuteEntry, 'id'>): Promise<number> {
    const [r] = await this.write('INSERT INTO minute_entries (meeting_id, item_ref, kind, text, author_id, created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id',
      [e.meetingId, e.itemRef, e.kind, e.text, e.authorId, e.createdAt]);
    return Number(r!.id);
  }

  async updateEntry(id: number, text: string): Promise<void> {
    await this.run('UPDATE minute_entries SET text = $2 WHERE id = $1', [id, text]);
  }

  async deleteEntry(id: number): Promise<void> {
    await this.run('DELETE FROM minute_entries WHERE id = $1', [id]);
  }

  async addAction(a: Omit<ActionRecord, 'id'>): Promise<number> {
    const [r] = await this.write(`INSERT INTO actions (municipality_id, forum_id, meeting_id, item_ref, owner_id, due, text, status, created_by, created_at, done_at)
      VALUES (${placeholders(11)}) RETURNING id`,
    [a.municipalityId, a.forumId, a.meetingId, a.itemRef, a.ownerId, a.due, a.text, a.status, a.createdBy, a.createdAt, a.doneAt ?? null]);
    return Number(r!.id);
  }

  async updateAction(a: ActionRecord): Promise<void> {
    await this.run('UPDATE actions SET owner_id = $2, due = $3, text = $4, status = $5, done_at = $6 WHERE id = $1', [a.id, a.ownerId, a.due, a.text, a.status, a.doneAt ?? null]);
  }

  async putAttendance(a: AttendanceRecord, nowUtc: string): Promise<void> {
    await this.run(`INSERT INTO attendance (meeting_id, member_id, status, deputy_id, recorded_at) VALUES ($1, $2, $3, $4, $5)
      ON CONFLICT (meeting_id, member_id) DO UPDATE SET status = excluded.status, deputy_id = excluded.deputy_id, recorded_at = excluded.recorded_at`,
    [a.meetingId, a.memberId, a.status, a.deputyId ?? null, nowUtc]);
  }

  /** the answers read back from a meeting's Outlook event replace the earlier ones */
  async putOutlookResponses(meetingId: string, responses: readonly OutlookResponse[], nowUtc: string): Promise<void> {
    await this.run('DELETE FROM outlook_responses WHERE meeting_id = $1', [meetingId]);
    for (const r of responses) {
      await this.run('INSERT INTO outlook_responses (meeting_id, member_id, response, updated_at) VALUES ($1, $2, $3, $4)', [meetingId, r.memberId, r.response, nowUtc]);
    }
  }

  async putConsent(c: ConsentRecord): Promise<void> {
    await this.run(`INSERT INTO consents (item_ref, guardian_signed, legal_basis, agencies_json, expires, parents_attend, covers, purpose, recorded_by, recorded_at)
      VALUES (${placeholders(10)}) ON CONFLICT (item_ref) DO UPDATE SET guardian_signed = excluded.guardian_signed,
      legal_basis = excluded.legal_basis, agencies_json = excluded.agencies_json, expires = excluded.expires,
      parents_attend = excluded.parents_attend, covers = excluded.covers, purpose = excluded.purpose,
      recorded_by = excluded.recorded_by, recorded_at = excluded.recorded_at`, consentValues(c));
  }

  async deleteConsent(itemRef: string): Promise<void> {
    await this.run('DELETE FROM consents WHERE item_ref = $1', [itemRef]);
  }

  async putPublication(p: Publication): Promise<void> {
    await this.run(`INSERT INTO agenda_publications (meeting_id, version, published_at, published_by, content_hash) VALUES ($1, $2, $3, $4, $5)
      ON CONFLICT (meeting_id) DO UPDATE SET version = excluded.version, published_at = excluded.published_at, published_by = excluded.published_by,
        content_hash = excluded.content_hash`, [p.meetingId, p.version, p.publishedAt, p.publishedBy, p.contentHash ?? null]);
  }

  async appendAudit(e: AuditEntry): Promise<void> {
    await this.run(`INSERT INTO audit_log (at, actor, action, municipality_id, forum_id, meeting_id, item_ref, from_state, to_state) VALUES (${placeholders(9)})`, auditValues(e));
  }

  async rememberReply(requestKey: string, replyJson: string, nowUtc: string): Promise<boolean> {
    return await this.run('INSERT INTO processed_requests (request_key, reply_json, at) VALUES ($1, $2, $3) ON CONFLICT (request_key) DO NOTHING', [requestKey, replyJson, nowUtc]) === 1;
  }

  async replaceReply(requestKey: string, replyJson: string): Promise<void> {
    await this.run('UPDATE processed_requests SET reply_json = $2 WHERE request_key = $1', [requestKey, replyJson]);
  }

  async claimShown(requestKey: string, nowUtc: string): Promise<boolean> {
    return await this.run('INSERT INTO shown_replies (request_key, at) VALUES ($1, $2) ON CONFLICT (request_key) DO NOTHING', [requestKey, nowUtc]) === 1;
  }

  async unclaimShown(requestKey: string): Promise<void> {
    await this.run('DELETE FROM shown_replies WHERE request_key = $1', [requestKey]);
  }

  async forgetRepliesBefore(beforeUtc: string): Promise<void> {
    await this.run('DELETE FROM processed_requests WHERE at < $1', [beforeUtc]);
    await this.run('DELETE FROM shown_replies WHERE at < $1', [beforeUtc]);
  }

  async recordDeliveredCopy(c: DeliveredCopy, nowUtc: string): Promise<void> {
    await this.run(`INSERT INTO delivered_copies (platform, target_kind, target, message_id, item_ref, municipality_id, at) VALUES ($1, $2, $3, $4, $5, $6, $7)
      ON CONFLICT (platform, message_id, item_ref) DO NOTHING`, [c.platform, c.targetKind, c.target, c.messageId, c.itemRef, c.municipalityId, nowUtc]);
  }

  async forgetDeliveredCopies(itemRef: string): Promise<void> {
    await this.run('DELETE FROM delivered_copies WHERE item_ref = $1', [itemRef]);
  }

  async bindChannel(b: ChannelBinding, boundBy: string, nowUtc: string): Promise<void> {
    await this.run('DELETE FROM channel_bindings WHERE platform = $1 AND municipality_id = $2 AND forum_id = $3 AND channel_id <> $4',
      [b.platform, b.municipalityId, b.forumId, b.channelId]);
    await this.run(`INSERT INTO channel_bindings (platform, channel_id, municipality_id, forum_id, bound_by, at) VALUES ($1, $2, $3, $4, $5, $6)
      ON CONFLICT (platform, channel_id) DO UPDATE SET municipality_id = excluded.municipality_id, forum_id = excluded.forum_id,
      bound_by = excluded.bound_by, at = excluded.at`, [b.platform, b.channelId, b.municipalityId, b.forumId, boundBy, nowUtc]);
  }

  async linkIdentity(l: IdentityLink, nowUtc: string): Promise<void> {
    await this.run(`INSERT INTO identity_links (platform, user_id, municipality_id, member_id, linked_at) VALUES ($1, $2, $3, $4, $5)
      ON CONFLICT (platform, user_id) DO UPDATE SET municipality_id = excluded.municipality_id, member_id = excluded.member_id, linked_at = excluded.linked_at`,
    [l.platform, l.userId, l.municipalityId, l.memberId, nowUtc]);
  }

  async recordSchedule(key: string, outcome: 'enqueued' | 'dropped', nowUtc: string): Promise<void> {
    await this.run('INSERT INTO schedule_log (key, outcome, at) VALUES ($1, $2, $3) ON CONFLICT (key) DO NOTHING', [key, outcome, nowUtc]);
  }

  async markDue(municipalityId: string, forumIds: readonly string[]): Promise<void> {
    for (const f of forumIds) {
      await this.run(`INSERT INTO due_forums (municipality_id, forum_id, due_at, version) VALUES ($1, $2, '', 1)
        ON CONFLICT (municipality_id, forum_id) DO UPDATE SET due_at = '', version = due_forums.version + 1`, [municipalityId, f]);
    }
  }

  async setNextDue(municipalityId: string, forumId: string, dueAt: string, version: number): Promise<void> {
    await this.run('UPDATE due_forums SET due_at = $1 WHERE municipality_id = $2 AND forum_id = $3 AND version = $4', [dueAt, municipalityId, forumId, version]);
  }

  async saveConversationRef(key: string, referenceJson: string, nowUtc: string): Promise<void> {
    await this.run(`INSERT INTO conversation_refs (key, reference_json, reachable, updated_at) VALUES ($1, $2, 1, $3)
      ON CONFLICT (key) DO UPDATE SET reference_json = excluded.reference_json, reachable = 1, updated_at = excluded.updated_at`, [key, referenceJson, nowUtc]);
  }

  async markUnreachable(key: string, nowUtc: string): Promise<void> {
    await this.run('UPDATE conversation_refs SET reachable = 0, updated_at = $2 WHERE key = $1', [key, nowUtc]);
  }

  async ensureSetting(key: string, value: string): Promise<string> {
    await this.run('INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING', [key, value]);
    return (await this.setting(key))!;
  }

  async enqueueMessage(m: NewOutboxMessage, nowUtc: string): Promise<number | undefined> {
    const [r] = await this.write(`INSERT INTO outbox (idempotency_key, municipality_id, platform, target_kind, target, payload_json, status, not_before, due_at,
      expires_at, platform_message_id, replaces_key, update_only, calendar_json, created_at, updated_at) VALUES (${placeholders(16)})
      ON CONFLICT (idempotency_key) DO NOTHING RETURNING id`,
    [m.key, m.municipalityId, m.platform, m.targetKind, m.target, JSON.stringify(m.view), m.status ?? 'pending', m.notBefore, m.dueAt ?? m.notBefore,
      m.expiresAt ?? null, m.platformMessageId ?? null, m.replacesKey ?? null, m.updateOnly ? 1 : 0, m.calendar ? JSON.stringify(m.calendar) : null, nowUtc, nowUtc]);
    return r ? Number(r.id) : undefined;
  }

  async supersedeWaiting(replacesKey: string, keepKey: string, nowUtc: string): Promise<void> {
    await this.run(`UPDATE outbox SET status = 'expired', last_error = 'superseded by a newer change', updated_at = $1
      WHERE replaces_key = $2 AND status = 'pending' AND idempotency_key <> $3`, [nowUtc, replacesKey, keepKey]);
  }

  async enqueueHomes(municipalityId: string, homes: readonly HomeRow[], nowUtc: string): Promise<void> {
    // every person at once, one round trip (see OutboxTxSql.enqueueHome); a key once (an upsert may touch a row once)
    const rows = [...new Map(homes.map((h) => [h.key, h])).values()];
    if (!rows.length) return;
    const values = rows.map((_, i) => `($${3 + 3 * i}, $1, $${4 + 3 * i}, 'dm', $${5 + 3 * i}, '{"kind":"home","sections":[]}', $2, $2, 1, $2, $2)`);
    await this.run(`INSERT INTO outbox (idempotency_key, municipality_id, platform, target_kind, target, payload_json, not_before, due_at, home, created_at, updated_at)
      VALUES ${values.join(', ')} ${HOME_UPSERT}`, [municipalityId, nowUtc, ...rows.flatMap((h) => [h.key, h.platform, h.target])]);
  }

  async takeUnreported(nowUtc: string): Promise<OutboxMessage[]> {
    const rows = await this.write(`UPDATE outbox SET reported_at = $1 WHERE ${UNDELIVERED} AND reported_at IS NULL RETURNING *`, [nowUtc]);
    return rows.map(messageFromRow).sort((a, b) => a.id - b.id);
  }

  async resolveUndelivered(id: number, resolution: string, nowUtc: string): Promise<boolean> {
    return await this.run(`UPDATE outbox SET resolved = $2, updated_at = $3 WHERE id = $1 AND ${UNDELIVERED} AND resolved IS NULL`, [id, resolution, nowUtc]) === 1;
  }

  async redactMessage(id: number, view: OutboxMessage['view'], nowUtc: string): Promise<void> {
    await this.run(`UPDATE outbox SET payload_json = $2, status = CASE WHEN status = 'pending' THEN 'expired' ELSE status END,
      last_error = CASE WHEN status = 'pending' THEN 'erased after the retention period' ELSE last_error END, updated_at = $3 WHERE id = $1`,
    [id, JSON.stringify(view), nowUtc]);
  }
}
