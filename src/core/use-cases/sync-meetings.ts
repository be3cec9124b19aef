import { DateTime } from 'luxon';
import type { Municipality } from '../model/municipality';
import type { MeetingRecord } from '../model/records';
import type { SltStore } from '../ports/store';
import { type HolidayCalendar, planForum, type PlannedMeeting } from '../model/plan';

export interface SyncSummary {
  configChanged: number;
  inserted: number;
  updated: number;
  cancelled: number;
}

const SAME_FIELDS = ['date', 'startUtc', 'endUtc', 'deadlineUtc', 'place', 'note', 'movedFrom'] as const;
const differs = (a: PlannedMeeting, b: PlannedMeeting) => SAME_FIELDS.some((k) => a[k] !== b[k]);

/**
 * Bring the stored meetings in line with the configuration, idempotently:
 * new meetings are added; future meetings whose time or place changed are updated (SEQUENCE + 1);
 * future meetings no longer in the plan are cancelled, never deleted; past meetings are never touched.
 */
export async function syncMeetings(store: SltStore, municipalities: readonly Municipality[], holidays: HolidayCalendar, now: Date, horizonDays = 400): Promise<SyncSummary> {
  const nowUtc = DateTime.fromJSDate(now).toUTC().toISO() as string;
  return store.transaction(async (store) => {
    const summary: SyncSummary = { configChanged: 0, inserted: 0, updated: 0, cancelled: 0 };
    for (const m of municipalities) {
      if (await store.mirrorConfiguration(m)) summary.configChanged++;
      const today = DateTime.fromJSDate(now).setZone(m.timeZone);
      const from = today.toISODate() as string;
      const to = today.plus({ days: horizonDays }).toISODate() as string;
      for (const f of m.forums) {
        const planned = planForum(m, f, from, to, holidays).filter((p) => p.startUtc > nowUtc);
        const existing = new Map((await store.meetingsOfForum(m.id, f.id)).map((r) => [r.id, r]));
        const plannedIds = new Set(planned.map((p) => p.id));
        for (const p of planned) {
          const old = existing.get(p.id);
          if (!old) {
            await store.insertMeeting({ ...p, status: 'planned', sequence: 0 }, nowUtc);
            summary.inserted++;
          } else if (old.startUtc > nowUtc && (old.status !== 'planned' || differs(old, p))) {
            await store.updateMeeting({ ...p, status: 'planned', sequence: old.sequence + 1 }, nowUtc);
            summary.updated++;
          }
        }
        for (const old of existing.values()) {
          const inWindow = old.date >= from && old.date <= to;
          if (old.status === 'planned' && old.startUtc > nowUtc && inWindow && !plannedIds.has(old.id)) {
            const cancelled: MeetingRecord = { ...old, status: 'cancelled', sequence: old.sequence + 1 };
            await store.updateMeeting(cancelled, nowUtc);
            summary.cancelled++;
          }
        }
      }
    }
    return summary;
  });
}
