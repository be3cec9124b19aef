import type { DeliveryFailure, DeliveryPlatform } from './chat-port';
import type { Municipality, Platform } from './model/municipality';
import type { View } from './views';
import type { ActionRecord, AgendaItem, AttendanceRecord, AuditEntry, ChannelBinding, ConsentRecord, IdentityLink, MeetingRecord, MinuteEntry, MinutesRecord, OutlookResponse, Publication } from './model/records';

/**
 * The database cannot take a write now: `busy` (another writer holds the lock; try again in a moment)
 * or `unwritable` (the file is gone, replaced, read-only or full). Nothing of the failed work was stored.
 */
export class StorageUnavailableError extends Error {
  constructor(readonly kind: 'busy' | 'unwritable', message: string) {
    super(message);
    this.name = 'StorageUnavailableError';
  }
}

/** A message kept by a platform (outside the outbox) that showed an item's texts. */
export interface DeliveredCopy {
  platform: string;
  targetKind: 'channel' | 'dm';
  target: string;
  messageId: string;
  itemRef: string;
  municipalityId: string;
}

/** The current instant. Tests and demos pass a fake one. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** Persistence the core needs. The SQLite store implements it; nothing else in the core knows SQL. */
export interface SltStore {
  /** run `fn` atomically (synchronous: never await inside); throws StorageUnavailableError when nothing can be written */
  transaction<T>(fn: () => T): T;
  /** run `fn` without writing: any write it tries fails with a StorageUnavailableError of `kind` */
  readOnly<T>(fn: () => T, kind: StorageUnavailableError['kind']): T;
  /** how many rows this store has inserted, updated or deleted so far (did a piece of work change anything?) */
  changeCount(): number;

  /** mirror a municipality's configuration; true when anything changed */
  mirrorConfiguration(m: Municipality): boolean;

  meetingsOfForum(municipalityId: string, forumId: string): MeetingRecord[];
  meeting(id: string): MeetingRecord | undefined;
  insertMeeting(m: MeetingRecord, nowUtc: string): void;
  updateMeeting(m: MeetingRecord, nowUtc: string): void;

  nextItemNumber(prefix: string): number;
  insertItem(item: AgendaItem): void;
  updateItem(item: AgendaItem): void;
  item(ref: string): AgendaItem | undefined;
  itemsOfMeeting(meetingId: string): AgendaItem[];
  itemsOfSubmitter(municipalityId: string, submitterId: string): AgendaItem[];

  itemsRaisedFrom(ref: string): AgendaItem[];
  /** items of a forum in one of `states` whose meeting started at or before `startedByUtc` (undecided items left behind) */
  itemsInStatesOfStartedMeetings(municipalityId: string, forumId: string, states: readonly string[], startedByUtc: string): AgendaItem[];
  /** every item of a municipality whose meeting starts in [fromUtc, toUtc) (exports, statistics, retention) */
  itemsBetween(municipalityId: string, fromUtc: string, toUtc: string): AgendaItem[];

  minutes(meetingId: string): MinutesRecord | undefined;
  putMinutes(m: MinutesRecord): void;
  addEntry(e: Omit<MinuteEntry, 'id'>): number;
  entriesOfMeeting(meetingId: string): MinuteEntry[];
  updateEntry(id: number, text: string): void;
  deleteEntry(id: number): void;
  addAction(a: Omit<ActionRecord, 'id'>): number;
  updateAction(a: ActionRecord): void;
  action(id: number): ActionRecord | undefined;
  actionsOfForum(municipalityId: string, forumId: string): ActionRecord[];
  actionsOfOwner(municipalityId: string, ownerId: string): ActionRecord[];
  actionsOfMeeting(meetingId: string): ActionRecord[];
  putAttendance(a: AttendanceRecord, nowUtc: string): void;
  attendanceOf(meetingId: string): AttendanceRecord[];
  /** the answers read back from a meeting's Outlook event (replacing the earlier ones) */
  putOutlookResponses(meetingId: string, responses: readonly OutlookResponse[], nowUtc: string): void;
  outlookResponses(meetingId: string): OutlookResponse[];
  deleteConsent(itemRef: string): void;

  putConsent(c: ConsentRecord): void;
  consent(itemRef: string): ConsentRecord | undefined;

  publication(meetingId: string): Publication | undefined;
  putPublication(p: Publication): void;

  appendAudit(e: AuditEntry): void;
  auditOfItem(itemRef: string): AuditEntry[];

  processedReply(requestKey: string): string | undefined;
  rememberReply(requestKey: string, replyJson: string, nowUtc: string): void;
  /** claim the showing of a request's reply: true the first time only (a retried delivery shows nothing again) */
  claimShown(requestKey: string, nowUtc: string): boolean;
  /** the reply could not be shown after all: a retried delivery may show it */
  unclaimShown(requestKey: string): void;
  /** forget remembered replies (and which of them were shown) older than this (a platform retries a delivery within minutes) */
  forgetRepliesBefore(beforeUtc: string): void;

  /** a message a platform keeps that showed an item's texts outside the outbox (see SltBot.rememberDelivered) */
  recordDeliveredCopy(copy: DeliveredCopy, nowUtc: string): void;
  /**
   * Erase every stored copy of an item's texts: remembered replies and outbox payloads that carry any
   * of `texts` are replaced by `redacted`, and every delivered message that carried them (outbox sends
   * and recorded copies) gets an update-only outbox row editing it to `redacted`. Returns the counts.
   */
  eraseCopies(e: { itemRef: string; municipalityId: string; texts: readonly string[]; redacted: View }, nowUtc: string): { replies: number; outboxRows: number; messages: number };
  /** after an erasure: no erased bytes left in the database file's free pages or its write-ahead log */
  scrubFreePages(vacuum: boolean): void;

  bindChannel(b: ChannelBinding, boundBy: string, nowUtc: string): void;
  bindings(): ChannelBinding[];

  /** what the scheduler did about a piece of due work (enqueued or dropped), by its key */
  scheduleOutcome(key: string): string | undefined;
  recordSchedule(key: string, outcome: 'enqueued' | 'dropped', nowUtc: string): void;
  /** keys recorded with this prefix (e.g. every invitation of a meeting) */
  scheduleKeys(prefix: string): string[];

  /** platform conversation handles for proactive messages (Teams ConversationReference as JSON) */
  saveConversationRef(key: string, referenceJson: string, nowUtc: string): void;
  conversationRef(key: string): { referenceJson: string; reachable: boolean } | undefined;
  markUnreachable(key: string, nowUtc: string): void;

  linkIdentity(l: IdentityLink, nowUtc: string): void;
  identityLinks(): IdentityLink[];
}

/** A message the bot could not deliver (failed for good) or does not know whether it delivered (unknown). */
export interface DeliveryRecord {
  id: number;
  municipalityId: string;
  platform: DeliveryPlatform;
  /** `graph`: 'channel', the organiser's calendar */
  targetKind: 'channel' | 'dm';
  /** the platform's channel or user id (`graph`: the organiser's mailbox) */
  target: string;
  view: View;
  status: 'failed' | 'unknown';
  failure: DeliveryFailure;
  lastError?: string;
  /** when it was due (UTC) */
  dueAt: string;
  /** what the coordinator did about it: `resent:<id>` or `done:<member>` */
  resolved?: string;
  /** one of the bot's own delivery reports (never reported about itself) */
  isReport: boolean;
}

/** Port: the outbox's undelivered messages, for the coordinator's reports and `delivery`/`resend` commands. */
export interface DeliveryLog {
  /** newest first: undelivered messages of a municipality nobody has resent or marked done */
  undelivered(municipalityId: string, limit: number): DeliveryRecord[];
  /** how many of them there are */
  countUndelivered(municipalityId: string): number;
  record(id: number): DeliveryRecord | undefined;
  /** queue the message again as a new one (the original is marked resent); returns the new message's number */
  resend(id: number, nowUtc: string): number;
  /** the coordinator has dealt with it (it arrived after all, or is no longer needed) */
  markDone(id: number, memberId: string, nowUtc: string): void;
}
