import type { Municipality } from '../model/municipality';
import { type DeliveryRecord, deliveryDigest, REPORT_KEY, toDeliveryRecord } from '../views/delivery-view';
import { inLanguageOf } from '../views/view-context';
import type { UseCaseContext } from './context';

/**
 * Tell each municipality's coordinator, in one message, about the messages that just failed for good or
 * whose outcome is unknown (the bot's own reports are never reported about: no loops). The messages
 * are marked reported in the same transaction, so each is reported once, also with several instances.
 * Returns how many were reported.
 */
export async function reportUndelivered(ctx: UseCaseContext): Promise<number> {
  const records = (await ctx.tx.takeUnreported(ctx.nowUtc)).flatMap((r) => toDeliveryRecord(r) ?? []);
  let reported = 0;
  const byMunicipality = new Map<Municipality, DeliveryRecord[]>();
  for (const r of records) {
    const m = ctx.directory.municipalities.find((x) => x.id === r.municipalityId);
    if (!m || r.isReport) continue;
    byMunicipality.set(m, [...(byMunicipality.get(m) ?? []), r]);
  }
  for (const [m, mine] of byMunicipality) {
    await ctx.notifier.enqueue({
      key: `${REPORT_KEY}${m.id}:${mine[0]!.id}-${mine.at(-1)!.id}`,
      to: { kind: 'member', municipality: m, memberId: m.coordinator },
      view: deliveryDigest(inLanguageOf(ctx, m), mine),
    });
    reported += mine.length;
  }
  return reported;
}
