import type {
  ActionRecord, AgendaItem, AttendanceRecord, AuditEntry, ChannelBinding, ConsentRecord, IdentityLink, MeetingRecord, MinuteEntry, MinutesRecord, Publication,
} from '../../core/model/records';
import type { DeliveredCopy } from '../../core/ports/store';

/** Conversions between database rows (SQLite's and PostgreSQL's: the same columns) and the core's records. */
export type Row = Record<string, unknown>;
export const str = (v: unknown): string | undefined => (v === null || v === undefined ? undefined : String(v));
/** drop undefined fields so records compare equal whether read or built */
export const clean = <T extends object>(o: T): T =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;

export const meetingFromRow = (r: Row): MeetingRecord => clean({
  id: String(r.id),
  municipalityId: String(r.municipality_id),
  forumId: String(r.forum_id),
  date: String(r.date),
  startUtc: String(r.start_utc),
  endUtc: String(r.end_utc),
  deadlineUtc: String(r.deadline_utc),
  place: str(r.place),
  note: str(r.note),
  movedFrom: str(r.moved_from),
  status: r.status as MeetingRecord['status'],
  sequence: Number(r.sequence),
});

export const itemFromRow = (r: Row): AgendaItem => clean({
  ref: String(r.ref),
  municipalityId: String(r.municipality_id),
  forumId: String(r.forum_id),
  meetingId: String(r.meeting_id),
  kind: r.kind as AgendaItem['kind'],
  category: String(r.category),
  title: String(r.title),
  description: str(r.description),
  submitterId: String(r.submitter_id),
  state: r.state as AgendaItem['state'],
  late: Boolean(r.late),
  reason: str(r.reason),
  question: str(r.question),
  answer: str(r.answer),
  decidedBy: str(r.decided_by),
  decidedAt: str(r.decided_at),
  carriedFrom: str(r.carried_from),
  raisedFrom: str(r.raised_from),
  sourceLink: str(r.source_link),
  createdAt: String(r.created_at),
  updatedAt: String(r.updated_at),
});

export const itemParams = (i: AgendaItem) => ({
  ref: i.ref,
  municipality_id: i.municipalityId,
  forum_id: i.forumId,
  meeting_id: i.meetingId,
  kind: i.kind,
  category: i.category,
  title: i.title,
  description: i.description ?? null,
  submitter_id: i.submitterId,
  state: i.state,
  late: i.late ? 1 : 0,
  reason: i.reason ?? null,
  question: i.question ?? null,
  answer: i.answer ?? null,
  decided_by: i.decidedBy ?? null,
  decided_at: i.decidedAt ?? null,
  carried_from: i.carriedFrom ?? null,
  raised_from: i.raisedFrom ?? null,
  source_link: i.sourceLink ?? null,
  created_at: i.createdAt,
  updated_at: i.updatedAt,
});

export const meetingParams = (m: MeetingRecord, now: string) => ({
  id: m.id,
  municipality_id: m.municipalityId,
  forum_id: m.forumId,
  date: m.date,
  start_utc: m.startUtc,
  end_utc: m.endUtc,
  deadline_utc: m.deadlineUtc,
  place: m.place ?? null,
  note: m.note ?? null,
  moved_from: m.movedFrom ?? null,
  status: m.status,
  sequence: m.sequence,
  updated_at: now,
});


/* The other records, shared by the SQLite and the PostgreSQL store (both keep the same columns). */

export const consentFromRow = (r: Row): ConsentRecord => clean({
  itemRef: String(r.item_ref),
  guardianSigned: str(r.guardian_signed),
  legalBasis: str(r.legal_basis),
  agencies: JSON.parse(String(r.agencies_json)) as string[],
  expires: str(r.expires),
  parentsAttend: Boolean(r.parents_attend),
  covers: str(r.covers),
  purpose: str(r.purpose),
  recordedBy: String(r.recorded_by),
  recordedAt: String(r.recorded_at),
});

/** consent columns in the order item_ref, guardian_signed, legal_basis, agencies_json, expires, parents_attend, covers, purpose, recorded_by, recorded_at */
export const consentValues = (c: ConsentRecord) => [c.itemRef, c.guardianSigned ?? null, c.legalBasis ?? null, JSON.stringify(c.agencies), c.expires ?? null,
  c.parentsAttend ? 1 : 0, c.covers ?? null, c.purpose ?? null, c.recordedBy, c.recordedAt];

export const auditFromRow = (r: Row): AuditEntry => clean({
  at: String(r.at),
  actor: String(r.actor),
  action: String(r.action),
  municipalityId: String(r.municipality_id),
  forumId: str(r.forum_id),
  meetingId: str(r.meeting_id),
  itemRef: str(r.item_ref),
  fromState: str(r.from_state),
  toState: str(r.to_state),
});

/** audit columns in the order at, actor, action, municipality_id, forum_id, meeting_id, item_ref, from_state, to_state */
export const auditValues = (e: AuditEntry) => [e.at, e.actor, e.action, e.municipalityId, e.forumId ?? null, e.meetingId ?? null, e.itemRef ?? null, e.fromState ?? null, e.toState ?? null];

export const publicationFromRow = (r: Row): Publication => clean({
  meetingId: String(r.meeting_id), version: Number(r.version), publishedAt: String(r.published_at), publishedBy: String(r.published_by), contentHash: str(r.content_hash),
});

export const minutesFromRow = (r: Row): MinutesRecord => clean({
  meetingId: String(r.meeting_id), status: r.status as MinutesRecord['status'], version: Number(r.version), approvedBy: str(r.approved_by), approvedAt: str(r.approved_at),
});

export const entryFromRow = (r: Row): MinuteEntry => ({
  id: Number(r.id), meetingId: String(r.meeting_id), itemRef: String(r.item_ref), kind: r.kind as MinuteEntry['kind'],
  text: String(r.text), authorId: String(r.author_id), createdAt: String(r.created_at),
});

export const actionFromRow = (r: Row): ActionRecord => clean({
  id: Number(r.id),
  municipalityId: String(r.municipality_id),
  forumId: String(r.forum_id),
  meetingId: String(r.meeting_id),
  itemRef: String(r.item_ref),
  ownerId: String(r.owner_id),
  due: String(r.due),
  text: String(r.text),
  status: r.status as ActionRecord['status'],
  createdBy: String(r.created_by),
  createdAt: String(r.created_at),
  doneAt: str(r.done_at),
});

export const attendanceFromRow = (r: Row): AttendanceRecord => clean({
  meetingId: String(r.meeting_id), memberId: String(r.member_id), status: r.status as AttendanceRecord['status'], deputyId: str(r.deputy_id),
});

export const bindingFromRow = (r: Row): ChannelBinding => ({
  platform: String(r.platform),
  channelId: String(r.channel_id),
  municipalityId: String(r.municipality_id),
  forumId: String(r.forum_id),
  boundBy: String(r.bound_by),
  at: String(r.at),
});

export const identityLinkFromRow = (r: Row): IdentityLink => ({
  platform: String(r.platform),
  userId: String(r.user_id),
  municipalityId: String(r.municipality_id),
  memberId: String(r.member_id),
});

export const deliveredCopyFromRow = (r: Row): DeliveredCopy => ({
  platform: String(r.platform),
  targetKind: r.target_kind as DeliveredCopy['targetKind'],
  target: String(r.target),
  messageId: String(r.message_id),
  itemRef: String(r.item_ref),
  municipalityId: String(r.municipality_id),
});
