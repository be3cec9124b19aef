import type { Log } from '../../observability/logger';
import type { NewDatabasePolicy } from './database-identity';
import { openReader } from './open-database';
import { openStorage } from './open-storage';
import { BUSY_TIMEOUT_MS } from './storage-health';
import { SqliteStore } from './sqlite-store';

export interface SqliteOpenOptions {
  /** whether a missing database may be created (default: yes, except where a marker says one existed) */
  policy?: NewDatabasePolicy;
  /** now, for the identity marker and the first write check */
  nowUtc?: string;
  log?: Log;
}

/**
 * The bot's SQLite store on `file` (or ':memory:'): opened, migrated, checked writable, its identity
 * stamped (see openStorage), with a read-only second connection for reads outside transactions (a
 * file only). Throws a StartupError naming the file when it cannot be used.
 */
export async function openSqliteStore(file: string, opts: SqliteOpenOptions = {}): Promise<SqliteStore> {
  const { db, guard } = openStorage(file, opts.policy ?? {}, opts.nowUtc ?? new Date().toISOString(), opts.log);
  return new SqliteStore(db, guard, file === ':memory:' ? undefined : openReader(file, BUSY_TIMEOUT_MS));
}
