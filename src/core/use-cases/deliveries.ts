import { nextAllowedInstant } from '../model/quiet-hours';
import type { DeliveryRecord } from '../views/delivery-view';
import { actorId, type UseCaseContext } from './context';

/**
 * Send an undelivered message again as a new message to the same person or channel (after quiet
 * hours); the original is marked resent. Returns the new message's number.
 */
export async function resendUndelivered(ctx: UseCaseContext, record: DeliveryRecord): Promise<number> {
  const row = await ctx.tx.outboxMessage(record.id);
  if (!row) throw new Error(`message ${record.id} is gone`);
  const m = ctx.directory.municipalities.find((x) => x.id === row.municipalityId);
  const notBefore = m ? nextAllowedInstant(ctx.nowUtc, m.timeZone, m.quietHours) : ctx.nowUtc;
  const copy = await ctx.tx.enqueueMessage({
    key: `resend:${row.id}@${row.platform}:${row.target}`, municipalityId: row.municipalityId, platform: row.platform, targetKind: row.targetKind,
    target: row.target, view: row.view, notBefore, dueAt: notBefore,
    ...(row.replacesKey ? { replacesKey: row.replacesKey } : {}),
    ...(row.updateOnly ? { updateOnly: true } : {}),
  }, ctx.nowUtc);
  if (copy === undefined || !(await ctx.tx.resolveUndelivered(row.id, `resent:${copy}`, ctx.nowUtc))) {
    throw new Error(`message ${row.id} is not an unresolved undelivered message`);
  }
  return copy;
}

/** The coordinator has dealt with an undelivered message (it arrived after all, or is no longer needed). */
export async function markDelivered(ctx: UseCaseContext, record: DeliveryRecord): Promise<void> {
  await ctx.tx.resolveUndelivered(record.id, `done:${actorId(ctx)}`, ctx.nowUtc);
}
