import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { StartupError } from '../../startup-error';
import type { NewDatabasePolicy } from '../sqlite/database-identity';
import { messageOf } from '../sqlite/storage-faults';
import { migratePostgres, postgresSchemaVersion } from './migrate-postgres';
import { StorageUnavailableError } from '../../core/ports/store';
import { pgStorageError, redactedUrl } from './pg-faults';
import { PostgresStore, STATEMENT_TIMEOUT } from './postgres-store';
import type { Log } from '../../observability/logger';

/**
 * Connections per bot instance (DATABASE_POOL_SIZE). Node runs one thing at a time and a transaction
 * never waits for the network, so a few connections keep one instance busy; 5 per instance leaves room
 * for three instances and an operator's tools within small managed servers' connection limits (and far
 * below PostgreSQL's default max_connections of 100).
 */
export const DEFAULT_POOL_SIZE = 5;

/**
 * Every connection of the bot: a write waits at most LOCK_TIMEOUT_MS for another transaction's row lock
 * before the command is answered "busy", a statement runs at most STATEMENT_TIMEOUT, and a connection
 * left inside an open transaction (a process frozen mid-transaction) is closed by the server after a
 * minute, releasing its locks. Set as startup options of each connection; `options` an operator put in
 * DATABASE_URL come after them and win.
 */
export const LOCK_TIMEOUT_MS = 5_000;

export function withSessionSettings(url: string, lockTimeoutMs = LOCK_TIMEOUT_MS): string {
  const ours = `-c lock_timeout=${lockTimeoutMs} -c statement_timeout=${STATEMENT_TIMEOUT} -c idle_in_transaction_session_timeout=60s`;
  try {
    const u = new URL(url);
    const theirs = u.searchParams.get('options');
    u.searchParams.set('options', theirs ? `${ours} ${theirs}` : ours);
    return u.toString();
  } catch {
    return url; // not a URL (pg reports it when connecting)
  }
}

export function createPool(url: string, max: number, log?: Log, lockTimeoutMs = LOCK_TIMEOUT_MS): pg.Pool {
  const pool = new pg.Pool({ connectionString: withSessionSettings(url, lockTimeoutMs), max, connectionTimeoutMillis: 5_000, idleTimeoutMillis: 30_000, application_name: 'slt-bot' });
  // a connection that breaks while idle is dropped by the pool; the next query opens another
  pool.on('error', (e) => log?.warn({ event: 'database.connection-lost' }, `postgres: a connection failed while idle (${messageOf(e).split('\n')[0]}); the pool opens a new one when needed`));
  // a connection that breaks while in use fails its query (handled there), never the process
  pool.on('connect', (client) => void client.on('error', () => {}));
  return pool;
}

export interface OpenPostgresOptions {
  url: string;
  poolSize?: number;
  policy: NewDatabasePolicy;
  nowUtc: string;
  log?: Log;
  /** how long a write waits for another transaction's lock before it is answered "busy" (default LOCK_TIMEOUT_MS) */
  lockTimeoutMs?: number;
}

const reason = (e: unknown) => {
  const code = (e as { code?: unknown }).code;
  return `${typeof code === 'string' ? `${code}: ` : ''}${messageOf(e).split('\n')[0]}`;
};

const CHECK_WRITABLE = "check that the bot's user may write it and that the server is not read-only";
const HOW_TO_ACCEPT = 'start once with --new-database (or SLT_NEW_DATABASE=yes)';

/**
 * Open the bot's PostgreSQL database for a long run: reachable, migrated (every instance may start at
 * once), writable, and never silently an empty database where a deployment expects its data: a
 * database without the bot's tables is only set up with --new-database when Slack or Teams is
 * configured (or NODE_ENV=production). Each start-up problem is one line naming DATABASE_URL (its
 * password hidden).
 */
export async function openPostgres(o: OpenPostgresOptions): Promise<PostgresStore> {
  const where = redactedUrl(o.url);
  const pool = createPool(o.url, o.poolSize ?? DEFAULT_POOL_SIZE, o.log, o.lockTimeoutMs);
  try {
    let version: number;
    try {
      version = await postgresSchemaVersion(pool);
    } catch (e) {
      throw new StartupError(`PostgreSQL at ${where} (DATABASE_URL) cannot be reached (${reason(e)}): check the address, that the server runs and that it accepts the bot's user and password`);
    }
    if (version === 0 && o.policy.requireExisting && !o.policy.allowNew) {
      throw new StartupError(`The PostgreSQL database ${where} (DATABASE_URL) has no SLT tables yet: to set up a new, empty one there, ${HOW_TO_ACCEPT}`);
    }
    try {
      await migratePostgres(pool, undefined, o.nowUtc);
    } catch (e) {
      if (/newer than this program knows/.test(messageOf(e))) throw new StartupError(`The PostgreSQL database ${where}: ${messageOf(e)}`);
      if (pgStorageError(e) instanceof StorageUnavailableError) throw new StartupError(`The PostgreSQL database ${where} cannot be written (${reason(e)}): ${CHECK_WRITABLE}`);
      throw new StartupError(`The PostgreSQL database ${where} cannot be brought up to date (${reason(e)}): check that the bot's user may create tables there`);
    }
    await pool.query('INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING', ['database-id', randomUUID()]);
    const identity = String((await pool.query("SELECT value FROM settings WHERE key = 'database-id'")).rows[0]?.value);
    const store = new PostgresStore(pool, identity);
    const problem = await store.writeProblem(o.nowUtc);
    if (problem) throw new StartupError(`The PostgreSQL database ${where} cannot be written (${problem}): ${CHECK_WRITABLE}`);
    if (version === 0) o.log?.info({ event: 'database.created', database: where }, `created the SLT tables in the empty PostgreSQL database ${where}`);
    return store;
  } catch (e) {
    await pool.end().catch(() => {});
    if (e instanceof StartupError) throw e;
    if (pgStorageError(e) instanceof StorageUnavailableError) throw new StartupError(`The PostgreSQL database ${where} cannot be written (${reason(e)}): ${CHECK_WRITABLE}`);
    throw new StartupError(`The PostgreSQL database ${where} cannot be opened (${reason(e)})`);
  }
}
