import { DateTime } from 'luxon';
import type { Municipality } from '../model/municipality';
import type { SltStore } from '../ports';
import type { Directory } from '../directory';
import { shownItem } from '../agenda/shown-item';

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
export function buildStatistics(store: SltStore, directory: Directory, municipalities: readonly Municipality[], year: number, now: Date): ForumStats[] {
  const nowUtc = DateTime.fromJSDate(now).toUTC().toISO() as string;
  // statistics see what the visibility rule gives them: an item's kind, state and whether it has consent
  const see = { deps: { store, directory }, nowUtc };
  return municipalities.flatMap((m) => {
    const from = DateTime.fromObject({ year, month: 1, day: 1 }, { zone: m.timeZone }).toUTC().toISO() as string;
    const to = DateTime.fromObject({ year: year + 1, month: 1, day: 1 }, { zone: m.timeZone }).toUTC().toISO() as string;
    return m.forums.map((f): ForumStats => {
      const meetings = store.meetingsOfForum(m.id, f.id).filter((mt) => mt.startUtc >= from && mt.startUtc < to && mt.status === 'planned');
      const shown = meetings.flatMap((mt) => store.itemsOfMeeting(mt.id).flatMap((raw) => {
        const s = shownItem(see, { kind: 'statistics' }, 'statistics', raw);
        return s ? [{ raw, s }] : [];
      }));
      const items = shown.map(({ s }) => s.item);
      const actions = meetings.flatMap((mt) => store.actionsOfMeeting(mt.id));
      const outcomes: Record<string, number> = {};
      for (const i of items) if (i.state) outcomes[i.state] = (outcomes[i.state] ?? 0) + 1;
      return {
        municipality: m.id,
        forum: f.id,
        meetingsHeld: meetings.filter((mt) => mt.startUtc <= nowUtc).length,
        items: { topic: items.filter((i) => i.kind === 'topic').length, case: items.filter((i) => i.kind === 'case').length },
        outcomes,
        lateItems: items.filter((i) => i.late).length,
        casesWithConsent: shown.filter(({ raw, s }) => s.item.kind === 'case' && s.may('consent') && store.consent(raw.ref)).length,
        actions: actions.length,
        actionsDoneOnTime: actions.filter((a) => a.doneAt && DateTime.fromISO(a.doneAt).setZone(m.timeZone).toISODate()! <= a.due).length,
      };
    });
  });
}
