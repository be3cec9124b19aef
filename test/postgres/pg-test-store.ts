import pg from 'pg';
import { migratePostgres } from '../../src/store/postgres/migrate-postgres';
import { PostgresStore } from '../../src/store/postgres/postgres-store';
import { createTestDatabase, type TestDatabase } from './pg-test-database';

/**
 * PostgreSQL stores for one test file: one migrated database for the file (made at the first open),
 * emptied before each store is handed out (every table truncated, identities restarted), so each test
 * starts from what a new database holds. Call `dropAll` in afterAll.
 */
export function postgresStores(label: string, poolSize = 4) {
  let database: TestDatabase | undefined;
  const open = async () => {
    if (!database) {
      database = await createTestDatabase(label);
      const pool = new pg.Pool({ connectionString: database.url, max: 1 });
      await migratePostgres(pool);
      await pool.end();
    }
    const pool = new pg.Pool({ connectionString: database.url, max: poolSize });
    // pool.end() resolves before its connections have closed on the server; the database's DROP … WITH (FORCE)
    // in dropAll may then terminate one, which the ended pool would raise as an unhandled 'error' event
    pool.on('error', () => {});
    const tables = (await pool.query<{ t: string }>(`SELECT quote_ident(tablename) AS t FROM pg_tables WHERE schemaname = current_schema() AND tablename <> 'schema_version'`)).rows;
    await pool.query(`TRUNCATE ${tables.map((r) => r.t).join(', ')} RESTART IDENTITY CASCADE`);
    const store = new PostgresStore(pool);
    return { store, url: database.url, close: () => store.close() };
  };
  return { open, dropAll: async () => database?.drop() };
}
