import type { Directory } from '../model/directory';
import type { Municipality, Platform } from '../model/municipality';
import type { DeliveryPlatform } from '../ports/chat-port';
import { nextAllowedInstant } from '../model/quiet-hours';
import type { Notification, Notifier } from '../ports/outbox';
import type { HomeRow, StoreTx } from '../ports/store';
import { HOME_PLATFORMS } from './home-refresh';

/**
 * The core's notifier over the durable outbox: a notification becomes one outbox message per platform
 * target (a forum's channels, a member's identities, or one channel), written in the transaction that
 * decided it. The key `<notification key>@<platform>:<target>` makes a repeated decision add nothing.
 * Messages wait out the municipality's quiet hours; only platforms this bot runs are queued. A change
 * to an organiser's calendar supersedes one still waiting; a home refresh is one row per person (see
 * StoreTx.enqueueHomes), queued only where a platform shows a home view.
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
    async enqueueHomes(m: Municipality) {
      const { anyone, rows } = homesOf(m, opts.running);
      if (!anyone) return;
      opts.onEnqueue?.(m);
      if (rows.length) await tx.enqueueHomes(m.id, rows, nowUtc);
    },
  };
}

/** Every platform: the key of homesOf's answers without a set of running platforms. */
const EVERY_PLATFORM: ReadonlySet<DeliveryPlatform> = new Set();
/** homesOf's answers, by municipality (its configuration, never changed once loaded) and running platforms. */
const homeRows = new WeakMap<Municipality, WeakMap<ReadonlySet<DeliveryPlatform>, { anyone: boolean; rows: HomeRow[] }>>();

/**
 * A municipality's home rows: one per person and platform that shows a home view (and this bot runs), keyed
 * `home:<municipality>:<member>@<platform>:<target>`; `anyone`: someone has an identity on such a platform.
 * Worked out once per municipality: every command that changes something refreshes all of its people.
 */
function homesOf(m: Municipality, running: ReadonlySet<DeliveryPlatform> | undefined): { anyone: boolean; rows: readonly HomeRow[] } {
  let byRunning = homeRows.get(m);
  if (!byRunning) homeRows.set(m, (byRunning = new WeakMap()));
  const known = byRunning.get(running ?? EVERY_PLATFORM);
  if (known) return known;
  const rows: HomeRow[] = [];
  let anyone = false;
  for (const member of m.members) {
    for (const platform of HOME_PLATFORMS) {
      const target = member.identities[platform];
      if (!target) continue;
      anyone = true;
      if (!running || running.has(platform)) rows.push({ key: `home:${m.id}:${member.id}@${platform}:${target}`, platform, target });
    }
  }
  const answer = { anyone, rows };
  byRunning.set(running ?? EVERY_PLATFORM, answer);
  return answer;
}
