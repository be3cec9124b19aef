import type { CoreDeps } from '../commands/types';
import { view } from '../views';
import { systemContext } from './system-context';

/**
 * Tell the municipality's coordinator that a message could not be delivered (the channel is gone,
 * the bot was removed) or may or may not have arrived (a send interrupted by a crash).
 */
export function reportDeliveryProblem(deps: CoreDeps, now: Date, row: { key: string; municipalityId: string; platform: string; targetKind: string; target: string }, problem: 'failed' | 'unknown'): void {
  const m = deps.directory.municipalities.find((x) => x.id === row.municipalityId);
  if (!m || row.key.startsWith('delivery:')) return; // never report about a report
  const ctx = systemContext(deps, now, m);
  const where = `${row.platform} ${row.targetKind === 'channel' ? 'kanal' : 'DM'} ${row.target}`;
  deps.store.transaction(() => deps.notifier.enqueue({
    key: `delivery:${row.key}`,
    to: { kind: 'member', municipality: m, memberId: m.coordinator },
    view: view('error', ctx.msg.deliveryFailedTitle, { lines: [problem === 'failed' ? ctx.msg.deliveryFailed(where) : ctx.msg.deliveryUnknown(where)] }),
  }, ctx.nowUtc));
}
