import type { OutboxQueue } from '../../core/ports/outbox';
import { StorageUnavailableError, type SltStore, type StoreReads, type StoreTx } from '../../core/ports/store';
import type { Db } from './open-database';
import { OutboxQueueSql } from './outbox-sql';
import { SerialLock } from './serial-lock';
import { SqliteRepository } from './sqlite-repository';
import { messageOf } from './storage-faults';
import { type StorageGuard, storageError } from './storage-health';
import { type AnyFn, READS, TX_PROTO, type TxState } from './tx-methods';

/** Every method of a class's prototype (the outbox queue's operations). */
const methodsOf = (proto: object): string[] =>
  Object.getOwnPropertyNames(proto).filter((k) => k !== 'constructor' && typeof (proto as Record<string, unknown>)[k] === 'function');
const QUEUE_METHODS = methodsOf(OutboxQueueSql.prototype);

/** How long work waits for the transaction before it (SQLite's transactions here take milliseconds). */
const LOCK_WAIT_MS = 30_000;

/** How many transactions one COMMIT takes at most (more wait for the next). */
const MAX_BATCH = 64;

/** A transaction whose work is done, waiting for the COMMIT of its batch. */
interface Waiting {
  resolve(): void;
  reject(e: unknown): void;
}

/**
 * SltStore on better-sqlite3, which stays synchronous underneath. A transaction takes an in-process
 * lock (one connection) and runs `fn` inside the batch's SQL transaction: the first of a batch begins
 * it with BEGIN IMMEDIATE (the write lock at once; another process holding it makes the bot wait at
 * most BUSY_TIMEOUT_MS and then answer "busy"), each later one runs inside its own SAVEPOINT, so one
 * that throws is rolled back alone. Transactions that arrive while the batch is open (other requests
 * handled before the event loop's next turn) join it; it is committed at that next turn (setImmediate),
 * at MAX_BATCH, or before anything else uses the connection. A transaction's promise resolves only
 * after the COMMIT that stored it succeeded; a failing COMMIT rejects every transaction of the batch.
 * Reads outside a transaction (`read`) only ever see committed data: on a file they run on a read-only
 * second connection (`reader`), which sees the last COMMIT and never waits; without one (':memory:')
 * they wait for a running transaction and commit an open batch first, as the outbox worker's
 * operations (which write) always do. A tx used after its transaction ended throws instead of writing
 * outside it.
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
  private readonly savepoint;
  private readonly releaseSavepoint;
  private readonly rollbackSavepoint;
  /** the transactions of the open batch (its SQL transaction is running), waiting for its COMMIT */
  private batch: Waiting[] | undefined;
  /** the home rows that transactions of the open batch queued and kept (not rolled back): see enqueueHomes in tx-methods.ts */
  private readonly batchHomes = new Set<string>();

  constructor(readonly db: Db, private readonly guard?: StorageGuard, private readonly reader?: Db) {
    this.repo = new SqliteRepository(db);
    this.begin = db.prepare('BEGIN IMMEDIATE');
    this.beginDeferred = db.prepare('BEGIN');
    this.commit = db.prepare('COMMIT');
    this.rollback = db.prepare('ROLLBACK');
    this.savepoint = db.prepare('SAVEPOINT batch_member');
    this.releaseSavepoint = db.prepare('RELEASE batch_member');
    this.rollbackSavepoint = db.prepare('ROLLBACK TO batch_member');
    const repo = this.repo as unknown as Record<string, AnyFn>;
    const read: Record<string, AnyFn> = {};
    const readerRepo = reader && (new SqliteRepository(reader) as unknown as Record<string, AnyFn>);
    for (const name of READS) {
      read[name] = readerRepo
        ? (...args) => {
          try {
            return Promise.resolve(readerRepo[name]!.apply(readerRepo, args));
          } catch (e) {
            return Promise.reject(storageError(e));
          }
        }
        : (...args) => this.exclusive(() => repo[name]!.apply(this.repo, args));
    }
    this.read = read as unknown as StoreReads;
    const queueSql = new OutboxQueueSql(db) as unknown as Record<string, AnyFn>;
    const queue: Record<string, AnyFn> = {};
    for (const name of QUEUE_METHODS) queue[name] = (...args) => this.exclusive(() => queueSql[name]!.apply(queueSql, args));
    this.outbox = queue as unknown as OutboxQueue;
  }


  /**
   * Run synchronous work under the lock: at once when nothing holds it, else after the running
   * transaction; an open batch is committed first (the work sees only committed data, and may begin
   * transactions of its own).
   */
  private exclusive<T>(work: () => T): Promise<T> {
    if (!this.lock.busy) {
      try {
        this.commitBatch();
        return Promise.resolve(work());
      } catch (e) {
        return Promise.reject(storageError(e));
      }
    }
    return this.lock.acquire(LOCK_WAIT_MS).then(() => {
      try {
        this.commitBatch();
        return work();
      } catch (e) {
        throw storageError(e);
      } finally {
        this.lock.release();
      }
    });
  }

  /** A StoreTx for one transaction: its methods run the repository's, and refuse once the transaction has ended. */
  private txFor(state: { live: boolean }): { tx: StoreTx; own: TxState } {
    const own: TxState = {
      state, repo: this.repo as unknown as Record<string, AnyFn>, changesAtStart: this.repo.changeCount(), remembered: new Map(), forgot: 0, homes: [], batchHomes: this.batchHomes,
    };
    return { tx: Object.assign(Object.create(TX_PROTO) as object, own) as unknown as StoreTx, own };
  }

  /** `fn` between `begin` and COMMIT (ROLLBACK when it throws), on a StoreTx that refuses once it has ended. */
  private async within<T>(begin: { run(): unknown }, fn: (tx: StoreTx) => Promise<T>, state: { live: boolean }): Promise<T> {
    begin.run();
    try {
      const result = await fn(this.txFor(state).tx);
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
    let result: T;
    let committed: Promise<void>;
    try {
      result = await this.inBatch(fn, state);
      committed = new Promise<void>((resolve, reject) => this.batch!.push({ resolve, reject }));
      if (this.batch!.length >= MAX_BATCH) this.commitBatch();
    } catch (e) {
      throw storageError(e);
    } finally {
      state.live = false;
      this.lock.release();
    }
    await committed;
    return result;
  }

  /**
   * `fn` inside the open batch (begun for it when none is open): the first of a batch runs in the SQL
   * transaction itself (when it throws, there is nothing else in it: ROLLBACK), each later one in a
   * SAVEPOINT rolled back alone when it throws. When SQLite itself rolled the whole transaction back
   * (it does on some I/O errors), every transaction of the batch is lost and fails.
   */
  private async inBatch<T>(fn: (tx: StoreTx) => Promise<T>, state: { live: boolean }): Promise<T> {
    const first = !this.batch;
    if (first) {
      this.begin.run();
      this.batch = [];
      setImmediate(this.commitSoon);
    } else {
      this.savepoint.run();
    }
    const { tx, own } = this.txFor(state);
    try {
      const result = await fn(tx);
      if (!this.db.inTransaction) throw new Error('store: SQLite rolled the transaction back while it ran (an error inside it was caught?)');
      if (!first) this.releaseSavepoint.run();
      for (const key of own.homes) this.batchHomes.add(key);
      return result;
    } catch (e) {
      this.undo(first, e);
      throw e;
    }
  }

  /** After a transaction of the batch threw: its work undone, or the whole batch failed when that is impossible. */
  private undo(first: boolean, e: unknown): void {
    try {
      if (this.db.inTransaction) {
        if (first) {
          this.rollback.run();
          this.endBatch();
          return;
        }
        this.rollbackSavepoint.run();
        this.releaseSavepoint.run();
        return;
      }
    } catch {
      // the rollback failed too: the batch cannot be trusted
    }
    this.failBatch(e);
  }

  /** Every waiting transaction of the batch rejected (with the storage error `e` names), the SQL transaction rolled back. */
  private failBatch(e: unknown): void {
    const waiting = this.batch ?? [];
    this.endBatch();
    try {
      if (this.db.inTransaction) this.rollback.run();
    } catch {
      // nothing more to undo: the connection's own rollback on the next BEGIN
    }
    const err = storageError(e);
    const reason = err instanceof StorageUnavailableError ? err : new StorageUnavailableError('unwritable', `the database rolled back a batch of transactions: ${messageOf(e)}`);
    for (const w of waiting) w.reject(reason);
  }

  /**
   * The open batch committed (the database file checked first: never acknowledged into a file that was
   * deleted or replaced), its transactions resolved; or, when that fails, all of them rejected. Called
   * under the lock, between transactions.
   */
  private commitBatch(): void {
    const waiting = this.batch;
    if (!waiting) return;
    try {
      this.guard?.checkFile();
      this.commit.run();
    } catch (e) {
      this.failBatch(e);
      return;
    }
    this.endBatch();
    for (const w of waiting) w.resolve();
  }

  /** No batch open any more (committed, rolled back or failed). */
  private endBatch(): void {
    this.batch = undefined;
    this.batchHomes.clear();
  }

  /** The open batch committed at the event loop's next turn (after the transactions of this one joined it). */
  private readonly commitSoon = (): void => {
    if (this.batch) this.exclusive(() => undefined).catch(() => setImmediate(this.commitSoon));
  };

  async readOnly<T>(fn: (tx: StoreTx) => Promise<T>, kind: StorageUnavailableError['kind']): Promise<T> {
    await this.lock.acquire(LOCK_WAIT_MS);
    this.commitBatch(); // never throws: a failing COMMIT rejects its own transactions
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
      // the reader first: the last connection to close checkpoints the WAL into the file and removes it
      if (this.reader?.open) this.reader.close();
      if (this.db.open) this.db.close();
    });
  }
}

