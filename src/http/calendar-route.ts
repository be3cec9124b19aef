import type express from 'express';
import { DateTime } from 'luxon';
import { meetingsToIcs } from '../calendar/ics';
import { calendarToken, validCalendarToken } from '../core/model/calendar-token';
import type { Directory } from '../core/model/directory';
import type { CalendarFeeds } from '../core/ports/calendar';
import type { Clock } from '../core/ports/clock';
import type { StoreReads } from '../core/ports/store';
import { calendarEntry } from '../core/views/calendar-entry';

/** Subscription URLs for the forums' calendars (given to the core for invitations). */
export function calendarFeeds(publicUrl: string, secret: string): CalendarFeeds {
  const base = publicUrl.replace(/\/+$/, '');
  return { url: (m, f) => `${base}/calendar/${m}/${f}.ics?token=${calendarToken(secret, m, f)}` };
}

/**
 * GET /calendar/<municipality>/<forum>.ics?token=… — the forum's meetings (three months back, the
 * planned future, cancellations included) for calendar subscriptions. A wrong token answers 404,
 * revealing nothing about which forums exist.
 */
export function mountCalendarFeed(app: express.Express, deps: { directory: Directory; store: StoreReads; clock: Clock; secret: string }): void {
  app.get('/calendar/:municipality/:file', async (req, res) => {
    const forumId = String(req.params.file).replace(/\.ics$/, '');
    const ref = deps.directory.forumById(String(req.params.municipality), forumId);
    const token = typeof req.query.token === 'string' ? req.query.token : '';
    if (!ref || !String(req.params.file).endsWith('.ics') || !validCalendarToken(deps.secret, ref.municipality.id, forumId, token)) {
      res.status(404).type('text/plain').send('Not found');
      return;
    }
    const since = DateTime.fromJSDate(deps.clock.now()).minus({ months: 3 }).toUTC().toISO() as string;
    const entries = (await deps.store.meetingsOfForum(ref.municipality.id, forumId))
      .filter((m) => m.startUtc >= since)
      .map((m) => calendarEntry(deps.directory, ref, m, { people: false }));
    const stampUtc = DateTime.fromJSDate(deps.clock.now()).toUTC().toISO() as string;
    res.type('text/calendar; charset=utf-8').send(meetingsToIcs(`${ref.municipality.name}: ${ref.forum.name}`, entries, { stampUtc }));
  });
}
