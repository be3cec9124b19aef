import type { ForumRef } from '../model/directory';
import { consentProblem } from '../views/consent-view';
import { upcomingMeetings } from '../views/meeting-view';
import { actorId, type UseCaseContext } from './context';
import { screened } from './screening';
import { type Submitted, submitItem } from './submit-item';
import type { LoadedItem } from './transitions';
import { refused } from './user-error';

/**
 * Raise an item to another forum of the municipality (e.g. from the SLT meeting to the politiråd):
 * a linked copy is submitted there. A case needs a forum that takes cases and consent valid on the
 * date of the receiving forum's next meeting; the consent goes with it, so the agencies outside its
 * scope are shown as leaving there too.
 */
export async function raiseItem(ctx: UseCaseContext, { item, ref }: LoadedItem, target: ForumRef): Promise<Submitted> {
  if (target.municipality.id !== ref.municipality.id) throw refused(ctx.msg.raiseOtherMunicipality);
  if (target.forum.id === ref.forum.id) throw refused(ctx.msg.raiseSameForum);
  const consent = await ctx.tx.consent(item.ref);
  if (item.kind === 'case') {
    if (!target.forum.allowsCases) throw refused(ctx.msg.casesNotAllowed(target.forum.name));
    const next = (await upcomingMeetings(ctx, target))[0];
    const problem = next ? await consentProblem(ctx, item, next) : undefined;
    if (problem) throw refused(`${ctx.msg.raiseConsent(item.ref, target.forum.name)} ${problem}`);
  }
  const created = await submitItem(ctx, target, {
    title: screened(ctx, ctx.msg.fieldTitle, item.title),
    ...(item.description ? { description: item.description } : {}),
    kind: item.kind,
    category: item.category,
    raisedFrom: item.ref,
  });
  if (consent) await ctx.tx.putConsent({ ...consent, itemRef: created.item.ref, recordedBy: actorId(ctx), recordedAt: ctx.nowUtc });
  await ctx.tx.appendAudit({ at: ctx.nowUtc, actor: actorId(ctx), action: 'raise', municipalityId: item.municipalityId, forumId: item.forumId, meetingId: item.meetingId, itemRef: item.ref });
  return created;
}
