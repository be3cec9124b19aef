import { agendaAddCommand, agendaCommand, agendaMineCommand } from './agenda-commands';
import { bindCommand, consentCommand, logCommand, publishCommand } from './coordinator-commands';
import { answerCommand, approveCommand, askCommand, deferCommand, rejectCommand, withdrawCommand } from './decision-commands';
import { calendarCommand, forumsCommand, nextCommand } from './info-commands';
import type { CommandSpec } from './types';
import { whoamiCommand } from './whoami-command';

/** Every command of the grammar except `help` (the bot adds it). Order = order in the help text. */
export const ALL_COMMANDS: readonly CommandSpec[] = [
  forumsCommand,
  nextCommand,
  calendarCommand,
  agendaCommand,
  agendaAddCommand,
  agendaMineCommand,
  approveCommand,
  rejectCommand,
  deferCommand,
  askCommand,
  answerCommand,
  withdrawCommand,
  consentCommand,
  publishCommand,
  logCommand,
  bindCommand,
  whoamiCommand,
];
