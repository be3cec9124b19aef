import type { Municipality } from '../model/municipality';
import type { DeliveryRecord } from '../ports/sync-store';
import { deliveryDigest } from '../views/delivery-view';
import { inLanguageOf } from '../views/view-context';
import type { UseCaseContext } from './context';

/**
 * Tell each municipality's coordinator, in one message, about the messages that just failed for good or
 * whose outcome is unknown (the bot's own reports are never reported about: no loops). Called inside
 * the transaction that marks the records as reported, so each is reported once, also with several
 * instances. Returns how many were reported.
 */
export function reportUndelivered(ctx: UseCaseContext, records: readonly DeliveryRecord[]): number {
  let reported = 0;
  const byMunicipality = new Map<Municipality, DeliveryRecord[]>();
  for (const r of records) {
    const m = ctx.directory.municipalities.find((x) => x.id === r.municipalityId);
    if (!m || r.isReport) continue;
    byMunicipality.set(m, [...(byMunicipality.get(m) ?? []), r]);
  }
  for (const [m, mine] of byMunicipality) {
    ctx.notifier.enqueue({
      key: `delivery:${m.id}:${mine[0]!.id}-${mine.at(-1)!.id}`,
      to: { kind: 'member', municipality: m, memberId: m.coordinator },
      view: deliveryDigest(inLanguageOf(ctx, m), mine),
    });
    reported += mine.length;
  }
  return reported;
}
