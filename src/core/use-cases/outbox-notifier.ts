import type { Directory } from '../model/directory';
import type { Municipality, Platform } from '../model/municipality';
import { nextAllowedInstant } from '../model/quiet-hours';
import type { Notification, Notifier } from '../ports/outbox';
import type { StoreTx } from '../ports/store';

/**
 * The core's notifier over the durable outbox: a notification becomes one outbox message per platform
 * target (a forum's channels, a member's identities, or one channel), written in the transaction that
 * decided it. The key `<notification key>@<platform>:<target>` makes a repeated decision add nothing.
 * Messages wait out the municipality's quiet hours; only platforms this bot runs are queued.
 */
export function outboxNotifier(tx: StoreTx, directory: Directory, nowUtc: string, opts: {
  /** the platforms this bot runs (undefined: every platform) */
  running?: ReadonlySet<Platform>;
  /** told the municipality of every notification (a command's reply says when its messages go out) */
  onEnqueue?: (m: Municipality) => void;
} = {}): Notifier {
  return {
    async enqueue(n: Notification) {
      const m = n.to.kind === 'forum' ? n.to.ref.municipality : n.to.municipality;
      opts.onEnqueue?.(m);
      const targets: { platform: Platform; kind: 'channel' | 'dm'; target: string }[] = [];
      if (n.to.kind === 'forum') {
        for (const c of directory.channelsOf(n.to.ref)) targets.push({ platform: c.platform, kind: 'channel', target: c.channelId });
      } else if (n.to.kind === 'channel') {
        targets.push({ platform: n.to.platform, kind: 'channel', target: n.to.channelId });
      } else {
        const member = directory.member(n.to.municipality, n.to.memberId);
        for (const [platform, id] of Object.entries(member?.identities ?? {})) {
          if (id) targets.push({ platform: platform as Platform, kind: 'dm', target: id });
        }
      }
      const notBefore = nextAllowedInstant(nowUtc, m.timeZone, m.quietHours);
      for (const t of targets) {
        if (opts.running && !opts.running.has(t.platform)) continue;
        await tx.enqueueMessage({
          key: `${n.key}@${t.platform}:${t.target}`, municipalityId: m.id, platform: t.platform, targetKind: t.kind, target: t.target, view: n.view,
          notBefore, dueAt: notBefore,
          ...(n.expiresUtc ? { expiresAt: n.expiresUtc } : {}),
          ...(n.replaces ? { replacesKey: `${n.replaces}@${t.platform}:${t.target}` } : {}),
          ...(n.updateOnly ? { updateOnly: true } : {}),
        }, nowUtc);
      }
    },
  };
}
