import { createLogger, type GuardedLog, type LogLevel } from '../src/observability/logger';

export interface CapturedLog {
  logger: GuardedLog;
  /** every line as written (JSON) */
  raw: string[];
  /** every line parsed */
  records: Record<string, unknown>[];
}

/** The bot's real logger (redaction and all), writing into memory. */
export function captureLog(level: LogLevel = 'debug', secrets: string[] = []): CapturedLog {
  const raw: string[] = [];
  const records: Record<string, unknown>[] = [];
  const logger = createLogger({
    level, secrets,
    destination: { write: (s: string) => { raw.push(s); records.push(JSON.parse(s) as Record<string, unknown>); } },
  });
  return { logger, raw, records };
}

/** The bot's real logger at info level, whose lines' messages are pushed to `lines` (what tests of log lines read). */
export function logTo(lines: string[], level: LogLevel = 'info'): GuardedLog {
  return createLogger({ level, destination: { write: (s: string) => void lines.push(String((JSON.parse(s) as { msg?: unknown }).msg)) } });
}

/** A process's stderr as the log lines it wrote: each must be one JSON object with a level and a message. */
export function logRecords(stderr: string): { level: string; msg: string; [field: string]: unknown }[] {
  return stderr.split('\n').filter((l) => l !== '').map((l) => {
    const o = JSON.parse(l) as { level?: unknown; msg?: unknown };
    if (typeof o.level !== 'string' || typeof o.msg !== 'string') throw new Error(`a log line without a level or a message: ${l}`);
    return o as { level: string; msg: string };
  });
}

/** The messages of a process's log lines, in order. */
export const logMessages = (stderr: string): string[] => logRecords(stderr).map((r) => r.msg);

/** The one line a process that refused to start wrote: it must be its only line, at level fatal. */
export function onlyFatal(stderr: string): string {
  const lines = logRecords(stderr);
  if (lines.length !== 1 || lines[0]!.level !== 'fatal') throw new Error(`expected one fatal line, got:\n${stderr}`);
  return lines[0]!.msg;
}
