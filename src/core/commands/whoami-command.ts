import { view } from '../views';
import { requireActor } from './resolve';
import type { CommandSpec } from './types';

export const whoamiCommand: CommandSpec = {
  name: 'whoami',
  aliases: ['meg', 'hvem'],
  usage: 'whoami',
  run(ctx) {
    const { municipality: m, member } = requireActor(ctx);
    const dir = ctx.deps.directory;
    const lines = m.forums
      .map((forum) => ({ forum, role: dir.roleIn({ municipality: m, forum }, member.id) }))
      .filter((x) => x.role !== 'stranger')
      .map((x) => `${x.forum.name} (\`${x.forum.id}\`): ${ctx.msg.roleName[x.role]}`);
    return { views: [view('info', `${member.name} · ${member.role} · ${member.agency} · ${m.name}`, { lines })] };
  },
};
