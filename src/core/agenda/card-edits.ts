import type { CommandContext } from '../commands/types';
import type { ForumRef } from '../directory';
import type { AgendaItem } from '../model/records';
import { itemCard } from './item-card';
import { decidersOf } from './item-support';

/**
 * The item card each decider got by DM is edited to the item as it is now (state, meeting, who
 * decided, which buttons are left), so nobody acts on a stale card. Update-only: where the card was
 * never delivered, nothing is posted.
 */
export function editDeciderCards(ctx: CommandContext, ref: ForumRef, item: AgendaItem): void {
  const title = item.late ? ctx.msg.lateItemTitle(ref.forum.name) : ctx.msg.newItemTitle(ref.forum.name);
  for (const d of decidersOf(ctx, ref)) {
    const original = `item:${item.ref}:new:${d}`;
    ctx.deps.notifier.enqueue({
      // one edit per state the item reaches (a command may move it twice: carried over, then decided)
      key: `${original}:edit:${ctx.nowUtc}:${item.state}:${item.meetingId}`, to: { kind: 'member', municipality: ref.municipality, memberId: d },
      view: itemCard(ctx, ref, item, { viewer: d, withActions: true, title, view: 'dm' }), replaces: original, updateOnly: true,
    }, ctx.nowUtc);
  }
}
