import type { PlannedMeeting } from './plan';

/** What the store keeps of a meeting: the plan plus its life cycle. */
export interface MeetingRecord extends PlannedMeeting {
  status: 'planned' | 'cancelled';
  /** raised every time date, time or place changes (calendar SEQUENCE) */
  sequence: number;
}

export const ITEM_STATES = ['submitted', 'late', 'needs-info', 'needs-consent', 'approved', 'rejected', 'deferred', 'withdrawn', 'declined'] as const;
export type ItemState = (typeof ITEM_STATES)[number];
export type ItemKind = 'topic' | 'case';
/** The states a decider's step leads to: an item card names who took it ("godkjent av …"). */
export const DECIDED_STATES = ['approved', 'rejected', 'declined', 'deferred'] as const satisfies readonly ItemState[];
export type DecidedState = (typeof DECIDED_STATES)[number];
export const isDecidedState = (s: string): s is DecidedState => (DECIDED_STATES as readonly string[]).includes(s);

export interface AgendaItem {
  ref: string;
  municipalityId: string;
  forumId: string;
  meetingId: string;
  kind: ItemKind;
  category: string;
  title: string;
  description?: string;
  submitterId: string;
  state: ItemState;
  /** submitted after the referral deadline of its meeting */
  late: boolean;
  reason?: string;
  question?: string;
  answer?: string;
  decidedBy?: string;
  decidedAt?: string;
  /** the meeting it was deferred or moved from */
  carriedFrom?: string;
  /** the item in another forum this one was raised from */
  raisedFrom?: string;
  /** a link back to the chat message the item was made from ("Add to SLT agenda"); shown to the deciders and the submitter */
  sourceLink?: string;
  createdAt: string;
  updatedAt: string;
}

export interface ConsentRecord {
  itemRef: string;
  guardianSigned?: string;
  legalBasis?: string;
  /** agencies the consent lets take part; others leave the meeting for this item */
  agencies: string[];
  expires?: string;
  parentsAttend: boolean;
  /** which information the consent covers (as the signed form says) */
  covers?: string;
  /** what the information may be used for */
  purpose?: string;
  recordedBy: string;
  recordedAt: string;
}

/** One line of the append-only audit log. Never holds free text written by users. */
export interface AuditEntry {
  at: string;
  actor: string;
  action: string;
  municipalityId: string;
  forumId?: string;
  meetingId?: string;
  itemRef?: string;
  fromState?: string;
  toState?: string;
}

export interface Publication {
  meetingId: string;
  version: number;
  publishedAt: string;
  publishedBy: string;
  /** hash of the public agenda as posted: a later change is detected by comparing it */
  contentHash?: string;
}

export const CATEGORIES = ['atferd', 'skolefravaer', 'helse', 'kriminalitet', 'rus', 'miljo', 'vold', 'radikalisering', 'annet'] as const;
export type Category = (typeof CATEGORIES)[number];

export interface ChannelBinding {
  platform: string;
  channelId: string;
  municipalityId: string;
  forumId: string;
  /** who bound it and when (stored bindings) */
  boundBy?: string;
  at?: string;
}

/** A platform account linked to a configured member after start-up (e.g. Slack lookup by e-mail). */
export interface IdentityLink {
  platform: string;
  userId: string;
  municipalityId: string;
  memberId: string;
}

export interface MinutesRecord {
  meetingId: string;
  status: 'draft' | 'approved';
  /** how many summaries have been posted (1 = the first; more = corrections) */
  version: number;
  approvedBy?: string;
  approvedAt?: string;
}

export interface MinuteEntry {
  id: number;
  meetingId: string;
  itemRef: string;
  kind: 'note' | 'decision';
  text: string;
  authorId: string;
  createdAt: string;
}

export interface ActionRecord {
  id: number;
  municipalityId: string;
  forumId: string;
  meetingId: string;
  itemRef: string;
  ownerId: string;
  /** local date YYYY-MM-DD */
  due: string;
  text: string;
  status: 'open' | 'done';
  createdBy: string;
  createdAt: string;
  doneAt?: string;
}

/** A forum person's answer to a meeting's Outlook invitation, as last read back from the organiser's calendar. */
export interface OutlookResponse {
  memberId: string;
  response: 'accepted' | 'tentative' | 'declined' | 'none';
}

export interface AttendanceRecord {
  meetingId: string;
  memberId: string;
  status: 'regrets' | 'deputy';
  deputyId?: string;
}
