import type { DeliveryFailure } from '../ports/chat-port';
import type { DeliveryPlatform } from '../ports/chat-port';
import type { OutboxMessage } from '../ports/outbox';
import { type Section, type View, view } from '../model/view';
import type { ViewContext } from './view-context';

/** A message the bot could not deliver (failed for good) or does not know whether it delivered (unknown). */
export interface DeliveryRecord {
  id: number;
  municipalityId: string;
  platform: DeliveryPlatform;
  /** `graph`: 'channel', the organiser's calendar */
  targetKind: 'channel' | 'dm';
  /** the platform's channel or user id (`graph`: the organiser's mailbox) */
  target: string;
  view: View;
  status: 'failed' | 'unknown';
  failure: DeliveryFailure;
  lastError?: string;
  /** when it was due (UTC) */
  dueAt: string;
  /** what the coordinator did about it: `resent:<id>` or `done:<member>` */
  resolved?: string;
  /** one of the bot's own delivery reports (never reported about itself) */
  isReport: boolean;
}

/** The key prefix of the bot's own delivery reports. */
export const REPORT_KEY = 'delivery:';

/** An outbox message as an undelivered message, or undefined when it was not one (sent, waiting, expired). */
export const toDeliveryRecord = (r: OutboxMessage): DeliveryRecord | undefined => (r.status === 'failed' || r.status === 'unknown' ? {
  id: r.id, municipalityId: r.municipalityId, platform: r.platform, targetKind: r.targetKind, target: r.target, view: r.view,
  status: r.status, failure: r.failure ?? (r.status === 'unknown' ? 'interrupted' : 'other'), dueAt: r.dueAt,
  isReport: r.key.startsWith(REPORT_KEY),
  ...(r.lastError ? { lastError: r.lastError } : {}),
  ...(r.resolved ? { resolved: r.resolved } : {}),
} : undefined);

/** The order causes are listed in: what the coordinator can fix first. */
const CAUSES: readonly DeliveryFailure[] = ['not-installed', 'not-member', 'account', 'credentials', 'gave-up', 'interrupted', 'other'];
const LINES_PER_CAUSE = 10;

/** Where a message was going, by name: "Lise Teamleder (direktemelding i Teams)", "kanalen til Tverrfaglig team i Slack", "Outlook-kalenderen til slt@kommune.no". */
export function deliveryTarget(ctx: Pick<ViewContext, 'directory' | 'msg'>, r: DeliveryRecord): string {
  if (r.platform === 'graph') return ctx.msg.deliveryToCalendar(r.target);
  const platform = ctx.msg.platformName[r.platform] ?? r.platform;
  if (r.targetKind === 'dm') return ctx.msg.deliveryToPerson(ctx.directory.actor(r.platform, r.target)?.member.name ?? r.target, platform);
  return ctx.msg.deliveryToChannel(ctx.directory.forumOfChannel(r.platform, r.target)?.forum.name ?? r.target, platform);
}

/** What a message was, in a few words: its title, or its first line. */
export function deliveryWhat(r: DeliveryRecord): string {
  const what = r.view.title ?? r.view.sections.flatMap((s) => s.lines)[0] ?? '';
  return what.length > 80 ? `${what.slice(0, 79)}…` : what;
}

/** One report to a municipality's coordinator about messages that did not arrive, grouped by cause. */
export function deliveryDigest(ctx: Pick<ViewContext, 'directory' | 'msg'>, records: readonly DeliveryRecord[]): View {
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
