import { formatShort } from '../i18n/format';
import { view } from '../model/view';
import { refused } from '../use-cases/user-error';
import { markDelivered, resendUndelivered } from '../use-cases/deliveries';
import { type DeliveryRecord, deliveryTarget, deliveryWhat, toDeliveryRecord } from '../views/delivery-view';
import { requireActor, usageOf } from './resolve';
import type { CommandContext, CommandSpec } from './types';

/**
 * Undelivered messages are the coordinator's: the reports go to them, and the texts may hold
 * details of any forum of the municipality (the coordinator decides in every one of them).
 */
const coordinatorOf = (ctx: CommandContext): string => requireActor(ctx).municipality.id; // the coordinator: `who` was checked before the command ran

/** An undelivered message of the coordinator's own municipality, by its number (#12 or 12). */
async function undeliveredById(ctx: CommandContext, arg: string | undefined, usage: string): Promise<DeliveryRecord> {
  const municipalityId = coordinatorOf(ctx);
  if (!arg) throw refused(ctx.msg.missingArgument(ctx.msg.argDeliveryId, usage));
  const id = Number(arg.replace(/^#/, ''));
  const message = Number.isInteger(id) && id > 0 ? await ctx.tx.outboxMessage(id) : undefined;
  const record = message && toDeliveryRecord(message);
  if (!record || record.municipalityId !== municipalityId) throw refused(ctx.msg.deliveryUnknownId(arg.replace(/^#/, '')));
  if (record.resolved) {
    const [how, what] = record.resolved.split(':') as [string, string];
    throw refused(how === 'resent' ? ctx.msg.deliveryAlreadyResent(record.id, Number(what)) : ctx.msg.deliveryAlreadyDone(record.id));
  }
  return record;
}

const zoneOf = (ctx: CommandContext) => ctx.actor?.municipality.timeZone ?? 'Europe/Oslo';

export const deliveryCommand: CommandSpec = {
  name: 'delivery',
  aliases: { nb: ['levering'], nn: ['levering'] },
  args: [{ type: 'number', optional: true }],
  who: 'coordinator',
  async run(ctx) {
    if (ctx.cmd.args[0]) {
      const r = await undeliveredById(ctx, ctx.cmd.args[0], usageOf(ctx));
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
    const municipalityId = coordinatorOf(ctx);
    const total = await ctx.tx.countUndelivered(municipalityId);
    if (!total) return { views: [view('success', undefined, { lines: [ctx.msg.deliveryNone] })] };
    const lines = (await ctx.tx.undeliveredMessages(municipalityId, 30)).flatMap((m) => toDeliveryRecord(m) ?? []).map((r) => `• ${ctx.msg.deliveryListLine(r.id, formatShort(r.dueAt, zoneOf(ctx), ctx.lang),
      deliveryWhat(r), deliveryTarget(ctx, r), ctx.msg.deliveryCauseShort[r.failure] ?? r.failure)}`);
    if (total > lines.length) lines.push(ctx.msg.deliveryMore(total - lines.length));
    return { views: [view('list', ctx.msg.deliveryListTitle(total), { lines }, { lines: [ctx.msg.deliveryListHint] })] };
  },
};

export const deliveryDoneCommand: CommandSpec = {
  name: 'delivery done',
  aliases: { nb: ['levering ordnet'], nn: ['levering ordna'] },
  args: [{ type: 'number' }],
  who: 'coordinator',
  async run(ctx) {
    const record = await undeliveredById(ctx, ctx.cmd.args[0], usageOf(ctx));
    await markDelivered(ctx, record);
    return { views: [view('success', undefined, { lines: [ctx.msg.deliveryDone(record.id)] })] };
  },
};

export const resendCommand: CommandSpec = {
  name: 'resend',
  aliases: { nb: ['send-igjen'], nn: ['send-igjen'] },
  args: [{ type: 'number' }],
  who: 'coordinator',
  async run(ctx) {
    const record = await undeliveredById(ctx, ctx.cmd.args[0], usageOf(ctx));
    const copy = await resendUndelivered(ctx, record);
    return { views: [view('success', undefined, { lines: [ctx.msg.deliveryResent(record.id, copy, deliveryTarget(ctx, record))] })] };
  },
};
