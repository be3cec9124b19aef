import type { Municipality } from '../model/municipality';
import type {
  ActionRecord, AgendaItem, AttendanceRecord, AuditEntry, ChannelBinding, ConsentRecord, IdentityLink, ItemState, MeetingRecord,
  MinuteEntry, MinutesRecord, OutlookResponse, Publication,
} from '../model/records';
import type { DeliveryPlatform } from './chat-port';
import type { NewOutboxMessage, OutboxMessage, OutboxQueue, OutboxStatus } from './outbox';

/** A person's home view on a platform, as the outbox queues it: its row's key and where it goes. */
export interface HomeRow { key: string; platform: DeliveryPlatform; target: string }

/**
 * The database cannot take a write now: `busy` (another writer holds the lock; try again in a moment)
 * or `unwritable` (the file is gone, replaced, read-only or full; the server refuses writes). Nothing of
 * the failed work was stored. Every store implementation reports these faults with this class.
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

/** A forum whose scheduled work is due (forumId '' is its municipality's own daily work), as read at `version`. */
export interface DueForum {
  municipalityId: string;
  forumId: string;
  version: number;
}

/** What the operator's metrics read from the database (counts only: no ids, no texts). */
export interface OperationalCounts {
  /** outbox messages per status, home rows included; every status present (0 when none) */
  outbox: Record<OutboxStatus, number>;
  /** the `dueAt` (`notBefore` when it has none) of the oldest `pending` message whose due time is at or before `nowUtc`; undefined when none */
  oldestPendingDueAt: string | undefined;
  /** agenda items per municipality and state: only pairs with at least one item, in no particular order */
  items: { municipalityId: string; state: ItemState; count: number }[];
}

/** Everything the core reads. Every method returns a promise; none writes. */
/** A slice of a list in its usual order: skip `offset` rows, then at most `limit`. */
export interface ItemPage {
  offset: number;
  limit: number;
}

export interface StoreReads {
  meetingsOfForum(municipalityId: string, forumId: string): Promise<MeetingRecord[]>;
  meeting(id: string): Promise<MeetingRecord | undefined>;
  /** `planned` meetings of a forum that start after `afterUtc` (strictly), soonest first; at most `limit` of them when given */
  upcomingMeetings(municipalityId: string, forumId: string, afterUtc: string, limit?: number): Promise<MeetingRecord[]>;

  /** by reference, case-insensitively (`tut-2027-001` finds TUT-2027-001) */
  item(ref: string): Promise<AgendaItem | undefined>;
  /** in the order they were submitted; with `page`, only those (skip `offset`, then at most `limit`) */
  itemsOfMeeting(meetingId: string, page?: ItemPage): Promise<AgendaItem[]>;
  itemsOfSubmitter(municipalityId: string, submitterId: string): Promise<AgendaItem[]>;
  /**
   * A submitter's items of one forum that are for one of `meetingIds` or in one of `states`, by meeting
   * start, then submission; at most `limit` of them (a home view shows a few and counts the rest).
   */
  ownItemsOfForum(municipalityId: string, submitterId: string, forumId: string, meetingIds: readonly string[], states: readonly ItemState[], limit: number): Promise<AgendaItem[]>;
  /** items raised from this one to other forums, in the order they were raised */
  itemsRaisedFrom(ref: string): Promise<AgendaItem[]>;
  /** items of a forum in one of `states` whose meeting started at or before `startedByUtc` (undecided items left behind), by meeting start, then submission */
  itemsInStatesOfStartedMeetings(municipalityId: string, forumId: string, states: readonly ItemState[], startedByUtc: string): Promise<AgendaItem[]>;
  /** every item of a municipality whose meeting starts in [fromUtc, toUtc), by meeting start, then submission (exports, statistics, retention) */
  itemsBetween(municipalityId: string, fromUtc: string, toUtc: string): Promise<AgendaItem[]>;

  minutes(meetingId: string): Promise<MinutesRecord | undefined>;
  /** in the order they were written */
  entriesOfMeeting(meetingId: string): Promise<MinuteEntry[]>;
  action(id: number): Promise<ActionRecord | undefined>;
  /** by due date, then id */
  actionsOfForum(municipalityId: string, forumId: string): Promise<ActionRecord[]>;
  /** by due date, then id */
  actionsOfOwner(municipalityId: string, ownerId: string): Promise<ActionRecord[]>;
  /** by id */
  actionsOfMeeting(meetingId: string): Promise<ActionRecord[]>;
  /** by member id */
  attendanceOf(meetingId: string): Promise<AttendanceRecord[]>;
  /** the answers last read back from a meeting's Outlook event, by member id */
  outlookResponses(meetingId: string): Promise<OutlookResponse[]>;

  consent(itemRef: string): Promise<ConsentRecord | undefined>;
  publication(meetingId: string): Promise<Publication | undefined>;
  /** oldest first */
  auditOfItem(itemRef: string): Promise<AuditEntry[]>;

  /** the reply remembered for a platform delivery (JSON as given to rememberReply) */
  processedReply(requestKey: string): Promise<string | undefined>;

  /** every stored channel binding, oldest first (a later one replaces an earlier one when applied in order) */
  bindings(): Promise<ChannelBinding[]>;
  identityLinks(): Promise<IdentityLink[]>;

  /** what the scheduler did about a piece of due work (`enqueued` or `dropped`), by its key */
  scheduleOutcome(key: string): Promise<string | undefined>;
  /** keys recorded as `enqueued` that start with `prefix` (e.g. every invitation of a meeting), sorted */
  scheduleKeys(prefix: string): Promise<string[]>;

  /**
   * the forums whose next scheduled work is due at `nowUtc`: due_at <= nowUtc ('' is always due), any order.
   * Every insert or update of a meeting, an agenda item or an action makes its (municipality, forum) due now
   * (as markDue does), whoever writes it.
   */
  dueForums(nowUtc: string): Promise<DueForum[]>;

  /** platform conversation handles for proactive messages (a Teams ConversationReference as JSON) */
  conversationRef(key: string): Promise<{ referenceJson: string; reachable: boolean } | undefined>;

  /** a setting kept in the database (e.g. a generated secret) */
  setting(key: string): Promise<string | undefined>;

  outboxMessage(id: number): Promise<OutboxMessage | undefined>;
  /** newest first: `failed` or `unknown` messages of a municipality nobody has resolved (resent or marked done) */
  undeliveredMessages(municipalityId: string, limit: number): Promise<OutboxMessage[]>;
  countUndelivered(municipalityId: string): Promise<number>;

  /** remembered replies whose JSON contains `text` (retention looks for an item's reference) */
  repliesContaining(text: string): Promise<{ requestKey: string; replyJson: string }[]>;
  /** outbox messages (any status) whose view's JSON contains `text`, by id */
  messagesContaining(text: string): Promise<OutboxMessage[]>;
  /** messages a platform keeps that showed this item's texts, recorded with recordDeliveredCopy */
  deliveredCopies(itemRef: string): Promise<DeliveredCopy[]>;

  /** counts for the operator's metrics (/metrics), read when they are scraped */
  operationalCounts(nowUtc: string): Promise<OperationalCounts>;
}

/** Reads and writes inside one transaction. */
export interface StoreTx extends StoreReads {
  /** how many rows this transaction has inserted, updated or deleted so far (did a piece of work change anything?) */
  changeCount(): Promise<number>;

  /** mirror a municipality's configuration (municipality, forums, members); true when anything changed */
  mirrorConfiguration(m: Municipality): Promise<boolean>;

  insertMeeting(m: MeetingRecord, nowUtc: string): Promise<void>;
  updateMeeting(m: MeetingRecord, nowUtc: string): Promise<void>;

  /** the next number of a reference prefix (1, 2, 3 …; atomic, never the same twice) */
  nextItemNumber(prefix: string): Promise<number>;
  insertItem(item: AgendaItem): Promise<void>;
  /** throws when no item has this reference */
  updateItem(item: AgendaItem): Promise<void>;

  /** insert or replace the minutes record of a meeting */
  putMinutes(m: MinutesRecord): Promise<void>;
  /** returns the new entry's id */
  addEntry(e: Omit<MinuteEntry, 'id'>): Promise<number>;
  updateEntry(id: number, text: string): Promise<void>;
  deleteEntry(id: number): Promise<void>;
  /** returns the new action's id */
  addAction(a: Omit<ActionRecord, 'id'>): Promise<number>;
  /** owner, due date, text, status and doneAt */
  updateAction(a: ActionRecord): Promise<void>;
  /** insert or replace a member's attendance at a meeting */
  putAttendance(a: AttendanceRecord, nowUtc: string): Promise<void>;
  /** the answers read back from a meeting's Outlook event, replacing the earlier ones */
  putOutlookResponses(meetingId: string, responses: readonly OutlookResponse[], nowUtc: string): Promise<void>;

  /** insert or replace the consent of a case (a new consent replaces the earlier one) */
  putConsent(c: ConsentRecord): Promise<void>;
  deleteConsent(itemRef: string): Promise<void>;
  /** insert or replace the publication record of a meeting's agenda */
  putPublication(p: Publication): Promise<void>;

  appendAudit(e: AuditEntry): Promise<void>;

  /**
   * Remember the reply to a platform delivery (a retried delivery is answered from it). True when it
   * was stored; false when a reply was already remembered under this key (another instance handled the
   * same delivery first): nothing is changed then.
   */
  rememberReply(requestKey: string, replyJson: string, nowUtc: string): Promise<boolean>;
  /** replace a remembered reply (retention redacts one that showed erased texts) */
  replaceReply(requestKey: string, replyJson: string): Promise<void>;
  /** claim the showing of a request's reply: true the first time only (a retried delivery shows nothing again) */
  claimShown(requestKey: string, nowUtc: string): Promise<boolean>;
  /** the reply could not be shown after all: a retried delivery may show it */
  unclaimShown(requestKey: string): Promise<void>;
  /** forget remembered replies and which were shown, recorded before `beforeUtc` */
  forgetRepliesBefore(beforeUtc: string): Promise<void>;

  /** a message a platform keeps that showed an item's texts (recorded once per platform, message and item) */
  recordDeliveredCopy(copy: DeliveredCopy, nowUtc: string): Promise<void>;
  forgetDeliveredCopies(itemRef: string): Promise<void>;

  /**
   * The channel now belongs to the forum (insert or replace the binding of (platform, channel)), and the
   * forum's other binding on that platform is removed (one channel per forum and platform).
   */
  bindChannel(b: ChannelBinding, boundBy: string, nowUtc: string): Promise<void>;
  /** insert or replace the link of (platform, user) */
  linkIdentity(l: IdentityLink, nowUtc: string): Promise<void>;

  /** record once what was done about a piece of due work (a second record of the key changes nothing) */
  recordSchedule(key: string, outcome: 'enqueued' | 'dropped', nowUtc: string): Promise<void>;

  /**
   * Something changed that may change the scheduled work of these forums of a municipality (forumId ''
   * for its own daily work): each is due now (due_at '', inserted when missing) and its version goes up
   * by one, so that a next-due time worked out before this change is not stored over it.
   */
  markDue(municipalityId: string, forumIds: readonly string[]): Promise<void>;
  /** the forum's work was done: it is due again at `dueAt` — only if its version is still `version` (else nothing changes) */
  setNextDue(municipalityId: string, forumId: string, dueAt: string, version: number): Promise<void>;

  /** insert or replace a conversation handle; it is reachable again */
  saveConversationRef(key: string, referenceJson: string, nowUtc: string): Promise<void>;
  markUnreachable(key: string, nowUtc: string): Promise<void>;

  /** the setting's value, stored as `value` first if there was none */
  ensureSetting(key: string, value: string): Promise<string>;

  /** add a message to the outbox; its id, or undefined (and nothing added) when a message with its key exists */
  enqueueMessage(m: NewOutboxMessage, nowUtc: string): Promise<number | undefined>;
  /**
   * A newer version supersedes the ones still waiting: `pending` messages that replace `replacesKey`,
   * other than `keepKey`, become `expired` (lastError 'superseded by a newer change').
   */
  supersedeWaiting(replacesKey: string, keepKey: string, nowUtc: string): Promise<void>;
  /**
   * People's home views need refreshing (one row per person and platform: `key`, `home`, target kind 'dm',
   * target the person's platform id, view `{"kind":"home","sections":[]}`), each row of `homes`: added as
   * `pending` (notBefore and dueAt nowUtc, never held by quiet hours), or, when the row exists and is not
   * `pending` or `sending`, made `pending` again with attempts, checks, errors, failure, reports and lease
   * cleared. A row being sent right now is marked, so that finishHome makes it pending once more. A
   * municipality's people in one call: every command that changes something refreshes all of them.
   */
  enqueueHomes(municipalityId: string, homes: readonly HomeRow[], nowUtc: string): Promise<void>;
  /** `failed` or `unknown` messages nobody was told about yet (by id), now marked reported (`reportedAt`) */
  takeUnreported(nowUtc: string): Promise<OutboxMessage[]>;
  /** a `failed` or `unknown` message not yet resolved is resolved (`resent:<id>`, `done:<member>`); false when it was not such a message */
  resolveUndelivered(id: number, resolution: string, nowUtc: string): Promise<boolean>;
  /**
   * Retention: a message's content is replaced by `view`; one not sent yet (`pending`) is not sent at all
   * any more (`expired`, lastError 'erased after the retention period'); other statuses stay.
   */
  redactMessage(id: number, view: OutboxMessage['view'], nowUtc: string): Promise<void>;
}

/**
 * Persistence for the core. SQLite (src/store/sqlite) and PostgreSQL implement it; nothing in the core
 * knows which database it is. Every method returns a promise.
 */
export interface SltStore {
  /**
   * Run `fn` in one database transaction: commit when it resolves, roll back when it throws (and rethrow).
   * `fn` must await nothing but `tx` (no network, no timers), and must have no effect outside `tx`: an
   * implementation may run it again after a serialization failure. Transactions do not nest: inside `fn`
   * use `tx`, never `read` or another `transaction`. Throws StorageUnavailableError when nothing can be written.
   */
  transaction<T>(fn: (tx: StoreTx) => Promise<T>): Promise<T>;
  /**
   * Run `fn` in a transaction that may only read: any write it tries fails with a
   * StorageUnavailableError of `kind` (a command that only reads still answers while the database
   * cannot take writes).
   */
  readOnly<T>(fn: (tx: StoreTx) => Promise<T>, kind: StorageUnavailableError['kind']): Promise<T>;
  /** reads outside a transaction (each call sees what was committed; no snapshot across calls) */
  readonly read: StoreReads;
  /** the outbox worker's operations */
  readonly outbox: OutboxQueue;
  /** throws StorageUnavailableError('unwritable') when the database the bot opened is no longer there (deleted, replaced) */
  checkAvailable(): Promise<void>;
  /** why the database cannot take a write right now (readiness; it tries one), or undefined */
  writeProblem(nowUtc: string): Promise<string | undefined>;
  /**
   * After an erasure (retention): no erased bytes stay behind in the database's free space or logs.
   * With `rebuild`, also rebuild the storage so no old page keeps them. Outside any transaction; a
   * busy database leaves the work to the next run.
   */
  eraseFreedSpace(rebuild: boolean): Promise<void>;
  close(): Promise<void>;
}
