import fs from 'node:fs';
import Database from 'better-sqlite3';
import pg from 'pg';
import { MIGRATIONS } from '../store/migrations';
import { migratePostgres, postgresSchemaVersion } from '../store/postgres/migrate-postgres';
import { redactedUrl } from '../store/postgres/pg-faults';
import { messageOf } from '../store/sqlite/storage-faults';

export class MigrateError extends Error {}

/** Rows per INSERT (PostgreSQL takes at most 65,535 parameters in one statement). */
const BATCH_PARAMETERS = 30_000;

interface Table {
  name: string;
  columns: string[];
  /** a column SQLite gives with AUTOINCREMENT (an identity column in PostgreSQL) */
  identity?: string;
}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** The bot's tables in an order that inserts every referenced row before the rows referring to it. */
function tablesInOrder(db: Database.Database): Table[] {
  const names = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as { name: string }[]).map((r) => r.name);
  const refs = new Map(names.map((n) => [n, (db.prepare('SELECT "table" AS t FROM pragma_foreign_key_list(?)').all(n) as { t: string }[]).map((r) => r.t).filter((t) => t !== n)]));
  const ordered: string[] = [];
  const visit = (n: string, path: string[]) => {
    if (ordered.includes(n)) return;
    if (path.includes(n)) throw new MigrateError(`the tables' references form a cycle: ${[...path, n].join(' → ')}`);
    for (const r of refs.get(n) ?? []) visit(r, [...path, n]);
    ordered.push(n);
  };
  for (const n of names) visit(n, []);
  return ordered.map((name) => {
    const info = db.prepare('SELECT name, pk FROM pragma_table_info(?) ORDER BY cid').all(name) as { name: string; pk: number }[];
    const sql = String((db.prepare("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?").get(name) as { sql: string }).sql);
    const pk = info.filter((c) => c.pk);
    const identity = /AUTOINCREMENT/i.test(sql) && pk.length === 1 ? pk[0]!.name : undefined;
    return { name, columns: info.map((c) => c.name), ...(identity ? { identity } : {}) };
  });
}

export interface MigrateResult {
  tables: { name: string; rows: number }[];
}

/**
 * Copy the bot's SQLite database into an empty PostgreSQL database, as it is: every table and row with
 * its ids (audit log, outbox state with its leases and reports, remembered replies, settings with the
 * database's identity and calendar secret), and the id sequences where SQLite's AUTOINCREMENT left
 * them. The SQLite file is read in one read transaction (a consistent snapshot) and never written; the
 * copy is one PostgreSQL transaction, committed only when every table's row count in PostgreSQL equals
 * SQLite's. A target that already holds rows in any of the bot's tables is refused. Stop the bot first,
 * and start it on DATABASE_URL afterwards, never again on the SQLite file (both would send the outbox).
 */
export async function migrateToPostgres(from: string, to: string, log: (line: string) => void = () => {}): Promise<MigrateResult> {
  if (!fs.existsSync(from)) throw new MigrateError(`--from: there is no SQLite database at ${from}`);
  let lite: Database.Database;
  try {
    lite = new Database(from, { readonly: true, fileMustExist: true });
  } catch (e) {
    throw new MigrateError(`--from: ${from} cannot be opened as a SQLite database (${messageOf(e)})`);
  }
  const where = redactedUrl(to);
  const pool = new pg.Pool({ connectionString: to, max: 1 });
  try {
    const version = Number(lite.pragma('user_version', { simple: true }));
    if (version !== MIGRATIONS.length) {
      throw new MigrateError(version < MIGRATIONS.length
        ? `--from: ${from} has schema version ${version}, this program ${MIGRATIONS.length}: start the bot of this version once on it (npm start, then stop it) so it is brought up to date, then copy it`
        : `--from: ${from} has schema version ${version}, newer than this program knows (${MIGRATIONS.length}): use the bot's newer version to copy it`);
    }
    let target: number;
    try {
      target = await postgresSchemaVersion(pool);
    } catch (e) {
      throw new MigrateError(`--to: PostgreSQL at ${where} cannot be reached (${messageOf(e).split('\n')[0]})`);
    }
    if (target > MIGRATIONS.length) throw new MigrateError(`--to: the database ${where} has schema version ${target}, newer than this program knows (${MIGRATIONS.length})`);
    try {
      await migratePostgres(pool);
    } catch (e) {
      throw new MigrateError(`--to: the tables cannot be created in ${where} (${messageOf(e).split('\n')[0]}): check that the user may create tables there`);
    }
    const tables = tablesInOrder(lite);
    const client = await pool.connect();
    try {
      await client.query('BEGIN ISOLATION LEVEL SERIALIZABLE');
      // nothing may be there yet: checked inside the copy's transaction, with the tables locked against writers
      await client.query(`LOCK TABLE ${tables.map((t) => quote(t.name)).join(', ')} IN SHARE ROW EXCLUSIVE MODE`);
      for (const t of tables) {
        const n = Number((await client.query(`SELECT COUNT(*)::int AS n FROM ${quote(t.name)}`)).rows[0].n);
        if (n > 0) throw new MigrateError(`--to: the database ${where} is not empty (${t.name} has ${n} rows): copy only into a new, empty database`);
      }
      const result: MigrateResult = { tables: [] };
      lite.exec('BEGIN'); // one snapshot of the SQLite file for the whole copy
      try {
        const sequences = new Map((lite.prepare('SELECT name, seq FROM sqlite_sequence').all() as { name: string; seq: number }[]).map((r) => [r.name, Number(r.seq)]));
        for (const t of tables) {
          const rows = lite.prepare(`SELECT ${t.columns.map(quote).join(', ')} FROM ${quote(t.name)}`).raw().iterate() as IterableIterator<unknown[]>;
          const perBatch = Math.max(1, Math.floor(BATCH_PARAMETERS / t.columns.length));
          let batch: unknown[][] = [];
          const flush = async () => {
            if (!batch.length) return;
            const values = batch.map((_, r) => `(${t.columns.map((__, c) => `$${r * t.columns.length + c + 1}`).join(', ')})`).join(', ');
            await client.query(`INSERT INTO ${quote(t.name)} (${t.columns.map(quote).join(', ')}) VALUES ${values}`, batch.flat());
            batch = [];
          };
          for (const row of rows) {
            batch.push(row);
            if (batch.length >= perBatch) await flush();
          }
          await flush();
          const expected = Number((lite.prepare(`SELECT COUNT(*) AS n FROM ${quote(t.name)}`).get() as { n: number }).n);
          const copied = Number((await client.query(`SELECT COUNT(*)::int AS n FROM ${quote(t.name)}`)).rows[0].n);
          if (copied !== expected) throw new MigrateError(`${t.name}: ${copied} rows in PostgreSQL, ${expected} in SQLite; nothing was copied`);
          if (t.identity) {
            // the next id continues after SQLite's highest ever (AUTOINCREMENT never reuses an id)
            const max = Number((lite.prepare(`SELECT COALESCE(MAX(${quote(t.identity)}), 0) AS m FROM ${quote(t.name)}`).get() as { m: number }).m);
            const next = Math.max(max, sequences.get(t.name) ?? 0);
            if (next > 0) await client.query('SELECT setval(pg_get_serial_sequence($1, $2), $3)', [t.name, t.identity, next]);
          }
          result.tables.push({ name: t.name, rows: copied });
          log(`${t.name}: ${copied}`);
        }
      } finally {
        lite.exec('COMMIT');
      }
      await client.query('COMMIT');
      return result;
    } catch (e) {
      await client.query('ROLLBACK').catch(() => {});
      if (e instanceof MigrateError) throw e;
      throw new MigrateError(`the copy into ${where} failed, nothing was copied: ${messageOf(e).split('\n')[0]}`);
    } finally {
      client.release();
    }
  } finally {
    lite.close();
    await pool.end();
  }
}
