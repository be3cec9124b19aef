import Database from 'better-sqlite3';
import { MIGRATIONS } from '../migrations';
import { preparePrivateDatabase } from '../private-files';

export type Db = Database.Database;

/**
 * Each connection's SQLite page cache, in KiB: SQLite's own default. better-sqlite3 builds SQLite with
 * 16 MB per connection, and with the writer and the reader that was 34 MB of the bot's RSS once the
 * database outgrew it (after a few thousand agenda items); the file's pages stay in the operating
 * system's cache, and a command reads a handful of them through indexes.
 */
export const PAGE_CACHE_KIB = 2000;

/**
 * How many pages the write-ahead log takes before a COMMIT copies them into the file (SQLite's default is
 * 1,000). The copy runs in the COMMIT, on the event loop: every request waiting meanwhile waits for it. Under
 * the load bench (2 cores, ext4) the p99 latency at full speed was 20-21 ms at 1,000 pages, 24 at 2,000, and
 * 17-19 at 500 (and 250), the throughput the same within the runs' noise: shorter pauses, twice as often.
 */
export const WAL_CHECKPOINT_PAGES = 500;

/**
 * Open (creating if needed) the SQLite file and bring its schema up to date.
 * WAL lets readers work while one writer writes; the busy timeout makes a second
 * process wait for the write lock instead of failing at once.
 */
export function openDatabase(file: string): Db {
  if (file !== ':memory:') preparePrivateDatabase(file); // 0600 file, 0700 folder (private-files.ts)
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');
  db.pragma('synchronous = NORMAL');
  db.pragma(`wal_autocheckpoint = ${WAL_CHECKPOINT_PAGES}`);
  // deleted and overwritten content is zeroed in the file, so erased case texts leave no bytes behind
  db.pragma('secure_delete = ON');
  db.pragma(`cache_size = -${PAGE_CACHE_KIB}`);
  privateTemporaryStorage(db);
  migrate(db);
  cacheStatements(db);
  return db;
}

/**
 * SQLite's temporary storage in memory, never in files of the temporary directory. A transaction of a
 * group commit runs in a savepoint, and SQLite keeps the page images it may have to restore in a statement
 * journal; past 64 KiB that journal, like a large sort or VACUUM's copy, went to a temporary file: page
 * images holding case texts written outside the bot's database file (deleted, but the bytes stay on the
 * disk), and a write of every page a command touched (about 7 % of a command's time).
 */
function privateTemporaryStorage(db: Db): void {
  db.pragma('temp_store = MEMORY');
}

/**
 * A second, read-only connection to the bot's database file, for reads outside transactions: WAL gives
 * it the last committed state while the writing connection has a transaction open (it never sees
 * uncommitted data and never waits for a writer). It must exist already (never creates a file).
 */
export function openReader(file: string, busyTimeoutMs: number): Db {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  db.pragma(`busy_timeout = ${busyTimeoutMs}`);
  db.pragma(`cache_size = -${PAGE_CACHE_KIB}`);
  privateTemporaryStorage(db);
  cacheStatements(db);
  return db;
}

/**
 * better-sqlite3 compiles a statement on every prepare(), and the store prepares the same few SQL texts
 * again and again (it was the largest cost of a command). Each text is compiled once and kept: a
 * statement is reusable, and no code here changes a statement's mode (pluck, raw, expand). Only fixed
 * SQL texts are prepared (values are always bound), so the cache stays small.
 */
function cacheStatements(db: Db): void {
  const prepare = db.prepare.bind(db);
  const cache = new Map<string, ReturnType<Db['prepare']>>();
  db.prepare = ((sql: string) => {
    let statement = cache.get(sql);
    if (!statement) {
      statement = prepare(sql);
      cache.set(sql, statement);
    }
    return statement;
  }) as Db['prepare'];
}

export function migrate(db: Db): number {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > MIGRATIONS.length) {
    throw new Error(`database schema version ${current} is newer than this program knows (${MIGRATIONS.length}); upgrade the bot`);
  }
  for (let v = current; v < MIGRATIONS.length; v++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[v]!.sqlite);
      db.pragma(`user_version = ${v + 1}`);
    }).immediate();
  }
  return MIGRATIONS.length;
}
