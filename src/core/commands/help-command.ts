import { view } from '../model/view';
import type { CommandSpec } from './types';

/** `help` needs the command table, so it is built from it. */
export function helpCommand(table: () => readonly CommandSpec[]): CommandSpec {
  return {
    name: 'help',
    aliases: ['hjelp', 'h', '?'],
    usage: 'help [command]',
    async run(ctx) {
      const wanted = ctx.cmd.args.join(' ').toLowerCase() || undefined;
      const spec = wanted ? table().find((c) => c.name === wanted || c.aliases?.includes(wanted)) : undefined;
      const doc = ctx.msg.commandHelp;
      if (spec) {
        return { views: [view('help', `/slt ${spec.name}`, { lines: [doc[spec.name] ?? '', `${ctx.msg.helpUsage}: \`/slt ${spec.usage}\``] })] };
      }
      const lines = table().map((c) => `\`/slt ${c.usage}\` – ${doc[c.name] ?? ''}`);
      return { views: [view('help', ctx.msg.helpTitle, { lines: [ctx.msg.helpIntro] }, { lines }, { lines: [ctx.msg.helpMore] })] };
    },
  };
}
