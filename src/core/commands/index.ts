import { agendaAddCommand, agendaCommand, agendaMineCommand, itemCommand } from './agenda-commands';
import { bindCommand } from './bind-command';
import { consentCommand, logCommand, publishCommand } from './coordinator-commands';
import { answerCommand, approveCommand, askCommand, deferCommand, rejectCommand, withdrawCommand } from './decision-commands';
import { calendarCommand, forumsCommand, nextCommand } from './info-commands';
import type { CommandSpec } from './types';
import { whoamiCommand } from './whoami-command';
import { actionCommand, actionDoneCommand, actionsCommand } from './action-commands';
import { deputyCommand, regretsCommand } from './attendance-commands';
import { decisionCommand, minutesApproveCommand, minutesCommand, noteCommand } from './minutes-commands';
import { raiseCommand } from './raise-command';
import { deliveryCommand, deliveryDoneCommand, resendCommand } from './delivery-commands';
import { homeCommand } from './home-command';
import { helpCommand } from './help-command';

/** Every command of the grammar except `help` (the bot adds it). Order = order in the help text. */
export const ALL_COMMANDS: readonly CommandSpec[] = [
  homeCommand,
  forumsCommand,
  nextCommand,
  calendarCommand,
  agendaCommand,
  agendaAddCommand,
  agendaMineCommand,
  itemCommand,
  approveCommand,
  rejectCommand,
  deferCommand,
  askCommand,
  answerCommand,
  withdrawCommand,
  consentCommand,
  publishCommand,
  logCommand,
  minutesCommand,
  minutesApproveCommand,
  noteCommand,
  decisionCommand,
  actionCommand,
  actionsCommand,
  actionDoneCommand,
  regretsCommand,
  deputyCommand,
  raiseCommand,
  bindCommand,
  deliveryCommand,
  deliveryDoneCommand,
  resendCommand,
  whoamiCommand,
];

/** The whole table as people use it: `help` first, then every other command. */
export const COMMAND_TABLE: readonly CommandSpec[] = [helpCommand(() => COMMAND_TABLE), ...ALL_COMMANDS];
