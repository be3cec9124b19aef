import type { SltStore } from '../core/ports/store';
import type { Log } from '../observability/logger';
import { redactedUrl } from './postgres/pg-faults';
import type { NewDatabasePolicy } from './sqlite/database-identity';
import { openSqliteStore } from './sqlite/open-sqlite-store';

export interface StoreChoice {
  /** DATABASE_URL: PostgreSQL when set */
  databaseUrl?: string | undefined;
  /** SLT_DB: the SQLite file otherwise */
  dbFile: string;
  /** DATABASE_POOL_SIZE (PostgreSQL) */
  poolSize?: number | undefined;
}

/** Where the data is, for the log: the SQLite file, or the PostgreSQL URL without its password. */
export const describeStore = (c: StoreChoice): string => (c.databaseUrl ? `PostgreSQL ${redactedUrl(c.databaseUrl)}` : c.dbFile);

/**
 * The bot's store: PostgreSQL when DATABASE_URL is set, else the SQLite file (SLT_DB), as before. Both
 * are opened for a long run the same way: migrated, checked writable, never silently an empty database
 * where a deployment expects one (`policy`); a problem is a StartupError of one line naming the variable.
 */
export async function openStore(c: StoreChoice, o: { policy: NewDatabasePolicy; nowUtc: string; log?: Log }): Promise<SltStore> {
  if (c.databaseUrl) {
    // loaded only when chosen: `pg` costs the SQLite start (the default) some 25 ms
    const { openPostgres } = await import('./postgres/open-postgres');
    return openPostgres({ url: c.databaseUrl, policy: o.policy, nowUtc: o.nowUtc, ...(c.poolSize ? { poolSize: c.poolSize } : {}), ...(o.log ? { log: o.log } : {}) });
  }
  return openSqliteStore(c.dbFile, { policy: o.policy, nowUtc: o.nowUtc, ...(o.log ? { log: o.log } : {}) });
}
