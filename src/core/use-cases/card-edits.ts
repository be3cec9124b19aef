import type { ForumRef } from '../model/directory';
import type { AgendaItem } from '../model/records';
import { itemCard } from '../views/item-card';
import { inLanguageOf } from '../views/view-context';
import type { UseCaseContext } from './context';

/**
 * The item card each decider got by DM is edited to the item as it is now (state, meeting, who
 * decided, which buttons are left), so nobody acts on a stale card. Update-only: where the card was
 * never delivered, nothing is posted.
 */
export async function editDeciderCards(ctx: UseCaseContext, ref: ForumRef, item: AgendaItem): Promise<void> {
  const rc = inLanguageOf(ctx, ref.municipality);
  const title = item.late ? rc.msg.lateItemTitle(ref.forum.name) : rc.msg.newItemTitle(ref.forum.name);
  for (const d of ctx.directory.deciders(ref)) {
    const original = `item:${item.ref}:new:${d}`;
    await ctx.notifier.enqueue({
      // one edit per state the item reaches (a command may move it twice: carried over, then decided)
      key: `${original}:edit:${ctx.nowUtc}:${item.state}:${item.meetingId}`, to: { kind: 'member', municipality: ref.municipality, memberId: d },
      view: await itemCard(rc, ref, item, { viewer: d, withActions: true, title, view: 'dm' }), replaces: original, updateOnly: true,
    });
  }
}
