import type { DeliveryFailure } from '../chat-port';
import type { CommandContext, CoreDeps } from '../commands/types';
import type { Municipality } from '../model/municipality';
import type { DeliveryRecord } from '../ports';
import { type Section, view } from '../views';
import { systemContext } from './system-context';

/** The order causes are listed in: what the coordinator can fix first. */
const CAUSES: readonly DeliveryFailure[] = ['not-installed', 'not-member', 'account', 'credentials', 'gave-up', 'interrupted', 'other'];
const LINES_PER_CAUSE = 10;

/** Where a message was going, by name: "Lise Teamleder (direktemelding i Teams)", "kanalen til Tverrfaglig team i Slack", "Outlook-kalenderen til slt@kommune.no". */
export function deliveryTarget(ctx: CommandContext, r: DeliveryRecord): string {
  if (r.platform === 'graph') return ctx.msg.deliveryToCalendar(r.target);
  const platform = ctx.msg.platformName[r.platform] ?? r.platform;
  if (r.targetKind === 'dm') return ctx.msg.deliveryToPerson(ctx.deps.directory.actor(r.platform, r.target)?.member.name ?? r.target, platform);
  return ctx.msg.deliveryToChannel(ctx.deps.directory.forumOfChannel(r.platform, r.target)?.forum.name ?? r.target, platform);
}

/** What a message was, in a few words: its title, or its first line. */
export function deliveryWhat(r: DeliveryRecord): string {
  const what = r.view.title ?? r.view.sections.flatMap((s) => s.lines)[0] ?? '';
  return what.length > 80 ? `${what.slice(0, 79)}…` : what;
}

/** One report to a municipality's coordinator about messages that did not arrive, grouped by cause. */
function digest(ctx: CommandContext, records: readonly DeliveryRecord[]) {
  const sections: Section[] = [];
  for (const cause of CAUSES) {
    const mine = records.filter((r) => r.failure === cause);
    if (!mine.length) continue;
    const lines = mine.slice(0, LINES_PER_CAUSE).map((r) => `• ${ctx.msg.deliveryLine(r.id, deliveryWhat(r), deliveryTarget(ctx, r))}`);
    if (mine.length > LINES_PER_CAUSE) lines.push(ctx.msg.deliveryMore(mine.length - LINES_PER_CAUSE));
    sections.push({ heading: `${ctx.msg.deliveryCause[cause]} (${mine.length})`, lines });
  }
  sections.push({ lines: [ctx.msg.deliveryHowTo] });
  return view('error', ctx.msg.deliveryDigestTitle(records.length), ...sections);
}

/**
 * Tell each municipality's coordinator, in one message, about the messages that just failed for good or
 * whose outcome is unknown (the bot's own reports are never reported about: no loops). Called inside
 * the transaction that marks the records as reported, so each is reported once, also with several instances.
 */
export function reportUndelivered(deps: CoreDeps, now: Date, records: readonly DeliveryRecord[]): number {
  let reported = 0;
  const byMunicipality = new Map<Municipality, DeliveryRecord[]>();
  for (const r of records) {
    const m = deps.directory.municipalities.find((x) => x.id === r.municipalityId);
    if (!m || r.isReport) continue;
    byMunicipality.set(m, [...(byMunicipality.get(m) ?? []), r]);
  }
  for (const [m, mine] of byMunicipality) {
    const ctx = systemContext(deps, now, m);
    deps.notifier.enqueue({
      key: `delivery:${m.id}:${mine[0]!.id}-${mine.at(-1)!.id}`,
      to: { kind: 'member', municipality: m, memberId: m.coordinator },
      view: digest(ctx, mine),
    }, ctx.nowUtc);
    reported += mine.length;
  }
  return reported;
}
