import type { Messages } from '../i18n';
import { clip } from '../input/input-limits';
import { isIsoDate } from '../model/primitives';
import type { ParsedCommand } from './grammar';
import type { ArgSpec, CommandSpec } from './types';
import { placeholderOf, usageLine } from './usage';

const isNumber = (s: string): boolean => /^#?\d+$/.test(s);

/** A value of a type the grammar checks by its form (a date, a number): the refusal, or undefined when it is fine. */
function badValue(a: Pick<ArgSpec, 'type' | 'words'>, value: string, msg: Messages): string | undefined {
  if (a.words?.includes(value.toLowerCase())) return undefined;
  if (a.type === 'date' && !isIsoDate(value)) return msg.badDateArg(clip(value));
  if (a.type === 'number' && !isNumber(value)) return msg.badNumber(clip(value));
  return undefined;
}

/**
 * The arguments and flags of a typed command against its declaration, before it runs: an unknown flag,
 * a required argument left out, a date or number that is not one. The first problem, as the reader's
 * language says it (with the usage line), or undefined. Items, forums and members are looked up by the command.
 */
export function argumentProblem(spec: CommandSpec, cmd: ParsedCommand, msg: Messages): string | undefined {
  const usage = (): string => usageLine(spec, msg); // only a refusal shows it
  const declared = spec.flags ?? {};
  const unknownFlag = Object.keys(cmd.flags).find((f) => !Object.hasOwn(declared, f));
  if (unknownFlag) return msg.unknownFlag(clip(unknownFlag), usage());
  for (const [name, f] of Object.entries(declared)) {
    const v = cmd.flags[name];
    if (typeof v === 'string' && f.type === 'date' && !isIsoDate(v)) return msg.badDate(name);
    if (typeof v === 'string' && f.type === 'number' && !isNumber(v)) return msg.badNumber(clip(v));
  }
  const args = spec.args ?? [];
  for (const [i, a] of args.entries()) {
    const value = cmd.args[i];
    if (value === undefined) {
      if (!a.optional && !a.formIfMissing) return msg.missingArgument(msg.argWhat[placeholderOf(a)], usage());
      continue;
    }
    if (a.rest) break;
    const bad = badValue(a, value, msg);
    if (bad) return bad;
  }
  return undefined;
}
