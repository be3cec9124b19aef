import type { Pool } from 'pg';
import { type Migration, MIGRATIONS } from '../migrations';

/** The advisory lock every instance takes before it looks at or changes the schema (an arbitrary constant of this program). */
export const MIGRATION_LOCK_KEY = 7_402_019;

/**
 * Bring a PostgreSQL database's schema up to date: the same migrations, in the same order and with the
 * same numbers, as SQLite's `PRAGMA user_version` (`schema_version` holds one row per applied migration).
 * Each migration runs in its own transaction under a transaction-level advisory lock, so several
 * instances starting at once apply each migration exactly once (the others wait, then see it done), and a
 * migration that fails leaves nothing half done. Returns the schema version.
 */
export async function migratePostgres(pool: Pool, migrations: readonly Migration[] = MIGRATIONS, nowUtc = new Date().toISOString()): Promise<number> {
  const client = await pool.connect();
  try {
    for (;;) {
      await client.query('BEGIN');
      try {
        await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
        // (created only when missing: a database that is up to date is also opened where writing is refused)
        const exists = (await client.query("SELECT to_regclass('schema_version') IS NOT NULL AS e")).rows[0]?.e;
        if (!exists) await client.query('CREATE TABLE schema_version (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)');
        const current = Number((await client.query<{ v: number }>('SELECT COALESCE(MAX(version), 0)::int AS v FROM schema_version')).rows[0]?.v ?? 0);
        if (current > migrations.length) {
          throw new Error(`database schema version ${current} is newer than this program knows (${migrations.length}); upgrade the bot`);
        }
        if (current === migrations.length) {
          await client.query('COMMIT');
          return current;
        }
        await client.query(migrations[current]!.postgres);
        await client.query('INSERT INTO schema_version (version, applied_at) VALUES ($1, $2)', [current + 1, nowUtc]);
        await client.query('COMMIT');
      } catch (e) {
        await client.query('ROLLBACK').catch(() => {});
        throw e;
      }
    }
  } finally {
    client.release();
  }
}

/** The schema version of a PostgreSQL database (0: never migrated). */
export async function postgresSchemaVersion(pool: Pool): Promise<number> {
  const exists = await pool.query("SELECT to_regclass('schema_version') IS NOT NULL AS e");
  if (!exists.rows[0]?.e) return 0;
  return Number((await pool.query<{ v: number }>('SELECT COALESCE(MAX(version), 0)::int AS v FROM schema_version')).rows[0]?.v ?? 0);
}
