import type { Messages } from '../i18n';
import type { CommandSpec, MenuScope } from './types';

/** The Teams menus in the order of the manifest's commandLists (at most 10 commands each). */
export const MENU_SCOPES: readonly MenuScope[] = ['personal', 'team', 'groupChat'];
const MENU_MAX = 10;
const DESCRIPTION_MAX = 128;

/** A command's help text cut to its first sentence, as short as a menu shows it (Teams: at most 128 characters). */
export function briefHelp(spec: Pick<CommandSpec, 'name'>, msg: Messages): string {
  const text = msg.commandHelp[spec.name] ?? spec.name;
  const sentence = /^(.+?\.)(\s|$)/.exec(text)?.[1] ?? text;
  if (sentence.length <= DESCRIPTION_MAX) return sentence;
  const clause = /^(.+?):\s/.exec(sentence)?.[1];
  return clause && clause.length < DESCRIPTION_MAX ? `${clause}.` : `${sentence.slice(0, DESCRIPTION_MAX - 1)}…`;
}

/** The commands offered in a menu, in table order, help last. */
export const menuCommands = (table: readonly CommandSpec[], scope: MenuScope): CommandSpec[] => {
  const offered = table.filter((c) => c.menu?.includes(scope));
  // help closes every menu
  return [...offered.filter((c) => c.name !== 'help'), ...offered.filter((c) => c.name === 'help')].slice(0, MENU_MAX);
};

/** The Teams manifest's commandLists: per scope, each command's name (what the bot receives) and its brief help. */
export const teamsCommandLists = (table: readonly CommandSpec[], msg: Messages) => MENU_SCOPES.map((scope) => ({
  scopes: [scope],
  commands: menuCommands(table, scope).map((c) => ({ title: c.name, description: briefHelp(c, msg) })),
}));

/** The commandLists' descriptions in a language file of the Teams manifest (key → text). */
export function teamsMenuTranslations(table: readonly CommandSpec[], msg: Messages): Record<string, string> {
  const out: Record<string, string> = {};
  teamsCommandLists(table, msg).forEach((list, i) => list.commands.forEach((c, j) => {
    out[`bots[0].commandLists[${i}].commands[${j}].description`] = c.description;
  }));
  return out;
}

/** Slack's hint under `/slt`: the commands of a channel's menu. */
export const slackUsageHint = (table: readonly CommandSpec[]): string => menuCommands(table, 'team').map((c) => c.name).join(' | ');
