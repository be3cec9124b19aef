import { createHash } from 'node:crypto';
import { DateTime } from 'luxon';
import { z } from 'zod';
import type { CalendarEntry } from '../../src/core/ports/calendar';
import type { CalendarChange, CalendarPort, CalendarResponse } from '../../src/core/ports/calendar';
import { PermanentSendError, RetryableSendError } from '../../src/core/ports/chat-port';
import { retryLaterError } from '../../src/http/rate-limit';
import { secureOrLoopback } from '../../src/http/secure-url';
import { type GraphCredentials, GraphToken, GraphTokenError } from './graph-token';

/** Graph's error body: `{ error: { code, message } }`. */
const GraphError = z.object({ error: z.object({ code: z.string(), message: z.string().optional() }) });
const CreatedEvent = z.object({ id: z.string().min(1) });
const Attendees = z.object({
  attendees: z.array(z.object({
    emailAddress: z.object({ address: z.string() }),
    status: z.object({ response: z.string() }).optional(),
  })),
});

/** Graph's answers to an invitation, as the core shows them (the organiser's own line is not an answer). */
const RESPONSES: Record<string, CalendarResponse | undefined> = {
  accepted: 'accepted', tentativelyAccepted: 'tentative', declined: 'declined', none: 'none', notResponded: 'none', organizer: undefined,
};

/** A stable GUID for a create request, from its outbox key: a retried POST carries the same transactionId. */
export function transactionIdOf(key: string): string {
  const h = createHash('sha256').update(key).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

/** The event's fields in Graph's words: local times with the zone (dateTimeTimeZone), text body, attendees. */
function eventFields(entry: CalendarEntry) {
  const local = (iso: string) => DateTime.fromISO(iso, { zone: 'utc' }).setZone(entry.timeZone).toFormat("yyyy-MM-dd'T'HH:mm:ss");
  return {
    subject: entry.summary,
    body: { contentType: 'text', content: entry.description },
    start: { dateTime: local(entry.startUtc), timeZone: entry.timeZone },
    end: { dateTime: local(entry.endUtc), timeZone: entry.timeZone },
    location: { displayName: entry.location ?? '' },
    attendees: entry.attendees.map((a) => ({ emailAddress: { address: a.email, name: a.name }, type: a.required ? 'required' : 'optional' })),
    allowNewTimeProposals: false,
  };
}

export interface GraphOptions extends GraphCredentials {
  /** Microsoft Graph's base URL, default https://graph.microsoft.com/v1.0 (tests: a local fake) */
  apiUrl: string;
}

/**
 * Outlook events in the organisers' calendars through Microsoft Graph, with an app-only token
 * (application permission Calendars.ReadWrite). A create carries a transactionId derived from its
 * outbox key, so a POST sent again after a crash or a lost answer does not make a second event; an
 * update PATCHes the same fields again; cancelling an event that is gone counts as done. A 429 or a
 * 5xx is retried by the outbox after the Retry-After Graph gave; a refusal that will not change (no
 * permission for the mailbox, no such mailbox, a request Graph calls bad) stops and is reported.
 */
export class GraphCalendarPort implements CalendarPort {
  readonly platform = 'graph' as const;
  /** Graph allows 4 concurrent and 10,000 requests per 10 minutes per mailbox; the outbox sends one at a time */
  readonly minIntervalMs = 100;
  private readonly token: GraphToken;
  private readonly api: string;

  constructor(opts: GraphOptions) {
    if (!secureOrLoopback(opts.apiUrl)) throw new Error(`GRAPH_API_URL must be https (${opts.apiUrl})`);
    this.api = opts.apiUrl.replace(/\/+$/, '');
    this.token = new GraphToken(opts);
  }

  async apply(organizer: string, change: CalendarChange, eventId: string | undefined, key: string): Promise<string | undefined> {
    const events = `/users/${encodeURIComponent(organizer)}/events`;
    if (change.kind === 'cancel') {
      if (!eventId) return undefined;
      // an event already cancelled (or deleted in Outlook) is gone: nothing left to cancel
      await this.request('POST', `${events}/${encodeURIComponent(eventId)}/cancel`, { comment: change.comment }, { goneIsDone: true });
      return eventId;
    }
    const fields = eventFields(change.entry);
    if (eventId) {
      await this.request('PATCH', `${events}/${encodeURIComponent(eventId)}`, fields);
      return eventId;
    }
    const online = change.onlineMeeting ? { isOnlineMeeting: true, onlineMeetingProvider: 'teamsForBusiness' } : {};
    const res = await this.request('POST', events, { ...fields, ...online, transactionId: transactionIdOf(key) });
    const created = CreatedEvent.safeParse(res.body);
    if (!created.success) throw new RetryableSendError('Graph created the event but did not say its id');
    return created.data.id;
  }

  async responses(organizer: string, eventId: string): Promise<{ email: string; response: CalendarResponse }[]> {
    const res = await this.request('GET', `/users/${encodeURIComponent(organizer)}/events/${encodeURIComponent(eventId)}?$select=attendees`);
    const parsed = Attendees.safeParse(res.body);
    if (!parsed.success) throw new RetryableSendError('Graph answered without attendees');
    return parsed.data.attendees.flatMap((a) => {
      const response = RESPONSES[a.status?.response ?? 'none'];
      return response ? [{ email: a.emailAddress.address, response }] : [];
    });
  }

  /** At start: whether the app may use `organizer`'s calendar (undefined), or what stands in the way. */
  async probe(organizer: string): Promise<string | undefined> {
    try {
      await this.request('GET', `/users/${encodeURIComponent(organizer)}/events?$top=1&$select=id`);
      return undefined;
    } catch (e) {
      return e instanceof Error ? e.message : String(e);
    }
  }

  /** One Graph request with the app-only token; a token Graph no longer accepts is fetched anew once. */
  private async request(method: string, path: string, body?: unknown, opts: { goneIsDone?: boolean } = {}, retried = false): Promise<{ body: unknown }> {
    let token: string;
    try {
      token = await this.token.get();
    } catch (e) {
      if (e instanceof GraphTokenError && e.refused) throw new PermanentSendError(`Microsoft Entra ID refused the Graph credentials (${e.code}: ${e.message})`, 'credentials');
      throw new RetryableSendError(`no Graph token: ${e instanceof Error ? e.message : String(e)}`);
    }
    let res: Response;
    try {
      res = await fetch(`${this.api}${path}`, {
        method, redirect: 'error', signal: AbortSignal.timeout(20_000),
        headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    } catch (e) {
      throw new RetryableSendError(`Graph did not answer ${method} ${path.split('?')[0]} (${e instanceof Error ? e.message : String(e)})`);
    }
    const text = await res.text();
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    if (res.ok) return { body: json };
    const err = GraphError.safeParse(json);
    const code = err.success ? err.data.error.code : `HTTP ${res.status}`;
    const why = `Graph ${res.status} ${code}${err.success && err.data.error.message ? `: ${err.data.error.message}` : ''}`.slice(0, 300);
    if (res.status === 401 && !retried) {
      this.token.forget();
      return this.request(method, path, body, opts, true);
    }
    if (res.status === 404 && opts.goneIsDone && code === 'ErrorItemNotFound') return { body: json };
    if (res.status === 429 || res.status >= 500) throw retryLaterError(why, res.headers.get('retry-after'), res.status);
    if (res.status === 401 || res.status === 403) throw new PermanentSendError(`${why} (the app needs Calendars.ReadWrite with admin consent, and the mailbox in its access policy)`, 'credentials');
    if (res.status === 404 && code !== 'ErrorItemNotFound') throw new PermanentSendError(why, 'account');
    throw new PermanentSendError(why, 'other');
  }
}
