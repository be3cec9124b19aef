import type { Directory } from '../model/directory';
import type { Municipality, Platform } from '../model/municipality';
import type { DeliveryPlatform } from '../ports/chat-port';
import { nextAllowedInstant } from '../model/quiet-hours';
import type { Notification, Notifier } from '../ports/outbox';
import type { StoreTx } from '../ports/store';
import { HOME_PLATFORMS } from './home-refresh';

/**
 * The core's notifier over the durable outbox: a notification becomes one outbox message per platform
 * target (a forum's channels, a member's identities, or one channel), written in the transaction that
 * decided it. The key `<notification key>@<platform>:<target>` makes a repeated decision add nothing.
 * Messages wait out the municipality's quiet hours; only platforms this bot runs are queued. A change
 * to an organiser's calendar supersedes one still waiting; a home refresh is one row per person (see
 * StoreTx.enqueueHome), queued only where a platform shows a home view.
 */
export function outboxNotifier(tx: StoreTx, directory: Directory, nowUtc: string, opts: {
  /** the platforms this bot runs (undefined: every platform) */
  running?: ReadonlySet<DeliveryPlatform>;
  /** told the municipality of every notification (a command's reply says when its messages go out) */
  onEnqueue?: (m: Municipality) => void;
} = {}): Notifier {
  return {
    async enqueue(n: Notification) {
      const m = n.to.kind === 'forum' ? n.to.ref.municipality : n.to.municipality;
      opts.onEnqueue?.(m);
      const targets: { platform: DeliveryPlatform; kind: 'channel' | 'dm'; target: string }[] = [];
      if (n.to.kind === 'forum') {
        for (const c of directory.channelsOf(n.to.ref)) targets.push({ platform: c.platform, kind: 'channel', target: c.channelId });
      } else if (n.to.kind === 'channel') {
        targets.push({ platform: n.to.platform, kind: 'channel', target: n.to.channelId });
      } else if (n.to.kind === 'calendar') {
        targets.push({ platform: 'graph', kind: 'channel', target: n.to.organizer });
      } else {
        const member = directory.member(n.to.municipality, n.to.memberId);
        for (const [platform, id] of Object.entries(member?.identities ?? {})) {
          if (id) targets.push({ platform: platform as Platform, kind: 'dm', target: id });
        }
      }
      if (n.home) {
        for (const t of targets) {
          if (HOME_PLATFORMS.some((p) => p === t.platform) && (!opts.running || opts.running.has(t.platform))) {
            await tx.enqueueHome(`${n.key}@${t.platform}:${t.target}`, m.id, t.platform, t.target, nowUtc);
          }
        }
        return;
      }
      const notBefore = nextAllowedInstant(nowUtc, m.timeZone, m.quietHours);
      for (const t of targets) {
        if (opts.running && !opts.running.has(t.platform)) continue;
        const key = `${n.key}@${t.platform}:${t.target}`;
        const replaces = n.replaces ? `${n.replaces}@${t.platform}:${t.target}` : undefined;
        // a calendar change supersedes an older one still waiting: the event never shows an outdated version
        if (n.calendar && replaces) await tx.supersedeWaiting(replaces, key, nowUtc);
        await tx.enqueueMessage({
          key, municipalityId: m.id, platform: t.platform, targetKind: t.kind, target: t.target, view: n.view,
          notBefore, dueAt: notBefore,
          ...(n.expiresUtc ? { expiresAt: n.expiresUtc } : {}),
          ...(replaces ? { replacesKey: replaces } : {}),
          ...(n.updateOnly ? { updateOnly: true } : {}),
          ...(n.calendar ? { calendar: n.calendar } : {}),
        }, nowUtc);
      }
    },
  };
}
