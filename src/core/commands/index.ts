import { calendarCommand, forumsCommand, nextCommand } from './info-commands';
import type { CommandSpec } from './types';
import { whoamiCommand } from './whoami-command';

/** Every command of the grammar except `help` (the bot adds it). Order = order in the help text. */
export const ALL_COMMANDS: readonly CommandSpec[] = [
  forumsCommand,
  nextCommand,
  calendarCommand,
  whoamiCommand,
];
