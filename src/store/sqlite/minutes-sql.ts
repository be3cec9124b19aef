import type { ActionRecord, AttendanceRecord, MinuteEntry, MinutesRecord, OutlookResponse } from '../../core/model/records';
import type { Db } from './open-database';
import { type Row, actionFromRow, attendanceFromRow, entryFromRow, minutesFromRow } from './row-mappers';

/** The SQL of minutes, decisions, actions and attendance (SqliteStore delegates here). */
export class MinutesSql {
  constructor(private readonly db: Db) {}

  minutes(meetingId: string): MinutesRecord | undefined {
    const r = this.db.prepare('SELECT * FROM minutes WHERE meeting_id = ?').get(meetingId) as Row | undefined;
    return r && minutesFromRow(r);
  }

  putMinutes(m: MinutesRecord): void {
    this.db.prepare(`INSERT INTO minutes (meeting_id, status, version, approved_by, approved_at) VALUES (?, ?, ?, ?, ?)
      ON CONFLICT (meeting_id) DO UPDATE SET status = excluded.status, version = excluded.version, approved_by = excluded.approved_by, approved_at = excluded.approved_at`)
      .run(m.meetingId, m.status, m.version, m.approvedBy ?? null, m.approvedAt ?? null);
  }

  addEntry(e: Omit<MinuteEntry, 'id'>): number {
    return Number(this.db.prepare('INSERT INTO minute_entries (meeting_id, item_ref, kind, text, author_id, created_at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(e.meetingId, e.itemRef, e.kind, e.text, e.authorId, e.createdAt).lastInsertRowid);
  }

  entriesOfMeeting(meetingId: string): MinuteEntry[] {
    return (this.db.prepare('SELECT * FROM minute_entries WHERE meeting_id = ? ORDER BY id').all(meetingId) as Row[]).map(entryFromRow);
  }

  updateEntry(id: number, text: string): void {
    this.db.prepare('UPDATE minute_entries SET text = ? WHERE id = ?').run(text, id);
  }

  deleteEntry(id: number): void {
    this.db.prepare('DELETE FROM minute_entries WHERE id = ?').run(id);
  }

  addAction(a: Omit<ActionRecord, 'id'>): number {
    return Number(this.db.prepare(`INSERT INTO actions (municipality_id, forum_id, meeting_id, item_ref, owner_id, due, text, status, created_by, created_at, done_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
      .run(a.municipalityId, a.forumId, a.meetingId, a.itemRef, a.ownerId, a.due, a.text, a.status, a.createdBy, a.createdAt, a.doneAt ?? null).lastInsertRowid);
  }

  updateAction(a: ActionRecord): void {
    this.db.prepare('UPDATE actions SET owner_id = ?, due = ?, text = ?, status = ?, done_at = ? WHERE id = ?')
      .run(a.ownerId, a.due, a.text, a.status, a.doneAt ?? null, a.id);
  }

  action(id: number): ActionRecord | undefined {
    const r = this.db.prepare('SELECT * FROM actions WHERE id = ?').get(id) as Row | undefined;
    return r && actionFromRow(r);
  }

  actionsOfForum(municipalityId: string, forumId: string): ActionRecord[] {
    return (this.db.prepare('SELECT * FROM actions WHERE municipality_id = ? AND forum_id = ? ORDER BY due, id').all(municipalityId, forumId) as Row[]).map(actionFromRow);
  }

  actionsOfOwner(municipalityId: string, ownerId: string): ActionRecord[] {
    return (this.db.prepare('SELECT * FROM actions WHERE municipality_id = ? AND owner_id = ? ORDER BY due, id').all(municipalityId, ownerId) as Row[]).map(actionFromRow);
  }

  actionsOfMeeting(meetingId: string): ActionRecord[] {
    return (this.db.prepare('SELECT * FROM actions WHERE meeting_id = ? ORDER BY id').all(meetingId) as Row[]).map(actionFromRow);
  }

  putAttendance(a: AttendanceRecord, nowUtc: string): void {
    this.db.prepare(`INSERT INTO attendance (meeting_id, member_id, status, deputy_id, recorded_at) VALUES (?, ?, ?, ?, ?)
      ON CONFLICT (meeting_id, member_id) DO UPDATE SET status = excluded.status, deputy_id = excluded.deputy_id, recorded_at = excluded.recorded_at`)
      .run(a.meetingId, a.memberId, a.status, a.deputyId ?? null, nowUtc);
  }

  attendanceOf(meetingId: string): AttendanceRecord[] {
    return (this.db.prepare('SELECT * FROM attendance WHERE meeting_id = ? ORDER BY member_id').all(meetingId) as Row[]).map(attendanceFromRow);
  }

  /** The answers read back from a meeting's Outlook event replace the earlier ones. */
  putOutlookResponses(meetingId: string, responses: readonly OutlookResponse[], nowUtc: string): void {
    this.db.prepare('DELETE FROM outlook_responses WHERE meeting_id = ?').run(meetingId);
    const insert = this.db.prepare('INSERT INTO outlook_responses (meeting_id, member_id, response, updated_at) VALUES (?, ?, ?, ?)');
    for (const r of responses) insert.run(meetingId, r.memberId, r.response, nowUtc);
  }

  outlookResponses(meetingId: string): OutlookResponse[] {
    return (this.db.prepare('SELECT member_id, response FROM outlook_responses WHERE meeting_id = ? ORDER BY member_id').all(meetingId) as Row[])
      .map((r) => ({ memberId: String(r.member_id), response: r.response as OutlookResponse['response'] }));
  }
}
