import { StorageUnavailableError } from '../../core/ports/store';
import { messageOf } from '../sqlite/storage-faults';

/**
 * PostgreSQL failures sorted by what they mean for the bot, like storage-faults.ts does for SQLite:
 * a conflict with another instance's transaction (retried by PostgresStore.transaction), the database
 * busy for now (locks, connections), or unable to take writes at all (server gone or refusing writes,
 * disk full, the database dropped, a read-only server).
 */
const codeOf = (e: unknown): string => {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : '';
};

/** serialization_failure, deadlock_detected: the transaction can simply run again */
export const isSerializationFailure = (e: unknown): boolean => ['40001', '40P01'].includes(codeOf(e));

/**
 * unique_violation, exclusion_violation: in a SERIALIZABLE transaction that looked for the row first, another
 * instance's concurrent insert of the same key; PostgreSQL cannot tell it from a serialization failure
 * when the look-up did not go through that index (its manual: such failures may be retried too)
 */
export const isUniqueConflict = (e: unknown): boolean => ['23505', '23P01'].includes(codeOf(e));

/** lock_not_available (lock_timeout), too_many_connections, query_canceled (statement_timeout), a pool with no free connection in time */
export const isPgBusy = (e: unknown): boolean =>
  isSerializationFailure(e) || ['55P03', '53300', '57014'].includes(codeOf(e)) || /timeout exceeded when trying to connect/i.test(messageOf(e));

const UNWRITABLE_CODES = new Set([
  '25006', // read_only_sql_transaction (a standby, or default_transaction_read_only)
  '53100', // disk_full
  '53200', // out_of_memory
  '3D000', // invalid_catalog_name: the database is gone
  '42501', // insufficient_privilege
  '57P01', '57P02', '57P03', // admin_shutdown, crash_shutdown, cannot_connect_now
  '28000', '28P01', // invalid authorization, invalid password
  'ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'EPIPE',
]);

/** the server cannot be reached, refuses writes, or the connection broke */
export const isPgUnwritable = (e: unknown): boolean => {
  const code = codeOf(e);
  return UNWRITABLE_CODES.has(code) || code.startsWith('08') || /Connection terminated|connection is closed|Client was closed|Cannot use a pool after calling end/i.test(messageOf(e));
};

/** The connection itself is broken (it must not go back to the pool). */
export const isBrokenConnection = (e: unknown): boolean => isPgUnwritable(e) && !['25006', '53100', '42501'].includes(codeOf(e));

/** A PostgreSQL failure as the core's storage error (busy or unwritable); anything else unchanged. */
export function pgStorageError(e: unknown): unknown {
  if (e instanceof StorageUnavailableError) return e;
  const code = codeOf(e);
  const first = messageOf(e).split('\n')[0];
  if (isPgBusy(e)) return new StorageUnavailableError('busy', `database busy: ${code ? `${code} ` : ''}${first}`);
  if (isPgUnwritable(e)) return new StorageUnavailableError('unwritable', `PostgreSQL cannot take writes: ${code ? `${code} ` : ''}${first}`);
  return e;
}

/** A connection string with its password replaced, for log lines and error messages. */
export function redactedUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(an unparsable DATABASE_URL)';
  }
}

/** The password in a connection string (for the log's redaction), if it has one. */
export function urlPassword(url: string | undefined): string | undefined {
  try {
    return url ? decodeURIComponent(new URL(url).password) || undefined : undefined;
  } catch {
    return undefined;
  }
}
