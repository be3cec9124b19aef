import { homeView } from '../home/home-view';
import type { CommandSpec } from './types';

/** `home`: the person's overview, as Slack's App Home shows it (elsewhere as text). */
export const homeCommand: CommandSpec = {
  name: 'home',
  aliases: ['oversikt', 'hjem'],
  usage: 'home',
  run(ctx) {
    return { views: [homeView(ctx)] };
  },
};
