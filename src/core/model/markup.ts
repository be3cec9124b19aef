/**
 * Inline marks in the texts the core writes: "the command to do X" and "a literal value" (an id, a file
 * name). The core says what to write; each platform's renderer writes it in its own syntax (`/slt …` as
 * code in Slack, @SLT … in a monospace run in Teams, bare in the console). The marks are three
 * private-use characters that the input cleaning (sanitize-text.ts) removes from everything people
 * write, so no user text can carry one.
 */
const COMMAND = '\ue011';
const CODE = '\ue012';
const END = '\ue013';

/** The command to write, without the platform's prefix: `cmd('agenda add')`. */
export const cmd = (command: string): string => `${COMMAND}${command}${END}`;
/** A literal value shown as code: `code('tut')`. */
export const code = (value: string): string => `${CODE}${value}${END}`;

export interface Segment {
  kind: 'text' | 'command' | 'code';
  text: string;
}

/** A marked text as its parts, in order. */
export function segments(s: string): Segment[] {
  const out: Segment[] = [];
  let i = 0;
  while (i < s.length) {
    const open = s.slice(i).search(/[\ue011\ue012]/);
    if (open < 0) {
      out.push({ kind: 'text', text: s.slice(i) });
      break;
    }
    if (open > 0) out.push({ kind: 'text', text: s.slice(i, i + open) });
    const start = i + open;
    const end = s.indexOf(END, start + 1);
    const stop = end < 0 ? s.length : end;
    out.push({ kind: s[start] === COMMAND ? 'command' : 'code', text: s.slice(start + 1, stop) });
    i = stop + 1;
  }
  return out;
}

/** How a platform writes each kind of part (`text` also escapes what the platform would parse). */
export interface InlineSyntax {
  text(s: string): string;
  command(s: string): string;
  code(s: string): string;
}

/** A marked text in a platform's syntax. */
export const renderInline = (s: string, syntax: InlineSyntax): string =>
  segments(s).map((p) => (p.kind === 'text' ? syntax.text(p.text) : p.kind === 'command' ? syntax.command(p.text) : syntax.code(p.text))).join('');

/** Plain text as a person types it in the console: commands bare, values as they are. */
export const CONSOLE_SYNTAX: InlineSyntax = { text: (s) => s, command: (s) => s, code: (s) => s };
