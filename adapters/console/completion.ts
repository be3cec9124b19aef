import type { CommandSpec } from '../../src/core/commands/types';

/** The console's own commands (who and where you are, the demo clock, leaving). */
export const CONSOLE_COMMANDS = ['as', 'channel', 'clock', 'quit'] as const;

/**
 * Tab completion for readline, from the command table: the command names that begin with what is typed
 * (with or without a leading /slt), and the console's own commands.
 */
export function consoleCompleter(table: readonly Pick<CommandSpec, 'name'>[]): (line: string) => [string[], string] {
  const names = [...table.map((c) => c.name), ...CONSOLE_COMMANDS];
  return (line) => {
    const prefix = /^\s*\/?slt\s+/i.exec(line)?.[0] ?? '';
    const typed = line.slice(prefix.length).toLowerCase();
    const hits = names.filter((n) => n.startsWith(typed)).map((n) => `${prefix}${n}`);
    return [hits, line];
  };
}
