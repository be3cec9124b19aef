import type { Messages } from '../i18n';
import type { ArgSpec, ArgType, CommandSpec, FlagSpec, Placeholder } from './types';

const DEFAULT_PLACEHOLDER: Record<ArgType, Placeholder> = { ref: 'ref', forum: 'forum', member: 'member', date: 'date', text: 'text', number: 'nr' };

export const placeholderOf = (a: Pick<ArgSpec, 'type' | 'placeholder'>): Placeholder => a.placeholder ?? DEFAULT_PLACEHOLDER[a.type];

/** One argument as the usage line shows it: `<ref>`, `[forum]`, `"<tittel>"`, `@<medlem>`, `[next|ÅÅÅÅ-MM-DD]`. */
function argText(a: ArgSpec, msg: Messages): string {
  const name = msg.placeholder[placeholderOf(a)];
  const value = a.optional ? name : `<${name}>`;
  const shown = a.type === 'member' ? `@${value}` : a.quoted ? `"${value}"` : value;
  const withWords = a.words?.length ? [...a.words.slice(0, 1), shown].join('|') : shown;
  return a.optional ? `[${withWords}]` : withWords;
}

const flagText = (name: string, f: FlagSpec, msg: Messages): string =>
  `[--${name}${f.type ? ` <${msg.placeholder[placeholderOf({ type: f.type, ...(f.placeholder ? { placeholder: f.placeholder } : {}) })]}>` : ''}]`;

/** The usage line of a command in a language, without the platform's prefix: `agenda add "<tittel>" [beskrivelse] [--case] …`. */
export function usageLine(spec: Pick<CommandSpec, 'name' | 'args' | 'flags'>, msg: Messages): string {
  const flags = Object.entries(spec.flags ?? {}).filter(([, f]) => !f.hidden).map(([n, f]) => flagText(n, f, msg));
  return [spec.name, ...(spec.args ?? []).map((a) => argText(a, msg)), ...flags].join(' ');
}

/** The flags that take no value, over a table: the grammar reads `--case "x"` as a flag and an argument. */
export const booleanFlags = (table: readonly Pick<CommandSpec, 'flags'>[]): ReadonlySet<string> =>
  new Set(table.flatMap((c) => Object.entries(c.flags ?? {}).filter(([, f]) => !f.type).map(([n]) => n)));
