import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { markerOf } from './database-identity';
import { MIGRATIONS } from '../migrations';
import { ensurePrivateDir, PRIVATE_FILE } from '../private-files';

/** A backup or restore refused, with the reason an operator can act on. */
export class BackupError extends Error {
  override name = 'BackupError';
}

/** Tables every SLT database has (migration 1): a file without them is not one of ours. */
const SLT_TABLES = ['municipalities', 'forums', 'meetings', 'agenda_items', 'audit_log', 'settings', 'outbox'];

/** Transfer every page in one step: one read transaction, so the copy is one consistent moment even
 *  while the bot writes (WAL lets it go on writing meanwhile); small steps would restart on each write. */
const ALL_PAGES = 0x7fffffff;

/** An empty file only the owner may read, for SQLite to write into (it keeps the mode). */
function createPrivateFile(file: string): void {
  fs.closeSync(fs.openSync(file, 'wx', PRIVATE_FILE));
}

/** A copy of `from` that only the owner may read from its first byte (fs.copyFile would give it the mode of `from`). */
function copyPrivately(from: string, to: string): void {
  const source = fs.openSync(from, 'r');
  const target = fs.openSync(to, 'wx', PRIVATE_FILE);
  try {
    const buffer = Buffer.alloc(1 << 20);
    for (let n; (n = fs.readSync(source, buffer, 0, buffer.length, null)) > 0;) fs.writeSync(target, buffer, 0, n);
    fs.fsyncSync(target);
  } finally {
    fs.closeSync(source);
    fs.closeSync(target);
  }
}

const tempNextTo = (file: string, what: string) => path.join(path.dirname(file), `.${path.basename(file)}.${what}-${process.pid}`);

/** An error's message, also for errors made in another realm (a native module's class seen from a test sandbox). */
const reason = (e: unknown): string => (typeof e === 'object' && e !== null && 'message' in e ? String(e.message) : String(e));

function removeQuietly(...files: string[]): void {
  for (const f of files) fs.rmSync(f, { force: true });
}

export interface BackupResult {
  file: string;
  bytes: number;
  schemaVersion: number;
}

/**
 * An online, consistent copy of the database at `dbFile` into `outFile` (mode 0600), with SQLite's
 * backup API, while the bot may be running and writing. The copy is written next to `outFile` and
 * renamed into place once it passed an integrity check, so `outFile` is never a half-written file.
 */
export async function backupDatabase(dbFile: string, outFile: string): Promise<BackupResult> {
  if (!fs.existsSync(dbFile)) throw new BackupError(`no database at ${dbFile} (SLT_DB)`);
  if (path.resolve(dbFile) === path.resolve(outFile)) throw new BackupError('--out must not be the database itself');
  if (!fs.existsSync(path.dirname(path.resolve(outFile)))) throw new BackupError(`the folder of ${outFile} does not exist`);
  const source = new Database(dbFile, { fileMustExist: true });
  const temp = tempNextTo(outFile, 'partial');
  try {
    source.pragma('busy_timeout = 5000');
    createPrivateFile(temp);
    await source.backup(temp, { progress: () => ALL_PAGES });
    const { schemaVersion } = checkDatabase(temp, 'the copy');
    fs.renameSync(temp, outFile);
    fs.chmodSync(outFile, PRIVATE_FILE);
    return { file: outFile, bytes: fs.statSync(outFile).size, schemaVersion };
  } finally {
    source.close();
    removeQuietly(temp, `${temp}-journal`, `${temp}-wal`, `${temp}-shm`);
  }
}

/**
 * That `file` is a sound SLT database this program can run: SQLite's integrity check, the SLT tables,
 * and a schema version no newer than this program's migrations. Returns the schema version and the
 * database's identity (src/store/database-identity.ts), if it has one yet.
 */
export function checkDatabase(file: string, what = file): { schemaVersion: number; identity?: string } {
  let db: Database.Database;
  try {
    db = new Database(file, { fileMustExist: true });
  } catch (e) {
    throw new BackupError(`${what} cannot be opened as an SQLite database: ${reason(e)}`);
  }
  try {
    let integrity: string[];
    try {
      integrity = (db.pragma('integrity_check') as { integrity_check: string }[]).map((r) => r.integrity_check);
    } catch (e) {
      throw new BackupError(`${what} is not a readable SQLite database: ${reason(e)}`);
    }
    if (integrity.join() !== 'ok') throw new BackupError(`${what} fails SQLite's integrity check: ${integrity.slice(0, 5).join('; ')}`);
    const tables = new Set((db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((r) => r.name));
    const missing = SLT_TABLES.filter((t) => !tables.has(t));
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version < 1 || missing.length) throw new BackupError(`${what} is not an SLT database (missing ${missing.join(', ') || 'a schema version'})`);
    if (version > MIGRATIONS.length) {
      throw new BackupError(`${what} has schema version ${version}, newer than this program knows (${MIGRATIONS.length}): restore it with the version of the bot that wrote it, or a later one`);
    }
    const identity = (db.prepare("SELECT value FROM settings WHERE key = 'database-id'").get() as { value: string } | undefined)?.value;
    return { schemaVersion: version, ...(identity ? { identity } : {}) };
  } finally {
    db.close();
  }
}

/**
 * Refuses unless no other connection has `dbFile` open (the bot, a backup, the sqlite3 shell): an
 * exclusive lock is only granted to the one connection. On success the write-ahead log is folded
 * into the file, so the file alone is the whole database.
 */
function assertNotInUse(dbFile: string): void {
  const db = new Database(dbFile, { fileMustExist: true });
  try {
    db.pragma('busy_timeout = 0');
    db.pragma('locking_mode = EXCLUSIVE');
    try {
      db.exec('BEGIN EXCLUSIVE');
      db.exec('COMMIT');
    } catch (e) {
      if ((e as { code?: string }).code === 'SQLITE_BUSY') {
        throw new BackupError(`the database ${dbFile} is in use (is the bot running?): stop the bot, then restore`);
      }
      throw new BackupError(`the file at ${dbFile} could not be locked to be replaced (${reason(e)}): if it is not a database, move it away by hand`);
    }
    db.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    db.close();
  }
}

export interface RestoreResult {
  schemaVersion: number;
  /** where the database that was replaced is kept, if there was one */
  previous?: string;
  /** the restored database is not the one the identity marker names: the bot starts only with --new-database */
  needsNewDatabaseFlag: boolean;
}

/** The identity the marker next to `dbFile` records (src/store/database-identity.ts), if any. */
function markedIdentity(dbFile: string): string | undefined {
  try {
    const id = (JSON.parse(fs.readFileSync(markerOf(dbFile), 'utf8')) as { id?: unknown }).id;
    return typeof id === 'string' ? id : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Put the backup `fromFile` in place as `dbFile`, with the bot stopped: the backup is copied next to
 * the database, checked (checkDatabase), and renamed into place; the database it replaces is kept as
 * `<dbFile>.before-restore-<UTC time>`. Nothing is changed when a check fails or the database is in use.
 * `now` names the kept file.
 */
export function restoreDatabase(fromFile: string, dbFile: string, now: Date): RestoreResult {
  if (!fs.existsSync(fromFile)) throw new BackupError(`no backup at ${fromFile}`);
  if (path.resolve(fromFile) === path.resolve(dbFile)) throw new BackupError('--from must not be the database itself');
  ensurePrivateDir(path.dirname(path.resolve(dbFile)));
  const temp = tempNextTo(dbFile, 'restoring');
  try {
    copyPrivately(fromFile, temp);
    const { schemaVersion, identity } = checkDatabase(temp, `the backup ${fromFile}`);
    const marked = markedIdentity(dbFile);
    let previous: string | undefined;
    if (fs.existsSync(dbFile)) {
      assertNotInUse(dbFile);
      previous = `${dbFile}.before-restore-${now.toISOString().replace(/[-:]|\.\d+/g, '')}`;
      fs.renameSync(dbFile, previous);
    }
    // the previous database's log and shared memory belong to it, not to the restored file
    removeQuietly(`${dbFile}-wal`, `${dbFile}-shm`, `${dbFile}-journal`);
    fs.renameSync(temp, dbFile);
    return { schemaVersion, ...(previous ? { previous } : {}), needsNewDatabaseFlag: marked !== undefined && marked !== identity };
  } finally {
    removeQuietly(temp, `${temp}-journal`, `${temp}-wal`, `${temp}-shm`);
  }
}
