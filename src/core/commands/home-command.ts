import { homeView } from '../views/home-view';
import type { CommandSpec } from './types';

/** `home`: the person's overview, as Slack's App Home shows it (elsewhere as text). */
export const homeCommand: CommandSpec = {
  name: 'home',
  aliases: { nb: ['oversikt', 'hjem'], nn: ['oversyn', 'heim'] },
  who: 'everyone',
  menu: ['personal'],
  async run(ctx) {
    return { views: [await homeView(ctx, { ...(ctx.actor ? { actor: ctx.actor } : {}), platform: ctx.req.platform, userId: ctx.req.userId })] };
  },
};
