import type { Municipality, Platform } from '../model/municipality';
import type { StoreReads } from '../ports/store';
import type { UseCaseContext } from './context';

/** Platforms that show each person a home view of their own (Slack's App Home). */
export const HOME_PLATFORMS: readonly Platform[] = ['slack'];

/**
 * Something changed in a municipality (a command saved something, the scheduler did its work, the
 * configuration's meetings moved): every member's home view on the platforms that have one is refreshed
 * through the outbox. The refresh is one row per person, rendered when it is sent, so it shows the state
 * of that moment, and it is not sent at all when nothing the person sees has changed.
 */
export async function refreshHomes(ctx: Pick<UseCaseContext, 'notifier'>, m: Municipality): Promise<void> {
  await ctx.notifier.enqueueHomes(m);
}

/**
 * What each forum's next meeting is (its time, place, deadline and status), per municipality: compared
 * before and after the configuration is synchronised, so home views are refreshed only when a meeting
 * people were shown has moved, changed or been cancelled (not on a first start, when nobody has seen one).
 */
export async function nextMeetings(store: StoreReads, municipalities: readonly Municipality[], nowUtc: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const m of municipalities) {
    for (const f of m.forums) {
      const [next] = await store.upcomingMeetings(m.id, f.id, nowUtc, 1);
      if (next) out.set(`${m.id}/${f.id}`, JSON.stringify([next.id, next.startUtc, next.deadlineUtc, next.place ?? '']));
    }
  }
  return out;
}

/** Municipalities where a forum's next meeting, as people were shown it, is another one now or has changed. */
export function changedNextMeetings(before: ReadonlyMap<string, string>, after: ReadonlyMap<string, string>, municipalities: readonly Municipality[]): Municipality[] {
  return municipalities.filter((m) => m.forums.some((f) => {
    const key = `${m.id}/${f.id}`;
    return before.has(key) && before.get(key) !== after.get(key);
  }));
}
