import { view } from '../model/view';
import type { CommandContext, CommandSpec } from './types';
import { aliasesOf } from './types';
import { usageLine } from './usage';
import { cmd } from '../model/markup';
import { mayRunSomewhere } from './who-may-run';

/** The command a person asks help for, by name or alias in any language. */
export const findCommand = (table: readonly CommandSpec[], wanted: string): CommandSpec | undefined =>
  table.find((c) => c.name === wanted || aliasesOf(c).includes(wanted));

/** A command's help text with who may run it ("… (innkaller og SLT-koordinator)"). */
const helpText = (ctx: CommandContext, c: CommandSpec): string =>
  `${ctx.msg.commandHelp[c.name] ?? ''}${c.who === 'everyone' ? '' : ` (${ctx.msg.whoName[c.who]})`}`;

/** `help` needs the command table, so it is built from it. */
export function helpCommand(table: () => readonly CommandSpec[]): CommandSpec {
  return {
    name: 'help',
    aliases: { nb: ['hjelp', 'h', '?'], nn: ['hjelp', 'h', '?'], en: ['h', '?'] },
    args: [{ type: 'text', placeholder: 'command', optional: true, rest: true }],
    who: 'everyone',
    menu: ['personal', 'team', 'groupChat'],
    async run(ctx) {
      const wanted = ctx.cmd.args.join(' ').toLowerCase() || undefined;
      const spec = wanted ? findCommand(table(), wanted) : undefined;
      if (spec) {
        return { views: [view('help', cmd(spec.name), { lines: [helpText(ctx, spec), `${ctx.msg.helpUsage}: ${cmd(usageLine(spec, ctx.msg))}`] })] };
      }
      // only what this person may run (the same rule the bot enforces)
      const lines = table().filter((c) => mayRunSomewhere(ctx, c)).map((c) => `${cmd(usageLine(c, ctx.msg))} – ${helpText(ctx, c)}`);
      return { views: [view('help', ctx.msg.helpTitle, { lines: [ctx.msg.helpIntro] }, { lines }, { lines: [ctx.msg.helpMore] })] };
    },
  };
}
