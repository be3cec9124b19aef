import type { HomeRow, StoreReads, StoreTx } from '../../core/ports/store';
import { storageError } from './storage-health';
import type { SqliteRepository } from './sqlite-repository';

// The methods of a transaction's StoreTx on SQLite (SqliteStore gives each transaction an object whose prototype is
// TX_PROTO): the repository's reads and writes, refused once the transaction has ended, with the reads a transaction
// remembers and the home rows a batch has queued.

/** Every read of StoreReads (checked complete by the type below), offered outside transactions. */
export const READS = [
  'meetingsOfForum', 'meeting', 'upcomingMeetings', 'item', 'itemsOfMeeting', 'itemsOfSubmitter', 'ownItemsOfForum', 'itemsRaisedFrom', 'itemsInStatesOfStartedMeetings', 'itemsBetween',
  'minutes', 'entriesOfMeeting', 'action', 'actionsOfForum', 'actionsOfOwner', 'actionsOfMeeting', 'attendanceOf', 'outlookResponses', 'consent', 'publication',
  'auditOfItem', 'processedReply', 'bindings', 'identityLinks', 'scheduleOutcome', 'scheduleKeys', 'dueForums', 'conversationRef', 'setting', 'outboxMessage',
  'undeliveredMessages', 'countUndelivered', 'repliesContaining', 'messagesContaining', 'deliveredCopies', 'operationalCounts',
] as const satisfies readonly (keyof StoreReads)[];
/** Every write of StoreTx but changeCount (which counts from the transaction's start), checked complete below. */
const WRITES = [
  'mirrorConfiguration', 'insertMeeting', 'updateMeeting', 'nextItemNumber', 'insertItem', 'updateItem', 'putMinutes', 'addEntry', 'updateEntry',
  'deleteEntry', 'addAction', 'updateAction', 'putAttendance', 'putOutlookResponses', 'putConsent', 'deleteConsent', 'putPublication', 'appendAudit',
  'rememberReply', 'replaceReply', 'claimShown', 'unclaimShown', 'forgetRepliesBefore', 'recordDeliveredCopy', 'forgetDeliveredCopies', 'bindChannel',
  'linkIdentity', 'recordSchedule', 'markDue', 'setNextDue', 'saveConversationRef', 'markUnreachable', 'ensureSetting', 'enqueueMessage', 'supersedeWaiting', 'enqueueHomes',
  'takeUnreported', 'resolveUndelivered', 'redactMessage',
] as const satisfies readonly (keyof StoreTx)[];
const allListed: Exclude<keyof StoreTx, (typeof READS)[number] | (typeof WRITES)[number] | 'changeCount'> extends never ? true : never = true;
void allListed;
const TX_METHODS: readonly string[] = [...READS, ...WRITES];

export type AnyFn = (...args: unknown[]) => unknown;

/**
 * What each transaction's StoreTx holds: whether it still runs, the repository, the answers of reads it remembers,
 * the home rows it queued, and those that transactions before it in its batch queued (see enqueueHomes below).
 */
export interface TxState {
  state: { live: boolean };
  repo: Record<string, AnyFn>;
  changesAtStart: number;
  /** the answers of the REMEMBERED reads, by read and key */
  remembered: Map<string, Map<string, unknown>>;
  /** how many writes made this transaction forget answers: a read's answer that arrives after one is not kept */
  forgot: number;
  homes: string[];
  batchHomes: Set<string>;
}

/** A read a transaction remembers (one argument, its key), the writes that change what it reads, and how its answer is copied for a caller. */
interface Remembered {
  writes: readonly (typeof WRITES)[number][];
  copy(answer: unknown): unknown;
}
const shallow = (a: unknown): unknown => (a && typeof a === 'object' ? { ...a } : a);
const REMEMBERED: Partial<Record<(typeof READS)[number], Remembered>> = {
  meeting: { writes: ['insertMeeting', 'updateMeeting'], copy: shallow },
  publication: { writes: ['putPublication'], copy: shallow },
  itemsRaisedFrom: { writes: ['insertItem', 'updateItem'], copy: (items) => (items as unknown[]).map(shallow) },
};

/** The outbox's writes besides queueing messages and homes: any of them may change a home row (see enqueueHomes below). */
const OTHER_OUTBOX_WRITES = ['supersedeWaiting', 'takeUnreported', 'resolveUndelivered', 'redactMessage'] as const satisfies readonly (typeof WRITES)[number][];

/** The methods every transaction's StoreTx shares (made once): each checks that its transaction is still running. */
export const TX_PROTO: object = (() => {
  const proto: Record<string, AnyFn> = {
    changeCount(this: { state: { live: boolean }; repo: SqliteRepository; changesAtStart: number }) {
      if (!this.state.live) return Promise.reject(new Error('store: changeCount was called after its transaction ended (a missing await?)'));
      return Promise.resolve(this.repo.changeCount() - this.changesAtStart);
    },
  };
  for (const name of TX_METHODS) {
    proto[name] = function (this: { state: { live: boolean }; repo: Record<string, AnyFn> }, ...args: unknown[]) {
      if (!this.state.live) return Promise.reject(new Error(`store: ${name} was called after its transaction ended (a missing await?)`));
      try {
        return Promise.resolve(this.repo[name]!.apply(this.repo, args));
      } catch (e) {
        return Promise.reject(storageError(e));
      }
    };
  }
  // A command reads the same rows several times (its item's card, the visibility rule's facts, the reply, the
  // notices): within one transaction each answer of these reads is read once. Only this transaction writes while
  // it runs (the store's lock), and it changes what they read only through the writes listed with each, which
  // forget that read's answers. Each caller gets its own copy.
  for (const [name, { writes, copy }] of Object.entries(REMEMBERED)) {
    const read = proto[name]!;
    proto[name] = function (this: TxState, key: unknown) {
      const answers = this.remembered.get(name);
      if (this.state.live && answers?.has(key as string)) return Promise.resolve(copy(answers.get(key as string)));
      // the answer is read now and arrives later: a write meanwhile (a caller that did not await the read) makes it old
      const forgot = this.forgot;
      return (read.call(this, key) as Promise<unknown>).then((answer) => {
        if (this.state.live && this.forgot === forgot) this.remembered.set(name, (this.remembered.get(name) ?? new Map<string, unknown>()).set(key as string, answer));
        return copy(answer);
      });
    };
    for (const w of writes) {
      const write = proto[w]!;
      proto[w] = function (this: TxState, ...args: unknown[]) {
        this.remembered.delete(name);
        this.forgot++;
        return write.apply(this, args);
      };
    }
  }
  // A forum's meetings, as its lists return them, are the rows `meeting` reads: remembered for it as well (a
  // command finds its meeting among the upcoming ones, then reads it again for its card and the notice).
  const meetingAnswers = (tx: TxState): Map<string, unknown> => {
    let answers = tx.remembered.get('meeting');
    if (!answers) tx.remembered.set('meeting', (answers = new Map()));
    return answers;
  };
  for (const name of ['upcomingMeetings', 'meetingsOfForum'] as const) {
    const read = proto[name]!;
    proto[name] = function (this: TxState, ...args: unknown[]) {
      const forgot = this.forgot;
      return (read.apply(this, args) as Promise<{ id: string }[]>).then((meetings) => {
        if (this.state.live && this.forgot === forgot) for (const m of meetings) meetingAnswers(this).set(m.id, REMEMBERED.meeting!.copy(m));
        return meetings;
      });
    };
  }
  // Every command that changes something queues the home of each member of its municipality. A home row
  // that a transaction before this one in the same batch queued is pending (or being sent and marked to
  // go again) until the batch ends: nothing else changes it meanwhile (the worker's operations commit the
  // batch first; the outbox's other writes forget these rows), so queueing it again would change nothing.
  // A transaction's rows count for those after it only once it has kept them (a rolled back one's do not).
  const enqueueHomes = proto.enqueueHomes!;
  proto.enqueueHomes = function (this: TxState, municipalityId: unknown, homes: unknown, nowUtc: unknown) {
    const fresh = this.state.live ? (homes as readonly HomeRow[]).filter((h) => !this.batchHomes.has(h.key)) : homes as readonly HomeRow[];
    if (this.state.live && !fresh.length) return Promise.resolve();
    return (enqueueHomes.call(this, municipalityId, fresh, nowUtc) as Promise<void>).then(() => {
      for (const h of fresh) this.homes.push(h.key);
    });
  };
  for (const name of OTHER_OUTBOX_WRITES) {
    const write = proto[name]!;
    proto[name] = function (this: TxState, ...args: unknown[]) {
      this.batchHomes.clear();
      this.homes.length = 0;
      return write.apply(this, args);
    };
  }
  return proto;
})();
