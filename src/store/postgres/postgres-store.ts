import type pg from 'pg';
import type { OutboxQueue } from '../../core/ports/outbox';
import { type SltStore, type StoreReads, type StoreTx, StorageUnavailableError } from '../../core/ports/store';
import { messageOf } from '../sqlite/storage-faults';
import { isBrokenConnection, isSerializationFailure, isUniqueConflict, pgStorageError } from './pg-faults';
import { PgOutboxQueue } from './pg-outbox-queue';
import { PgReads, type Queryable } from './pg-reads';
import { PgTx } from './pg-tx';

/**
 * How often a transaction runs again after PostgreSQL aborted it for a conflict with another
 * instance's transaction (serialization failure, deadlock) before the command is answered "busy".
 */
export const SERIALIZATION_ATTEMPTS = 12;

/**
 * How often a core transaction runs in all when it meets a unique key another instance inserted at the
 * same moment (two instances planning the same new meetings): run again, it finds that row. A violation
 * that is no race fails the same way each time and is thrown as it is after these runs.
 */
export const UNIQUE_CONFLICT_ATTEMPTS = 3;

/** the longest a statement of the bot may run (set on every connection, see open-postgres.ts) */
export const STATEMENT_TIMEOUT = '60s';

/** The tables whose rows retention rewrites or deletes (item texts, consents, remembered replies, outbox payloads). */
const ERASED_TABLES = ['agenda_items', 'consents', 'processed_requests', 'shown_replies', 'outbox', 'delivered_copies'];

const pause = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** A pool whose errors are the core's storage errors (busy, unwritable) where they are storage faults. */
const mapped = (pool: pg.Pool): Queryable => ({
  query: (text, values) => pool.query(text, values).catch((e: unknown) => { throw pgStorageError(e); }),
});

/**
 * SltStore on PostgreSQL (`pg`, raw parameterised SQL). The core's transactions run SERIALIZABLE: a
 * command reads and then writes (approve reads the item's state, then changes it), and when two
 * instances do that to the same rows at once PostgreSQL aborts one of them (40001/40P01); `fn` then runs
 * again on fresh data, up to SERIALIZATION_ATTEMPTS times, and the command gives the answer the second
 * state calls for (e.g. "already approved"). The outbox worker's calls are short READ COMMITTED
 * statements with row locks (pg-outbox-queue.ts).
 */
export class PostgresStore implements SltStore {
  readonly read: StoreReads;
  readonly outbox: OutboxQueue;

  /**
   * @param identity the database's identity (settings `database-id`) when it was opened: checkAvailable
   *   notices when DATABASE_URL now leads to another database (restored or replaced under the bot)
   */
  constructor(readonly pool: pg.Pool, private readonly identity?: string) {
    const q = mapped(pool);
    this.read = new PgReads(q);
    this.outbox = new PgOutboxQueue(q, (fn) => this.withConnection('READ COMMITTED', false, fn));
  }

  transaction<T>(fn: (tx: StoreTx) => Promise<T>): Promise<T> {
    return this.withConnection('SERIALIZABLE', false, (c) => fn(new PgTx(c)));
  }

  async readOnly<T>(fn: (tx: StoreTx) => Promise<T>, kind: StorageUnavailableError['kind']): Promise<T> {
    try {
      return await this.withConnection('REPEATABLE READ', true, (c) => fn(new PgTx(c)));
    } catch (e) {
      throw e instanceof StorageUnavailableError ? new StorageUnavailableError(kind, e.message) : e;
    }
  }

  /**
   * One transaction on a connection of its own: committed when `fn` resolves, rolled back when it
   * throws; run again after a serialization failure or deadlock (with a short random pause, so two
   * instances that collided do not collide again at once), and a SERIALIZABLE one after a unique
   * violation (UNIQUE_CONFLICT_ATTEMPTS).
   */
  private async withConnection<T>(isolation: 'SERIALIZABLE' | 'REPEATABLE READ' | 'READ COMMITTED', readOnly: boolean, fn: (c: Queryable) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      let client: pg.PoolClient;
      try {
        client = await this.pool.connect();
      } catch (e) {
        throw pgStorageError(e);
      }
      let broken: unknown;
      try {
        await client.query(`BEGIN ISOLATION LEVEL ${isolation}${readOnly ? ' READ ONLY' : ''}`);
        const result = await fn(client);
        await client.query('COMMIT');
        return result;
      } catch (e) {
        await client.query('ROLLBACK').catch((r: unknown) => { broken = r; });
        if (isBrokenConnection(e)) broken = e;
        const conflict = (isSerializationFailure(e) && attempt < SERIALIZATION_ATTEMPTS)
          || (isolation === 'SERIALIZABLE' && isUniqueConflict(e) && attempt < UNIQUE_CONFLICT_ATTEMPTS);
        if (conflict) {
          await pause(Math.random() * Math.min(5 * 2 ** attempt, 200));
          continue;
        }
        throw pgStorageError(e);
      } finally {
        client.release(broken instanceof Error ? broken : undefined);
      }
    }
  }

  async checkAvailable(): Promise<void> {
    const id = await this.read.setting('database-id');
    if (this.identity && id !== this.identity) {
      throw new StorageUnavailableError('unwritable', `DATABASE_URL now leads to another database (identity ${id ?? 'none'}, but the bot opened ${this.identity}): restored or replaced while the bot ran`);
    }
  }

  async writeProblem(nowUtc: string): Promise<string | undefined> {
    try {
      await this.checkAvailable();
      await this.pool.query("INSERT INTO settings (key, value) VALUES ('last-write-check', $1) ON CONFLICT (key) DO UPDATE SET value = excluded.value", [nowUtc]);
      return undefined;
    } catch (e) {
      return messageOf(pgStorageError(e));
    }
  }

  /**
   * After an erasure. PostgreSQL has no secure_delete: an UPDATE or DELETE leaves the old row version in
   * its page until VACUUM reclaims the space (and VACUUM marks it free, it does not zero it). With
   * `rebuild`, VACUUM FULL writes each table holding erased texts anew, so the current data files no
   * longer contain them. What stays outside the bot's reach (WAL segments until recycled, WAL archives,
   * backups, replicas, the file system's freed blocks) is stated in the README.
   * A table another instance is using (lock_timeout) is left to the next day's run.
   */
  async eraseFreedSpace(rebuild: boolean): Promise<void> {
    let client: pg.PoolClient;
    try {
      client = await this.pool.connect();
    } catch (e) {
      throw pgStorageError(e);
    }
    try {
      await client.query('SET statement_timeout = 0'); // a large outbox may take longer than a statement's usual limit
      for (const table of ERASED_TABLES) await client.query(`VACUUM ${rebuild ? '(FULL) ' : ''}${table}`);
    } catch (e) {
      const err = pgStorageError(e);
      if (!(err instanceof StorageUnavailableError && err.kind === 'busy')) throw err;
    } finally {
      await client.query(`SET statement_timeout = '${STATEMENT_TIMEOUT}'`).catch(() => {});
      client.release();
    }
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
