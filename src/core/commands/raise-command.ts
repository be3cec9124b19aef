import { loadItem, screened } from '../agenda/item-support';
import { submitItem } from '../agenda/submit-item';
import { errorView, view } from '../views';
import { CONVENER_ROLES, requireRole, resolveForum, upcomingMeetings } from './resolve';
import { consentProblem } from '../agenda/consent-rules';
import { type CommandSpec, UserError } from './types';

/**
 * Raise an item to another forum of the municipality (e.g. from the SLT meeting to the politiråd):
 * a linked copy is submitted there. A case needs a forum that takes cases and recorded consent,
 * which goes with it, so the agencies outside its scope are shown as leaving there too.
 */
export const raiseCommand: CommandSpec = {
  name: 'raise',
  aliases: ['løft', 'loft'],
  usage: 'raise <ref> <forum>',
  run(ctx) {
    const { item, ref } = loadItem(ctx, ctx.cmd.args[0], `/slt ${this.usage}`);
    requireRole(ctx, ref, CONVENER_ROLES, ctx.msg.actRaise);
    if (!ctx.cmd.args[1]) throw new UserError(errorView(ctx.msg.missingArgument(ctx.msg.fieldForum.toLowerCase(), `/slt ${this.usage}`)));
    const target = resolveForum(ctx, ctx.cmd.args[1]);
    if (target.municipality.id !== ref.municipality.id) throw new UserError(errorView(ctx.msg.raiseOtherMunicipality));
    if (target.forum.id === ref.forum.id) throw new UserError(errorView(ctx.msg.raiseSameForum));
    const consent = ctx.deps.store.consent(item.ref);
    if (item.kind === 'case') {
      if (!target.forum.allowsCases) throw new UserError(errorView(ctx.msg.casesNotAllowed(target.forum.name)));
      // the consent goes with the case: it must be valid on the date of the meeting it is raised to
      const next = upcomingMeetings(ctx, target)[0];
      const problem = next ? consentProblem(ctx, item, next) : undefined;
      if (problem) throw new UserError(errorView(`${ctx.msg.raiseConsent(item.ref, target.forum.name)} ${problem}`));
    }
    const reply = submitItem(ctx, target, {
      title: screened(ctx, ctx.msg.fieldTitle, item.title),
      ...(item.description ? { description: item.description } : {}),
      kind: item.kind,
      category: item.category,
      raisedFrom: item.ref,
    });
    const created = reply.views.find((v) => v.itemRef)?.itemRef;
    if (!created) return reply;
    if (consent) ctx.deps.store.putConsent({ ...consent, itemRef: created, recordedBy: ctx.actor!.member.id, recordedAt: ctx.nowUtc });
    ctx.deps.store.appendAudit({ at: ctx.nowUtc, actor: ctx.actor!.member.id, action: 'raise', municipalityId: item.municipalityId, forumId: item.forumId, meetingId: item.meetingId, itemRef: item.ref });
    return { views: [view('success', undefined, { lines: [ctx.msg.raised(item.ref, created, target.forum.name)] }), ...reply.views.slice(1)] };
  },
};
