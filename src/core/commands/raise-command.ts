import { view } from '../model/view';
import { raiseItem } from '../use-cases/raise-item';
import { refused } from '../use-cases/user-error';
import { itemCard } from '../views/item-card';
import { loadItem, resolveForum, usageOf } from './resolve';
import type { CommandSpec } from './types';

/** `raise <ref> <forum>`: a linked copy of the item is submitted to another forum of the municipality. */
export const raiseCommand: CommandSpec = {
  name: 'raise',
  aliases: { nb: ['løft', 'loft'], nn: ['løft', 'loft'] },
  args: [{ type: 'ref' }, { type: 'forum' }],
  who: 'deciders',
  act: (m) => m.actRaise,
  async run(ctx) {
    const loaded = await loadItem(ctx, ctx.cmd.args[0], usageOf(ctx));
    if (!ctx.cmd.args[1]) throw refused(ctx.msg.missingArgument(ctx.msg.fieldForum.toLowerCase(), usageOf(ctx)));
    const target = resolveForum(ctx, ctx.cmd.args[1]);
    const { item } = await raiseItem(ctx, loaded, target);
    return {
      views: [view('success', undefined, { lines: [ctx.msg.raised(loaded.item.ref, item.ref, target.forum.name)] }),
        await itemCard(ctx, target, item, { viewer: item.submitterId, withActions: true })],
    };
  },
};
