import { DateTime } from 'luxon';
import type { Municipality } from '../model/municipality';
import type { SltStore } from '../ports';

export interface ForumStats {
  municipality: string;
  forum: string;
  meetingsHeld: number;
  items: { topic: number; case: number };
  outcomes: Record<string, number>;
  lateItems: number;
  casesWithConsent: number;
  actions: number;
  actionsDoneOnTime: number;
}

/** Per forum and year: counts only, never names or texts. */
export function buildStatistics(store: SltStore, municipalities: readonly Municipality[], year: number, now: Date): ForumStats[] {
  const nowUtc = DateTime.fromJSDate(now).toUTC().toISO() as string;
  return municipalities.flatMap((m) => {
    const from = DateTime.fromObject({ year, month: 1, day: 1 }, { zone: m.timeZone }).toUTC().toISO() as string;
    const to = DateTime.fromObject({ year: year + 1, month: 1, day: 1 }, { zone: m.timeZone }).toUTC().toISO() as string;
    return m.forums.map((f): ForumStats => {
      const meetings = store.meetingsOfForum(m.id, f.id).filter((mt) => mt.startUtc >= from && mt.startUtc < to && mt.status === 'planned');
      const items = meetings.flatMap((mt) => store.itemsOfMeeting(mt.id));
      const actions = meetings.flatMap((mt) => store.actionsOfMeeting(mt.id));
      const outcomes: Record<string, number> = {};
      for (const i of items) outcomes[i.state] = (outcomes[i.state] ?? 0) + 1;
      return {
        municipality: m.id,
        forum: f.id,
        meetingsHeld: meetings.filter((mt) => mt.startUtc <= nowUtc).length,
        items: { topic: items.filter((i) => i.kind === 'topic').length, case: items.filter((i) => i.kind === 'case').length },
        outcomes,
        lateItems: items.filter((i) => i.late).length,
        casesWithConsent: items.filter((i) => i.kind === 'case' && store.consent(i.ref)).length,
        actions: actions.length,
        actionsDoneOnTime: actions.filter((a) => a.doneAt && DateTime.fromISO(a.doneAt).setZone(m.timeZone).toISODate()! <= a.due).length,
      };
    });
  });
}
