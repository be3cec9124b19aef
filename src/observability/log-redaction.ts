import { currentRequest } from './request-context';

/**
 * What the log must never hold: tokens, secrets, request bodies and what people wrote. Four layers,
 * each enough for its kind, so a slip in one call site is caught by the next:
 *  1. fields by name: pino's `redact` paths (REDACT_PATHS) and, for any depth, `scrubFields`;
 *  2. errors: `safeError` keeps an error's type, code and stack frames, and its message only when it
 *     cannot carry someone's text (errors of ours, SQLite's, and shapes such as "x is not a function");
 *  3. known secret values (the platforms' tokens and secrets, the metrics token, the calendar secret)
 *     are masked wherever they appear in a line (`LineGuard`);
 *  4. the texts the person sent in the request being handled (and the texts of a message the outbox is
 *     sending) are masked wherever they appear in a line: whole, each quoted part, each word of 8
 *     characters or more, and any run of 3 or more of their words in a row.
 */

export const REDACTED = '[redacted]';

/** Field names (compared without case, dashes or underscores) whose values are never logged. */
const SENSITIVE = new Set([
  'authorization', 'cookie', 'setcookie', 'token', 'accesstoken', 'refreshtoken', 'idtoken', 'bottoken', 'apptoken',
  'password', 'apppassword', 'secret', 'clientsecret', 'signingsecret', 'calendarsecret', 'metricstoken', 'signature', 'xslacksignature',
  'body', 'rawbody', 'payload', 'text', 'values', 'form', 'view', 'views', 'blocks', 'attachments', 'card',
  'title', 'description', 'reason', 'question', 'answer', 'note', 'covers', 'purpose', 'legalbasis',
]);
const norm = (key: string) => key.toLowerCase().replace(/[-_]/g, '');
export const isSensitiveKey = (key: string): boolean => {
  const k = norm(key);
  return SENSITIVE.has(k) || k.endsWith('token') || k.endsWith('secret') || k.endsWith('password');
};

/** pino `redact` paths for the sensitive names at the top level and two levels down (`scrubFields` does any depth). */
export const REDACT_PATHS: string[] = [...SENSITIVE].flatMap((k) => [k, `*.${k}`, `*.*.${k}`])
  .concat(['headers.authorization', '*.headers.authorization', 'headers["x-slack-signature"]', '*.headers["x-slack-signature"]']);

/** Errors whose messages we write ourselves (or SQLite writes) and that never quote what someone typed. */
const SAFE_MESSAGE_ERRORS = new Set([
  'StorageUnavailableError', 'StartupError', 'SqliteError', 'PermanentSendError', 'RetryableSendError', 'SendAbandonedError', 'GraphTokenError', 'AbortError', 'TimeoutError',
]);
/** Messages of JavaScript's own errors that name code, never data. */
const SAFE_SHAPES = [
  /^Cannot read propert(y|ies) of (undefined|null)( \(reading '[\w$]{1,64}'\))?$/,
  /^Cannot set propert(y|ies) of (undefined|null)( \(setting '[\w$]{1,64}'\))?$/,
  /^[\w$.[\]]{1,100} is not (a function|iterable|a constructor|defined)$/,
  /^Maximum call stack size exceeded$/,
  /^Invalid time value$/,
  /^Assignment to constant variable\.$/,
];

export interface SafeError {
  type: string;
  message: string;
  code?: string;
  stack?: string;
  cause?: SafeError;
}

/** Mark an error whose message we wrote and that holds no one's text: its message is logged. */
export const loggable = <E extends Error>(e: E): E => Object.assign(e, { loggable: true });

function messageIsSafe(e: Error, name: string): boolean {
  const { code, syscall, loggable: marked } = e as { code?: unknown; syscall?: unknown; loggable?: unknown };
  return marked === true || SAFE_MESSAGE_ERRORS.has(name) || SAFE_SHAPES.some((re) => re.test(e.message))
    // Node's system errors (listen EADDRINUSE, open ENOENT …) name a call, an address or a file
    || typeof syscall === 'string'
    // the Slack SDK's coded errors name Slack's error code (missing_scope, ratelimited …)
    || (typeof code === 'string' && code.startsWith('slack_'));
}

/**
 * An error as it may be logged: its type, code and stack frames (file, line, function: code only), its
 * message only when it cannot carry someone's text, its cause likewise. Anything thrown that is not an
 * Error is named by its type only.
 */
export function safeError(e: unknown, depth = 0): SafeError {
  if (!(e instanceof Error)) return { type: e === null ? 'null' : typeof e, message: '[not an Error]' };
  const name = typeof e.name === 'string' ? e.name.slice(0, 64) : 'Error';
  const code = (e as { code?: unknown }).code;
  const frames = (typeof e.stack === 'string' ? e.stack.split('\n') : []).filter((l) => /^\s+at /.test(l)).slice(0, 15).map((l) => l.trim().slice(0, 300));
  const cause = (e as { cause?: unknown }).cause;
  return {
    type: name,
    message: messageIsSafe(e, name) ? String(e.message).replace(/[\u0000-\u001f\u007f-\u009f]+/g, ' ').slice(0, 300) : `[message withheld: ${String(e.message).length} characters]`,
    ...(typeof code === 'string' && /^[\w.-]{1,64}$/.test(code) ? { code } : typeof code === 'number' ? { code: String(code) } : {}),
    ...(frames.length ? { stack: frames.join('\n') } : {}),
    ...(cause !== undefined && depth < 2 ? { cause: safeError(cause, depth + 1) } : {}),
  };
}

/** An error in one line for a log message: its type and its message where that is safe (see safeError). */
export function errorSummary(e: unknown): string {
  const safe = safeError(e);
  return `${safe.type}: ${safe.message}`.slice(0, 300);
}

/** A log line's fields, at any depth: sensitive names redacted, errors made safe, long arrays and deep nesting cut. */
export function scrubFields(value: unknown, depth = 0): unknown {
  if (value instanceof Error) return safeError(value);
  if (value === null || typeof value !== 'object') return value;
  if (depth > 6) return '[too deep]';
  if (Array.isArray(value)) return value.slice(0, 50).map((v) => scrubFields(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[k] = isSensitiveKey(k) ? REDACTED : scrubFields(v, depth + 1);
  return out;
}

/** The texts in a value (a view the outbox sends): every string with a space in it or of 8 characters or more, but its kinds and button commands (the bot's own words). */
export function textsIn(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') {
    if (/\s/.test(value.trim()) || value.length >= 8) out.push(value);
  } else if (Array.isArray(value)) {
    for (const v of value) textsIn(v, out);
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) if (k !== 'kind' && k !== 'command') textsIn(v, out);
  }
  return out;
}

/** How a text appears inside a JSON string (what to look for in a serialized line). */
const asJsonText = (s: string): string => JSON.stringify(s).slice(1, -1);

/** The parts of what someone sent that are masked in a line: the whole text, each quoted part, and each word of 8 characters or more. */
function userTextParts(text: string): string[] {
  const t = text.trim();
  const quoted = [...t.matchAll(/"([^"]+)"|'([^']+)'|«([^»]+)»|“([^”]+)”/g)].map((m) => (m[1] ?? m[2] ?? m[3] ?? m[4] ?? '').trim());
  return [t, ...quoted, ...t.split(/\s+/).filter((w) => w.length >= 8)].filter((s) => s.length >= 4);
}

/** How many words in a row of someone's text make a line's words theirs (fewer are too common to mask: "on console"). */
const RUN = 3;
/** A word as compared: without the punctuation and quotes around it, in lower case. */
const wordOf = (w: string): string => w.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '').toLowerCase();
const wordsOf = (text: string): string[] => text.split(/\s+/).slice(0, 2000).map(wordOf);

/** `s` with every run of RUN or more words in a row that also stand in a row in one of `texts` replaced (the run as one mark). */
function maskRuns(s: string, texts: readonly string[][]): string {
  const parts = s.split(/(\s+)/);
  const words = parts.filter((_, i) => i % 2 === 0).map(wordOf);
  const marked = words.map(() => false);
  for (const text of texts) {
    for (let i = 0; i < words.length; i++) {
      for (let j = 0; j < text.length; j++) {
        let k = 0;
        while (i + k < words.length && j + k < text.length && words[i + k] !== '' && words[i + k] === text[j + k]) k++;
        if (k >= RUN) for (let x = i; x < i + k; x++) marked[x] = true;
      }
    }
  }
  if (!marked.includes(true)) return s;
  let out = '';
  for (let p = 0; p < parts.length; p += 2) {
    const w = p / 2;
    if (!marked[w]) out += (p > 0 ? parts[p - 1]! : '') + parts[p]!;
    else if (!(w > 0 && marked[w - 1])) out += (p > 0 ? parts[p - 1]! : '') + REDACTED;
  }
  return out;
}

/** Every string in a parsed line (keys too) with each needle, and each run of someone's words, replaced. */
function maskStrings(value: unknown, needles: readonly string[], texts: readonly string[][]): unknown {
  const mask = (s: string) => maskRuns(needles.reduce((acc, n) => (acc.includes(n) ? acc.split(n).join(REDACTED) : acc), s), texts);
  if (typeof value === 'string') return mask(value);
  if (Array.isArray(value)) return value.map((v) => maskStrings(v, needles, texts));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [mask(k), maskStrings(v, needles, texts)]));
  }
  return value;
}

/**
 * The last guard, on each serialized line: known secret values, and the texts the person sent in the
 * request being handled, are replaced wherever they appear (in a message, a field, an error). A line with
 * such a value is parsed and written again, so it stays valid JSON.
 */
export class LineGuard {
  private readonly secrets = new Set<string>();

  constructor(secrets: readonly (string | undefined)[] = []) {
    for (const s of secrets) this.addSecret(s);
  }

  /** A value that must never appear in the log (8 characters at least: shorter ones would mask ordinary words). */
  addSecret(secret: string | undefined): void {
    if (secret && secret.length >= 8) this.secrets.add(secret);
  }

  guard(line: string): string {
    const texts = currentRequest()?.userTexts ?? [];
    const needles = [...new Set([...this.secrets, ...texts.flatMap(userTextParts)])].sort((a, b) => b.length - a.length);
    const runs = texts.map(wordsOf).filter((w) => w.length >= RUN);
    // while someone's texts are known, every line is read and masked (a run of their words may be split by escapes in the JSON)
    if (!runs.length && !needles.some((n) => line.includes(asJsonText(n)))) return line;
    try {
      return `${JSON.stringify(maskStrings(JSON.parse(line), needles, runs))}\n`;
    } catch {
      return `${JSON.stringify({ level: 'error', time: new Date().toISOString(), msg: 'log: a line was dropped: it held a secret or what someone wrote, and could not be read to mask it' })}\n`;
    }
  }
}
