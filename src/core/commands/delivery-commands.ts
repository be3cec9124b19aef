import { formatShort } from '../i18n/format';
import type { DeliveryLog, DeliveryRecord } from '../ports';
import { deliveryTarget, deliveryWhat } from '../schedule/delivery-report';
import { errorView, view } from '../views';
import { requireActor } from './resolve';
import { type CommandContext, type CommandSpec, UserError } from './types';

/**
 * Undelivered messages are the coordinator's: the reports go to them, and the texts may hold
 * details of any forum of the municipality (the coordinator decides in every one of them).
 */
function coordinatorLog(ctx: CommandContext): { log: DeliveryLog; municipalityId: string } {
  const actor = requireActor(ctx);
  if (actor.municipality.coordinator !== actor.member.id) {
    throw new UserError(errorView(ctx.msg.notAllowed(ctx.msg.actDelivery, ctx.msg.roleName.coordinator!, ctx.deps.directory.displayName(actor.municipality, actor.municipality.coordinator))));
  }
  if (!ctx.deps.deliveries) throw new UserError(errorView(ctx.msg.deliveryNone));
  return { log: ctx.deps.deliveries, municipalityId: actor.municipality.id };
}

/** An undelivered message of the coordinator's own municipality, by its number (#12 or 12). */
function undeliveredById(ctx: CommandContext, arg: string | undefined, usage: string): { log: DeliveryLog; record: DeliveryRecord } {
  const { log, municipalityId } = coordinatorLog(ctx);
  if (!arg) throw new UserError(errorView(ctx.msg.missingArgument(ctx.msg.argDeliveryId, `/slt ${usage}`)));
  const id = Number(arg.replace(/^#/, ''));
  const record = Number.isInteger(id) && id > 0 ? log.record(id) : undefined;
  if (!record || record.municipalityId !== municipalityId) throw new UserError(errorView(ctx.msg.deliveryUnknownId(arg.replace(/^#/, ''))));
  if (record.resolved) {
    const [how, what] = record.resolved.split(':') as [string, string];
    throw new UserError(errorView(how === 'resent' ? ctx.msg.deliveryAlreadyResent(record.id, Number(what)) : ctx.msg.deliveryAlreadyDone(record.id)));
  }
  return { log, record };
}

const zoneOf = (ctx: CommandContext) => ctx.actor?.municipality.timeZone ?? 'Europe/Oslo';

export const deliveryCommand: CommandSpec = {
  name: 'delivery',
  aliases: ['levering'],
  usage: 'delivery [nr]',
  run(ctx) {
    if (ctx.cmd.args[0]) {
      const { record: r } = undeliveredById(ctx, ctx.cmd.args[0], this.usage);
      const text = [...(r.view.title ? [r.view.title] : []), ...r.view.sections.flatMap((s) => [...(s.heading ? [s.heading] : []), ...s.lines])];
      return {
        views: [view('info', ctx.msg.deliveryTitle(r.id),
          { lines: [
            ctx.msg.deliveryWhere(deliveryTarget(ctx, r)),
            ctx.msg.deliveryDue(formatShort(r.dueAt, zoneOf(ctx), ctx.lang)),
            ctx.msg.deliveryWhy(ctx.msg.deliveryCause[r.failure] ?? r.failure),
            ...(r.lastError ? [ctx.msg.deliveryError(r.lastError)] : []),
          ] },
          { heading: ctx.msg.deliveryText, lines: text },
          { lines: [ctx.msg.deliveryActions(r.id)] })],
      };
    }
    const { log, municipalityId } = coordinatorLog(ctx);
    const total = log.countUndelivered(municipalityId);
    if (!total) return { views: [view('success', undefined, { lines: [ctx.msg.deliveryNone] })] };
    const lines = log.undelivered(municipalityId, 30).map((r) => `• ${ctx.msg.deliveryListLine(r.id, formatShort(r.dueAt, zoneOf(ctx), ctx.lang),
      deliveryWhat(r), deliveryTarget(ctx, r), ctx.msg.deliveryCauseShort[r.failure] ?? r.failure)}`);
    if (total > lines.length) lines.push(ctx.msg.deliveryMore(total - lines.length));
    return { views: [view('list', ctx.msg.deliveryListTitle(total), { lines }, { lines: [ctx.msg.deliveryListHint] })] };
  },
};

export const deliveryDoneCommand: CommandSpec = {
  name: 'delivery done',
  aliases: ['levering ordnet'],
  usage: 'delivery done <nr>',
  run(ctx) {
    const { log, record } = undeliveredById(ctx, ctx.cmd.args[0], this.usage);
    log.markDone(record.id, ctx.actor!.member.id, ctx.nowUtc);
    return { views: [view('success', undefined, { lines: [ctx.msg.deliveryDone(record.id)] })] };
  },
};

export const resendCommand: CommandSpec = {
  name: 'resend',
  aliases: ['send-igjen'],
  usage: 'resend <nr>',
  run(ctx) {
    const { log, record } = undeliveredById(ctx, ctx.cmd.args[0], this.usage);
    const copy = log.resend(record.id, ctx.nowUtc);
    return { views: [view('success', undefined, { lines: [ctx.msg.deliveryResent(record.id, copy, deliveryTarget(ctx, record))] })] };
  },
};
