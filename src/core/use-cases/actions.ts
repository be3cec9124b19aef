import type { ActionRecord, AgendaItem } from '../model/records';
import { view } from '../model/view';
import { covers } from '../model/visibility';
import { ownActionText } from '../views/minutes-view';
import { itemFacts, shownItem } from '../views/shown-item';
import { inLanguageOf } from '../views/view-context';
import { actorId, type UseCaseContext } from './context';
import { afterMinutesChange } from './minutes';
import { screened } from './screening';
import { type LoadedItem, notifyMember } from './transitions';
import { refused } from './user-error';

/**
 * An action is given only to someone the visibility rule lets read it: for a case, a person whose
 * agency its consent covers (or a decider); otherwise it is refused with the reason.
 */
async function refuseOwnerWhoCannotRead(ctx: UseCaseContext, item: AgendaItem, ownerId: string): Promise<void> {
  if ((await shownItem(ctx, { kind: 'member', memberId: ownerId }, 'action-dm', item))?.may('actions')) return;
  const ref = ctx.directory.forumById(item.municipalityId, item.forumId);
  const owner = ref && ctx.directory.member(ref.municipality, ownerId);
  const name = owner?.name ?? ownerId;
  const outside = item.kind === 'case' && owner && !covers((await itemFacts(ctx, item)).coverage, owner.agency);
  throw refused(outside ? ctx.msg.actionOwnerOutsideConsent(name, owner.agency, item.ref) : ctx.msg.actionOwnerCannotRead(name, item.ref));
}

/**
 * An action on an item of a held meeting, with an owner and a due date (YYYY-MM-DD). After the minutes
 * were approved the posted summary is updated and the owner gets it by DM. Returns the new action.
 */
export async function addAction(ctx: UseCaseContext, { item, ref, meeting }: LoadedItem, ownerId: string, due: string, text: string): Promise<ActionRecord> {
  await refuseOwnerWhoCannotRead(ctx, item, ownerId);
  const action = {
    municipalityId: ref.municipality.id, forumId: ref.forum.id, meetingId: meeting.id, itemRef: item.ref, ownerId, due,
    text: screened(ctx, ctx.msg.fieldText, text), status: 'open' as const, createdBy: actorId(ctx), createdAt: ctx.nowUtc,
  };
  const id = await ctx.tx.addAction(action);
  await ctx.tx.appendAudit({ at: ctx.nowUtc, actor: actorId(ctx), action: 'action', municipalityId: item.municipalityId, forumId: item.forumId, meetingId: meeting.id, itemRef: item.ref });
  if (await afterMinutesChange(ctx, ref, meeting)) {
    const rc = inLanguageOf(ctx, ref.municipality);
    await notifyMember(ctx, ref, ownerId, `action:${id}`, view('list', rc.msg.actionsForYouTitle(ref.forum.name), { lines: [await ownActionText(rc, ref, { ...action, id }, 'action-dm')] }));
  }
  return { ...action, id };
}

/** The owner (or a decider: the caller checks) marks an action done. */
export async function markActionDone(ctx: UseCaseContext, action: ActionRecord): Promise<void> {
  await ctx.tx.updateAction({ ...action, status: 'done', doneAt: ctx.nowUtc });
  await ctx.tx.appendAudit({ at: ctx.nowUtc, actor: actorId(ctx), action: 'action-done', municipalityId: action.municipalityId, forumId: action.forumId, meetingId: action.meetingId, itemRef: action.itemRef });
}
