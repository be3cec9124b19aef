import fs from 'node:fs';
import { StorageUnavailableError } from '../../core/ports/store';
import type { Db } from './open-database';
import { isBusy, isUnwritable, messageOf } from './storage-faults';

/**
 * How long a write waits for another writer's lock. better-sqlite3 is synchronous: the whole process
 * waits with it, so it is kept far below Slack's 3 s; a command that still finds the database locked is
 * answered "busy, try again" (work the bot does on its own retries later without blocking).
 */
export const BUSY_TIMEOUT_MS = 150;

/** A SQLite failure as the core's storage error (busy or unwritable); anything else unchanged. */
export function storageError(e: unknown): unknown {
  if (e instanceof StorageUnavailableError) return e;
  const message = messageOf(e);
  if (isBusy(e)) return new StorageUnavailableError('busy', `database busy: ${message}`);
  if (isUnwritable(e)) return new StorageUnavailableError('unwritable', `database cannot be written: ${(e as { code?: string }).code ?? ''} ${message}`.trim());
  return e;
}

/**
 * Watches the database file the bot opened: SQLite keeps writing to a file that was deleted or replaced
 * while it was open (and those writes are lost at the next start), so the path is checked against the
 * opened file before every COMMIT (one check for a batch of transactions, before any of them is
 * acknowledged), and a write is tried for readiness.
 */
export class StorageGuard {
  private readonly opened?: { dev: number; ino: number };

  constructor(private readonly db: Db, readonly file: string) {
    if (file !== ':memory:') {
      const st = fs.statSync(file);
      this.opened = { dev: st.dev, ino: st.ino };
    }
  }

  /** Throws when the file at the path is no longer the one the bot opened (deleted, or another file put there). */
  checkFile(): void {
    if (!this.opened) return;
    let st: fs.Stats;
    try {
      st = fs.statSync(this.file);
    } catch {
      throw new StorageUnavailableError('unwritable', `the database file ${this.file} has gone (deleted or moved while the bot ran)`);
    }
    if (st.dev !== this.opened.dev || st.ino !== this.opened.ino) {
      throw new StorageUnavailableError('unwritable', `the database file ${this.file} was replaced by another file while the bot ran`);
    }
  }

  /** Why the database cannot take a write right now, or undefined when a write went through. */
  writeProblem(nowUtc: string): string | undefined {
    try {
      this.checkFile();
      this.db.transaction(() => {
        this.db.prepare("INSERT INTO settings (key, value) VALUES ('last-write-check', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value").run(nowUtc);
      }).immediate();
      return undefined;
    } catch (e) {
      const err = storageError(e);
      return messageOf(err);
    }
  }
}
