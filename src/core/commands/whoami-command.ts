import { view } from '../model/view';
import type { CommandSpec } from './types';
import { code } from '../model/markup';

export const whoamiCommand: CommandSpec = {
  name: 'whoami',
  aliases: { nb: ['meg', 'hvem'], nn: ['meg', 'kven'] },
  who: 'everyone',
  menu: ['personal', 'groupChat'],
  async run(ctx) {
    if (!ctx.actor) {
      // an unknown user learns the id the coordinator has to configure (Teams ids are not visible in the client)
      const { platform, userId } = ctx.req;
      const lines = platform === 'console' ? [] : [ctx.msg.yourIdentity(platform, userId)];
      return { views: [view('error', undefined, { lines: [platform === 'console' ? ctx.msg.whoAreYouConsole : ctx.msg.whoAreYou, ...lines] })] };
    }
    const { municipality: m, member } = ctx.actor;
    const dir = ctx.directory;
    const lines = m.forums
      .map((forum) => ({ forum, role: dir.roleIn({ municipality: m, forum }, member.id) }))
      .filter((x) => x.role !== 'stranger')
      .map((x) => `${x.forum.name} (${code(x.forum.id)}): ${ctx.msg.roleName[x.role]}`);
    return { views: [view('info', `${member.name} · ${member.role} · ${member.agency} · ${m.name}`, { lines })] };
  },
};
