import type { OutboxQueue } from '../../core/ports/outbox';
import { StorageUnavailableError, type SltStore, type StoreReads, type StoreTx } from '../../core/ports/store';
import type { Db } from './open-database';
import { OutboxQueueSql } from './outbox-sql';
import { SerialLock } from './serial-lock';
import { SqliteRepository } from './sqlite-repository';
import { type StorageGuard, storageError } from './storage-health';

/** Every read of StoreReads (checked complete by the type below), offered outside transactions. */
const READS = [
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
  'linkIdentity', 'recordSchedule', 'markDue', 'setNextDue', 'saveConversationRef', 'markUnreachable', 'ensureSetting', 'enqueueMessage', 'supersedeWaiting', 'enqueueHome',
  'takeUnreported', 'resolveUndelivered', 'redactMessage',
] as const satisfies readonly (keyof StoreTx)[];
const allListed: Exclude<keyof StoreTx, (typeof READS)[number] | (typeof WRITES)[number] | 'changeCount'> extends never ? true : never = true;
void allListed;
const TX_METHODS: readonly string[] = [...READS, ...WRITES];

/** Every method of a class's prototype (the outbox queue's operations). */
const methodsOf = (proto: object): string[] =>
  Object.getOwnPropertyNames(proto).filter((k) => k !== 'constructor' && typeof (proto as Record<string, unknown>)[k] === 'function');
const QUEUE_METHODS = methodsOf(OutboxQueueSql.prototype);

/** How long work waits for the transaction before it (SQLite's transactions here take milliseconds). */
const LOCK_WAIT_MS = 30_000;

type AnyFn = (...args: unknown[]) => unknown;

/**
 * SltStore on better-sqlite3, which stays synchronous underneath. A transaction takes an in-process
 * lock (one connection), begins with BEGIN IMMEDIATE (the write lock at once; another process holding
 * it makes the bot wait at most BUSY_TIMEOUT_MS and then answer "busy"), awaits `fn` and commits, or
 * rolls back when it throws. Reads outside a transaction wait for a running one, so they only ever
 * see committed data. A tx used after its transaction ended throws instead of writing outside it.
 */
export class SqliteStore implements SltStore {
  readonly read: StoreReads;
  readonly outbox: OutboxQueue;
  private readonly lock = new SerialLock();
  private readonly repo: SqliteRepository;
  private readonly begin;
  private readonly beginDeferred;
  private readonly commit;
  private readonly rollback;

  constructor(readonly db: Db, private readonly guard?: StorageGuard) {
    this.repo = new SqliteRepository(db);
    this.begin = db.prepare('BEGIN IMMEDIATE');
    this.beginDeferred = db.prepare('BEGIN');
    this.commit = db.prepare('COMMIT');
    this.rollback = db.prepare('ROLLBACK');
    const repo = this.repo as unknown as Record<string, AnyFn>;
    const read: Record<string, AnyFn> = {};
    for (const name of READS) read[name] = (...args) => this.exclusive(() => repo[name]!.apply(this.repo, args));
    this.read = read as unknown as StoreReads;
    const queueSql = new OutboxQueueSql(db) as unknown as Record<string, AnyFn>;
    const queue: Record<string, AnyFn> = {};
    for (const name of QUEUE_METHODS) queue[name] = (...args) => this.exclusive(() => queueSql[name]!.apply(queueSql, args));
    this.outbox = queue as unknown as OutboxQueue;
  }

  /** The methods every transaction's StoreTx shares (made once): each checks that its transaction is still running. */
  private readonly txMethods: object = (() => {
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
    return proto;
  })();

  /** Run synchronous work under the lock: at once when nothing holds it, else after the running transaction. */
  private exclusive<T>(work: () => T): Promise<T> {
    if (!this.lock.busy) {
      try {
        return Promise.resolve(work());
      } catch (e) {
        return Promise.reject(storageError(e));
      }
    }
    return this.lock.acquire(LOCK_WAIT_MS).then(() => {
      try {
        return work();
      } catch (e) {
        throw storageError(e);
      } finally {
        this.lock.release();
      }
    });
  }

  /** A StoreTx for one transaction: its methods run the repository's, and refuse once the transaction has ended. */
  private txFor(state: { live: boolean }): StoreTx {
    return Object.assign(Object.create(this.txMethods) as object, { state, repo: this.repo, changesAtStart: this.repo.changeCount() }) as unknown as StoreTx;
  }

  /** `fn` between `begin` and COMMIT (ROLLBACK when it throws), on a StoreTx that refuses once it has ended. */
  private async within<T>(begin: { run(): unknown }, fn: (tx: StoreTx) => Promise<T>, state: { live: boolean }): Promise<T> {
    begin.run();
    try {
      const result = await fn(this.txFor(state));
      this.commit.run();
      return result;
    } catch (e) {
      if (this.db.inTransaction) this.rollback.run();
      throw e;
    }
  }

  async transaction<T>(fn: (tx: StoreTx) => Promise<T>): Promise<T> {
    await this.lock.acquire(LOCK_WAIT_MS);
    const state = { live: true };
    try {
      this.guard?.checkFile();
      return await this.within(this.begin, fn, state);
    } catch (e) {
      throw storageError(e);
    } finally {
      state.live = false;
      this.lock.release();
    }
  }

  async readOnly<T>(fn: (tx: StoreTx) => Promise<T>, kind: StorageUnavailableError['kind']): Promise<T> {
    await this.lock.acquire(LOCK_WAIT_MS);
    const state = { live: true };
    const before = Number(this.db.pragma('query_only', { simple: true }));
    this.db.pragma('query_only = ON');
    try {
      return await this.within(this.beginDeferred, fn, state);
    } catch (e) {
      const err = storageError(e);
      throw err instanceof StorageUnavailableError ? new StorageUnavailableError(kind, err.message) : err;
    } finally {
      state.live = false;
      this.db.pragma(`query_only = ${before ? 'ON' : 'OFF'}`);
      this.lock.release();
    }
  }

  async checkAvailable(): Promise<void> {
    this.guard?.checkFile();
  }

  writeProblem(nowUtc: string): Promise<string | undefined> {
    return this.exclusive(() => this.guard?.writeProblem(nowUtc));
  }

  /**
   * The write-ahead log is checkpointed and truncated (old page images in it held the texts), and with
   * `rebuild` the file is vacuumed, so no free page keeps bytes from before secure_delete was on.
   */
  eraseFreedSpace(rebuild: boolean): Promise<void> {
    return this.exclusive(() => {
      this.db.pragma('wal_checkpoint(TRUNCATE)');
      if (!rebuild) return;
      this.db.exec('VACUUM');
      this.db.pragma('wal_checkpoint(TRUNCATE)');
    });
  }

  close(): Promise<void> {
    return this.exclusive(() => {
      if (this.db.open) this.db.close();
    });
  }
}

