/**
 * SQLite failures (better-sqlite3's SqliteError.code) sorted by what they mean for the bot: the
 * database is locked by another writer for now (busy), or it cannot be written at all (gone,
 * read-only, full, broken).
 */
const codeOf = (e: unknown): string => {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : '';
};

export const isBusy = (e: unknown): boolean => /^SQLITE_(BUSY|LOCKED)/.test(codeOf(e));

export const isUnwritable = (e: unknown): boolean => /^SQLITE_(READONLY|IOERR|CANTOPEN|FULL|CORRUPT|NOTADB|PERM)/.test(codeOf(e));

/** An error's message, also for errors made in another realm (a native module's error class in a test sandbox). */
export const messageOf = (e: unknown): string => {
  const message = (e as { message?: unknown } | null)?.message;
  return typeof message === 'string' ? message : String(e);
};
