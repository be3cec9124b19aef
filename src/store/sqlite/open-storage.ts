import { StartupError } from '../../startup-error';
import type { Log } from '../../observability/logger';
import { checkBeforeOpen, type NewDatabasePolicy, stampIdentity } from './database-identity';
import { type Db, openDatabase } from './open-database';
import { messageOf } from './storage-faults';
import { BUSY_TIMEOUT_MS, StorageGuard } from './storage-health';

/** The first line of a database error, with SQLite's code. */
const reason = (e: unknown) => {
  const code = (e as { code?: string }).code;
  return `${code ? `${code}: ` : ''}${messageOf(e).split('\n')[0]}`;
};

/**
 * Open the bot's database for a long run: never silently a new empty one where one existed (identity
 * marker), a write tried at once (a read-only or unopenable file stops the start with one line naming
 * it), short lock waits, and a guard that notices when the file goes away.
 */
export function openStorage(file: string, policy: NewDatabasePolicy, nowUtc: string, log?: Log): { db: Db; guard: StorageGuard } {
  const state = checkBeforeOpen(file, policy);
  let db: Db | undefined;
  try {
    db = openDatabase(file);
    const guard = new StorageGuard(db, file);
    const problem = guard.writeProblem(nowUtc);
    if (problem) throw new StartupError(`The database ${file} cannot be written (${problem}): check that the bot may write the file and its folder`);
    stampIdentity(db, file, policy, nowUtc);
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    if (state === 'new' && file !== ':memory:') log?.info({ event: 'database.created', file }, `created a new, empty database at ${file}`);
    return { db, guard };
  } catch (e) {
    db?.close();
    if (e instanceof StartupError) throw e;
    if (/newer than this program knows/.test(String(e))) throw new StartupError(`The database ${file}: ${reason(e)}`);
    throw new StartupError(`The database ${file} cannot be ${state === 'new' ? 'created' : 'opened for writing'} (${reason(e)}): check that the file and its folder exist and that the bot may write them`);
  }
}
