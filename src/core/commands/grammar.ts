/**
 * The command grammar shared by every platform: `/slt <command> [args] [--flag [value]]`.
 * Slack delivers the text after `/slt`, Teams after the @mention, the console the whole line;
 * all of them end up here.
 */
export interface ParsedCommand {
  /** lower-cased command words, e.g. ["agenda", "add"] resolved later against the command table */
  words: string[];
  /** positional arguments with quotes removed, original case kept */
  args: string[];
  /** whether each positional argument was written in quotes */
  quoted: boolean[];
  flags: Record<string, string | true>;
}

export class GrammarError extends Error {
  constructor(readonly key: 'unterminated-quote' | 'empty-flag', readonly detail?: string) {
    super(key);
  }
}

const QUOTES: Record<string, string> = { '"': '"', '“': '”', '”': '”', '«': '»', "'": "'" };

/**
 * Split a line into tokens; quoted parts ("…", “…”, «…», '…') keep their spaces. Linear in the length
 * of the line: each character is read once, and a quote's closing mark is searched for once.
 */
export function tokenize(line: string): string[] {
  const tokens: string[] = [];
  const s = line.trim();
  let i = 0;
  while (i < s.length) {
    while (i < s.length && isSpace(s.charCodeAt(i))) i++;
    if (i >= s.length) break;
    let token = '';
    let quoted = false;
    let from = i; // start of the unquoted run not yet added to token
    while (i < s.length && !isSpace(s.charCodeAt(i))) {
      const close = QUOTES[s[i]!];
      // an apostrophe inside a word (e.g. o'neill) is not a quote
      if (close && !(s[i] === "'" && (token.length > 0 || i > from))) {
        const end = s.indexOf(close, i + 1);
        if (end < 0) throw new GrammarError('unterminated-quote');
        token += s.slice(from, i) + s.slice(i + 1, end);
        quoted = true;
        i = end + 1;
        from = i;
      } else i++;
    }
    token += s.slice(from, i);
    tokens.push(quoted ? `\u0000${token}` : token);
  }
  return tokens;
}

/** White space exactly as `\s` reads it (ECMAScript WhiteSpace and LineTerminator), without a regular expression per character. */
function isSpace(c: number): boolean {
  if (c < 0x80) return c === 0x20 || (c >= 0x09 && c <= 0x0d);
  return c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029
    || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

/**
 * Parse one line. A leading "/slt", "slt" or "@SLT" is optional, as on Teams where users may type either.
 * `booleanFlags`: the flags that take no value (from the command table); every other `--flag` takes the
 * next token as its value.
 */
export function parseLine(line: string, booleanFlags: ReadonlySet<string>): ParsedCommand {
  const raw = tokenize(line.replace(/^\s*[/@]?slt\b/i, ''));
  const words: string[] = [];
  const args: string[] = [];
  const quotedArgs: boolean[] = [];
  // no prototype: a flag named like an Object property (--constructor, --__proto__) is just an unknown flag
  const flags: Record<string, string | true> = Object.create(null) as Record<string, string | true>;
  let positional = false;
  for (let i = 0; i < raw.length; i++) {
    const t = raw[i]!;
    const quoted = t.startsWith('\u0000');
    const text = quoted ? t.slice(1) : t;
    if (!quoted && /^(--|—|–)[^\s-]/.test(text)) {
      const name = text.replace(/^(--|—|–)/, '').toLowerCase();
      const [flag, inline] = name.split('=', 2) as [string, string | undefined];
      if (inline !== undefined) flags[flag] = inline;
      else if (booleanFlags.has(flag)) flags[flag] = true;
      else {
        const next = raw[i + 1];
        if (next === undefined || (!next.startsWith('\u0000') && next.startsWith('--'))) throw new GrammarError('empty-flag', flag);
        flags[flag] = next.replace(/^\u0000/, '');
        i++;
      }
      continue;
    }
    // the first unquoted words are command words, up to two ("agenda add")
    if (!positional && !quoted && words.length < 2 && /^[\p{L}-]+$/u.test(text)) words.push(text.toLowerCase());
    else {
      positional = true;
      args.push(text);
      quotedArgs.push(quoted);
    }
  }
  return { words, args, quoted: quotedArgs, flags };
}

/** Edit distance, for "did you mean …" on unknown commands (|a| × |b| steps: callers pass short words). */
export function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length]!;
}
