import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import { StartupError } from '../../startup-error';
import type { Db } from './open-database';

/** When a missing database may be created. */
export interface NewDatabasePolicy {
  /** --new-database / SLT_NEW_DATABASE=yes: create a missing database, or accept one that is not the one last used here */
  allowNew?: boolean;
  /** a real deployment (a platform configured, or NODE_ENV=production): never create a database without allowNew */
  requireExisting?: boolean;
}

/** The marker next to a database file: which database was last used at this path. */
export const markerOf = (file: string) => `${file}.identity`;

interface Marker {
  id: string;
  since: string;
}

function readMarker(file: string): Marker | undefined {
  try {
    const m = JSON.parse(fs.readFileSync(markerOf(file), 'utf8')) as Partial<Marker>;
    return typeof m.id === 'string' ? { id: m.id, since: String(m.since ?? '') } : undefined;
  } catch {
    return undefined;
  }
}

const HOW_TO_ACCEPT = 'start once with --new-database (or SLT_NEW_DATABASE=yes)';

/**
 * Before the database is opened: a missing file is only created where that cannot lose data. Where a
 * database existed (its marker is there), or in a real deployment, the bot stops with one line instead
 * of silently starting over with an empty database.
 */
export function checkBeforeOpen(file: string, policy: NewDatabasePolicy): 'existing' | 'new' {
  if (file === ':memory:' || fs.existsSync(file)) return 'existing';
  const marker = readMarker(file);
  if (policy.allowNew) return 'new';
  if (marker) {
    throw new StartupError(`The database ${file} is missing, but one was used there (identity ${marker.id}, since ${marker.since}; see ${markerOf(file)}): restore it from a backup, or ${HOW_TO_ACCEPT} to begin with an empty one`);
  }
  if (policy.requireExisting) throw new StartupError(`There is no database at ${file} (SLT_DB): to create a new, empty one, ${HOW_TO_ACCEPT}`);
  return 'new';
}

/**
 * After opening: the database carries an identity (made once), and the marker next to it records it.
 * A database whose identity differs from the marker's (another file put in its place) is refused unless
 * allowed; an older database without either gets both.
 */
export function stampIdentity(db: Db, file: string, policy: NewDatabasePolicy, nowUtc: string): string {
  db.prepare('INSERT OR IGNORE INTO settings (key, value) VALUES (?, ?)').run('database-id', randomUUID());
  const id = String((db.prepare("SELECT value FROM settings WHERE key = 'database-id'").get() as { value: string }).value);
  if (file === ':memory:') return id;
  const marker = readMarker(file);
  if (marker && marker.id !== id && !policy.allowNew) {
    throw new StartupError(`The database ${file} is not the one last used there (identity ${id}, but ${markerOf(file)} says ${marker.id}): if it was restored or replaced on purpose, ${HOW_TO_ACCEPT}`);
  }
  if (!marker || marker.id !== id) fs.writeFileSync(markerOf(file), `${JSON.stringify({ id, since: nowUtc })}\n`);
  return id;
}
