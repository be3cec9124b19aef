/**
 * The console mode's log: the same (already redacted) JSON lines, written for a person at a terminal,
 * one line each: time, level, message, and the other fields as key=value. Lines that are not JSON pass
 * through as they are.
 */

const LEVELS: Record<string, string> = { trace: 'TRACE', debug: 'DEBUG', info: 'INFO ', warn: 'WARN ', error: 'ERROR', fatal: 'FATAL' };
const HIDDEN = new Set(['level', 'time', 'msg', 'pid', 'hostname', 'version']);

const field = (v: unknown): string => (typeof v === 'string' ? (/[\s"=]/.test(v) || v === '' ? JSON.stringify(v) : v) : JSON.stringify(v));

/** One JSON log line as a person reads it: `08:15:02 WARN  outbox: … (platform=slack reqId=…)`. */
export function prettyLine(line: string): string {
  let o: Record<string, unknown>;
  try {
    const parsed: unknown = JSON.parse(line);
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return line.endsWith('\n') ? line : `${line}\n`;
    o = parsed as Record<string, unknown>;
  } catch {
    return line.endsWith('\n') ? line : `${line}\n`;
  }
  const time = typeof o.time === 'string' ? o.time.slice(11, 19) : '';
  const level = LEVELS[String(o.level)] ?? String(o.level).toUpperCase();
  const err = o.err as { type?: string; message?: string; stack?: string } | undefined;
  const rest = Object.entries(o).filter(([k]) => !HIDDEN.has(k) && k !== 'err').map(([k, v]) => `${k}=${field(v)}`);
  const head = `${time} ${level} ${typeof o.msg === 'string' ? o.msg : ''}${rest.length ? ` (${rest.join(' ')})` : ''}`;
  const error = err ? `\n    ${err.type ?? 'Error'}: ${err.message ?? ''}${err.stack ? `\n    ${err.stack.split('\n').join('\n    ')}` : ''}` : '';
  return `${head}${error}\n`;
}

/** A destination that writes each line pretty to `out`. */
export function prettyStream(out: { write(s: string): unknown }): { write(s: string): void } {
  return { write: (s: string) => void out.write(prettyLine(s.endsWith('\n') ? s.slice(0, -1) : s)) };
}
