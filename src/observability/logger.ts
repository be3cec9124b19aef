import pino from 'pino';
import { LineGuard, REDACT_PATHS, REDACTED, safeError, scrubFields } from './log-redaction';
import { prettyStream } from './pretty-log';
import { APP_VERSION } from '../version';
import { currentRequest } from './request-context';

/** The bot's logger: pino's. Call sites log structured fields and a message: `log.warn({ event: 'outbox.failed', key }, 'outbox: …')`. */
export type Log = pino.Logger;
/** The bot's own logger: a Log with its guard, to which secrets learnt later are added (the calendar secret kept in the database). */
export type GuardedLog = Log & { guard: LineGuard };

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface LoggerOptions {
  /** default info */
  level?: LogLevel;
  /** json (default): one JSON object per line, for log shipping; pretty: for a person at a terminal (console mode) */
  format?: 'json' | 'pretty';
  /** where lines go; default stderr, written synchronously (nothing is lost when the process exits) */
  destination?: { write(s: string): unknown };
  /** values that must never appear in a line (tokens, secrets): masked wherever they turn up */
  secrets?: readonly (string | undefined)[];
}

/**
 * A pino logger with the redaction of log-redaction.ts: sensitive field names redacted at any depth,
 * errors made safe, known secrets and the current request's user texts masked in every line, and the
 * request id (request-context.ts) added to every line written while a request is handled.
 */
export function createLogger(opts: LoggerOptions = {}): GuardedLog {
  const guard = new LineGuard(opts.secrets ?? []);
  const dest = opts.destination ?? pino.destination({ dest: 2, sync: true });
  const stream = opts.format === 'pretty' ? prettyStream(dest) : dest;
  const logger = pino({
    level: opts.level ?? 'info',
    // every line names the program's version (which release wrote it) and its process
    base: { pid: process.pid, version: APP_VERSION },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: {
      level: (label) => ({ level: label }),
      log: (fields) => scrubFields(fields) as Record<string, unknown>,
    },
    redact: { paths: REDACT_PATHS, censor: REDACTED },
    // formatters.log has made every error safe already (at any depth); these catch one given another way
    serializers: { err: errorField, error: errorField },
    mixin: () => {
      const ctx = currentRequest();
      return ctx ? { reqId: ctx.reqId, ...(ctx.delivery ? { delivery: ctx.delivery } : {}) } : {};
    },
    hooks: {
      // an error given without a message: pino would use the error's message, which may quote someone's text
      logMethod(args: unknown[], method) {
        const [first, second] = args;
        const hasMessage = typeof second === 'string' || typeof first === 'string';
        if (first instanceof Error) return method.apply(this, [{ err: first }, typeof second === 'string' ? second : first.name] as never);
        if (!hasMessage && first && typeof first === 'object') return method.apply(this, [first, String((first as { event?: unknown }).event ?? 'log')] as never);
        return method.apply(this, args as never);
      },
      streamWrite: (line) => guard.guard(line),
    },
  }, stream);
  return Object.assign(logger, { guard });
}

const errorField = (v: unknown): unknown => (v instanceof Error ? safeError(v) : v);

/** A logger that writes nothing (tests, tools). */
export const silentLog = (): Log => pino({ level: 'silent' });
