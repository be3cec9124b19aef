import type { AgendaItem, MeetingRecord } from '../../core/model/records';

/** Conversions between SQLite rows and the core's records. */
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

