import { DateTime } from 'luxon';
import type { App } from '../app';
import type { CalendarPort } from '../core/ports/calendar';
import { RetryableSendError } from '../core/ports/chat-port';
import { recordOutlookResponses } from '../core/use-cases/outlook-events';
import { outlookEventKey, outlookOrganizer } from '../core/views/outlook-view';
import { isRateLimited } from '../http/rate-limit';
import { errorSummary } from '../observability/log-redaction';
import type { Log } from '../observability/logger';

/** How often the answers to one meeting's Outlook event are read again. */
export const RESPONSES_EVERY_MS = 15 * 60_000;

/**
 * Reads the attendees' answers back from the Outlook events of meetings that are coming up (from their
 * invitation until a day after the meeting, so the minutes have the last answers), at most every
 * RESPONSES_EVERY_MS per meeting, and keeps them for `/slt next` and the minutes. A 429 pauses the reads
 * for its Retry-After; any other failure is logged and tried again next time.
 */
export class OutlookResponses {
  private readonly lastRead = new Map<string, number>();
  private pausedUntil = 0;

  constructor(
    private readonly app: Pick<App, 'store' | 'directory' | 'clock'>, private readonly port: CalendarPort,
    private readonly log?: Log, private readonly observer?: { rateLimited(platform: string): void },
  ) {}

  async run(): Promise<number> {
    const now = this.app.clock.now();
    if (now.getTime() < this.pausedUntil) return 0;
    let read = 0;
    for (const m of this.app.directory.municipalities) {
      for (const forum of m.forums) {
        const ref = { municipality: m, forum };
        const organizer = outlookOrganizer(this.app.directory, ref);
        if (!organizer) continue;
        const from = DateTime.fromJSDate(now).minus({ days: 1 }).toUTC().toISO() as string;
        const to = DateTime.fromJSDate(now).plus({ days: forum.notifications.inviteDaysBefore + 1 }).toUTC().toISO() as string;
        for (const mt of await this.app.store.read.meetingsOfForum(m.id, forum.id)) {
          if (mt.status !== 'planned' || mt.startUtc < from || mt.startUtc > to) continue;
          if (now.getTime() - (this.lastRead.get(mt.id) ?? 0) < RESPONSES_EVERY_MS) continue;
          const eventId = await this.app.store.outbox.messageIdOf(`${outlookEventKey(mt.id)}@graph:${organizer}`);
          if (!eventId) continue;
          try {
            const answers = await this.port.responses(organizer, eventId);
            await recordOutlookResponses(this.app, ref, mt.id, answers, DateTime.fromJSDate(this.app.clock.now()).toUTC().toISO() as string);
            this.lastRead.set(mt.id, now.getTime());
            read++;
          } catch (e) {
            if (isRateLimited(e)) this.observer?.rateLimited('graph');
            if (e instanceof RetryableSendError && e.retryAfterSeconds) {
              this.pausedUntil = now.getTime() + e.retryAfterSeconds * 1000;
              this.log?.warn({ event: 'outlook.paused', seconds: e.retryAfterSeconds }, `outlook: reading answers paused for ${e.retryAfterSeconds} s (Graph asked to wait)`);
              return read;
            }
            this.log?.warn({ event: 'outlook.read-failed', meeting: mt.id, err: e }, `outlook: could not read the answers to ${mt.id}: ${errorSummary(e)}`);
          }
        }
      }
    }
    return read;
  }
}
