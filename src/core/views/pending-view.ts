import { isUndecided } from '../model/item-lifecycle';
import type { AgendaItem } from '../model/records';
import { type Audience, shownItem } from './shown-item';
import type { ViewContext } from './view-context';

/** One line of a list of items waiting for a decision, as `audience` may see it (their state; on an agenda without valid consent: waiting for consent). */
export async function pendingLine(ctx: ViewContext, audience: Audience, item: AgendaItem): Promise<string | undefined> {
  const s = (await shownItem(ctx, audience, 'pending-digest', item))?.item;
  if (!s) return undefined;
  const state = ctx.msg.stateName[isUndecided(item.state) ? item.state : 'needs-consent'];
  return `• ${item.ref}${s.title ? ` · ${s.title}` : ''} [${state}]`;
}
