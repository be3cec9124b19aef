import fs from 'node:fs';
import path from 'node:path';

/**
 * The bot's files hold children's cases: the database (and SQLite's -wal and -shm files beside it),
 * exports and backups are readable by the bot's user only (0600), and the folders the bot creates for
 * them are 0700, whatever the process's umask. Folders that already exist are left as they are (the
 * bot never changes the mode of, say, /tmp or a shared volume); start-up warns about a database that
 * others can read.
 */
export const PRIVATE_FILE = 0o600;
export const PRIVATE_DIR = 0o700;

/** Create `dir` (and missing parents) as 0700; existing folders are not touched. */
export function ensurePrivateDir(dir: string): void {
  const first = fs.mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR });
  if (!first) return;
  // mkdir applies the umask (and may leave the owner without a bit it needs): set exactly 0700 on each created folder
  for (let d = path.resolve(dir); ; d = path.dirname(d)) {
    fs.chmodSync(d, PRIVATE_DIR);
    if (d === path.resolve(first) || d === path.dirname(d)) break;
  }
}

/** Write a file readable by the owner only; an existing file is made 0600 before anything is written into it. */
export function writePrivateFile(file: string, data: string | Uint8Array): void {
  const fd = fs.openSync(file, 'w', PRIVATE_FILE);
  try {
    fs.fchmodSync(fd, PRIVATE_FILE);
    fs.writeFileSync(fd, data);
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Before SQLite opens a new database file: its folder 0700 and the file itself created 0600, so
 * SQLite gives the -wal and -shm files the same mode (it copies the database file's mode to them).
 * An existing database is left as it is: see databasePermissionWarnings.
 */
export function preparePrivateDatabase(file: string): void {
  ensurePrivateDir(path.dirname(path.resolve(file)));
  if (fs.existsSync(file)) return;
  fs.closeSync(fs.openSync(file, 'a', PRIVATE_FILE));
  fs.chmodSync(file, PRIVATE_FILE);
}

/** One warning (naming the file) for each of the database's files that others than its owner may read or write. */
export function databasePermissionWarnings(file: string): string[] {
  if (file === ':memory:') return [];
  return [file, `${file}-wal`, `${file}-shm`].flatMap((f) => {
    let mode: number;
    try {
      mode = fs.statSync(f).mode & 0o777;
    } catch {
      return [];
    }
    if (!(mode & 0o077)) return [];
    return [`security: ${f} can be read or written by others than its owner (mode ${mode.toString(8).padStart(4, '0')}); it holds case details: run chmod 600 ${f}`];
  });
}
