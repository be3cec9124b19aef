import { DateTime } from 'luxon';
import type { Municipality } from '../model/municipality';
import type { StoreReads } from '../ports/store';
import { filterSeq, flatMapSeq } from './sequential';
import type { Directory } from '../model/directory';
import { shownItem } from './shown-item';

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
export async function buildStatistics(store: StoreReads, directory: Directory, municipalities: readonly Municipality[], year: number, now: Date): Promise<ForumStats[]> {
  const nowUtc = DateTime.fromJSDate(now).toUTC().toISO() as string;
  // statistics see what the visibility rule gives them: an item's kind, state and whether it has consent
  const see = { tx: store, directory, nowUtc };
  const out: ForumStats[] = [];
  for (const m of municipalities) {
    const from = DateTime.fromObject({ year, month: 1, day: 1 }, { zone: m.timeZone }).toUTC().toISO() as string;
    const to = DateTime.fromObject({ year: year + 1, month: 1, day: 1 }, { zone: m.timeZone }).toUTC().toISO() as string;
    for (const f of m.forums) {
      const meetings = (await store.meetingsOfForum(m.id, f.id)).filter((mt) => mt.startUtc >= from && mt.startUtc < to && mt.status === 'planned');
      const shown = await flatMapSeq(meetings, async (mt) => flatMapSeq(await store.itemsOfMeeting(mt.id), async (raw) => {
        const s = await shownItem(see, { kind: 'statistics' }, 'statistics', raw);
        return s ? [{ raw, s }] : [];
      }));
      const items = shown.map(({ s }) => s.item);
      const actions = await flatMapSeq(meetings, (mt) => store.actionsOfMeeting(mt.id));
      const outcomes: Record<string, number> = {};
      for (const i of items) if (i.state) outcomes[i.state] = (outcomes[i.state] ?? 0) + 1;
      const withConsent = await filterSeq(shown, async ({ raw, s }) => s.item.kind === 'case' && s.may('consent') && Boolean(await store.consent(raw.ref)));
      out.push({
        municipality: m.id,
        forum: f.id,
        meetingsHeld: meetings.filter((mt) => mt.startUtc <= nowUtc).length,
        items: { topic: items.filter((i) => i.kind === 'topic').length, case: items.filter((i) => i.kind === 'case').length },
        outcomes,
        lateItems: items.filter((i) => i.late).length,
        casesWithConsent: withConsent.length,
        actions: actions.length,
        actionsDoneOnTime: actions.filter((a) => a.doneAt && DateTime.fromISO(a.doneAt).setZone(m.timeZone).toISODate()! <= a.due).length,
      });
    }
  }
  return out;
}
