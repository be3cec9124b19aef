import http from 'node:http';
import { closeLoopback, listenOnLoopback } from '../loopback';

export interface FakeAttendee {
  emailAddress: { address: string; name?: string };
  type?: string;
  status: { response: string; time: string };
}

/** An event as the fake keeps it in an organiser's calendar. */
export interface FakeEvent {
  id: string;
  organizer: string;
  transactionId?: string;
  subject?: string;
  body?: { contentType: string; content: string };
  start: { dateTime: string; timeZone: string };
  end: { dateTime: string; timeZone: string };
  location?: { displayName: string };
  attendees: FakeAttendee[];
  isOnlineMeeting: boolean;
  onlineMeetingProvider?: string;
  onlineMeeting?: { joinUrl: string };
  allowNewTimeProposals?: boolean;
  /** cancelled with this comment (the event is then gone from the organiser's calendar) */
  cancelledWith?: string;
  /** how many PATCHes changed it */
  patches: number;
}

export interface GraphCall {
  method: string;
  path: string;
  status: number;
  body?: unknown;
  /** the clock of the test when it arrived (ms), if one was given */
  at?: number;
}

/** The event properties a client may write (Graph's event resource); any other is refused like Graph does. */
const WRITABLE = new Set(['allowNewTimeProposals', 'attendees', 'body', 'categories', 'end', 'hideAttendees', 'importance', 'isAllDay', 'isOnlineMeeting',
  'isReminderOn', 'location', 'locations', 'onlineMeetingProvider', 'recurrence', 'reminderMinutesBeforeStart', 'responseRequested', 'sensitivity',
  'showAs', 'start', 'subject', 'transactionId']);
const PROVIDERS = new Set(['unknown', 'teamsForBusiness', 'skypeForBusiness', 'skypeForConsumer']);
const WINDOWS_ZONES = new Set(['UTC', 'W. Europe Standard Time', 'Romance Standard Time']);
const LOCAL_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(:(\d{2})(\.\d{1,7})?)?$/;
const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

class Refusal extends Error {
  constructor(readonly status: number, readonly code: string, message: string) {
    super(message);
  }
}
const bad = (message: string, code = 'ErrorInvalidRequest') => new Refusal(400, code, message);

function knownZone(zone: string): boolean {
  if (WINDOWS_ZONES.has(zone)) return true;
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return zone.includes('/');
  } catch {
    return false;
  }
}

function dateTimeTimeZone(v: unknown, name: string): { dateTime: string; timeZone: string } {
  const o = v as Record<string, unknown> | null;
  if (!o || typeof o !== 'object') throw bad(`${name} must be a dateTimeTimeZone`);
  for (const k of Object.keys(o)) if (k !== 'dateTime' && k !== 'timeZone') throw bad(`The property '${k}' does not exist on type 'microsoft.graph.dateTimeTimeZone'.`, 'RequestBodyRead');
  if (typeof o.dateTime !== 'string' || typeof o.timeZone !== 'string') throw bad(`${name} needs dateTime and timeZone`);
  const m = LOCAL_DATE_TIME.exec(o.dateTime);
  const valid = m && !Number.isNaN(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) && Number(m[2]) <= 12 && Number(m[3]) <= 31 && Number(m[4]) < 24 && Number(m[5]) < 60;
  if (!valid) throw bad(`${name}.dateTime '${o.dateTime}' is not a local date and time such as 2027-01-20T09:00:00 (no offset: the zone is timeZone)`, 'ErrorPropertyValidationFailure');
  if (!knownZone(o.timeZone)) throw bad(`${name}.timeZone '${o.timeZone}' is not a supported time zone`, 'ErrorTimeZoneNotSupportedException');
  return { dateTime: o.dateTime, timeZone: o.timeZone };
}

/** Local wall-clock minutes of a dateTimeTimeZone, for comparing start and end of one event (same zone). */
const minutesOf = (d: { dateTime: string }) => Date.parse(`${d.dateTime.slice(0, 16)}:00Z`) / 60_000;

/** Check an event body as Graph does: only writable properties, each of its type; start and end with their zone. */
function checkEvent(body: unknown, creating: boolean): Record<string, unknown> {
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw bad('The request body must be a JSON object', 'RequestBodyRead');
  const e = body as Record<string, unknown>;
  for (const k of Object.keys(e)) {
    if (!WRITABLE.has(k)) throw bad(`The property '${k}' does not exist on type 'microsoft.graph.event'. Make sure to only use property names that are defined by the type.`, 'RequestBodyRead');
  }
  if (creating && (e.start === undefined || e.end === undefined)) throw bad('An event needs a start and an end', 'ErrorInvalidRequest');
  const start = e.start === undefined ? undefined : dateTimeTimeZone(e.start, 'start');
  const end = e.end === undefined ? undefined : dateTimeTimeZone(e.end, 'end');
  if (start && end && start.timeZone === end.timeZone && minutesOf(end) < minutesOf(start)) throw bad('The end of an event is before its start', 'ErrorInvalidRequest');
  if (e.subject !== undefined && typeof e.subject !== 'string') throw bad('subject must be a string', 'RequestBodyRead');
  if (e.body !== undefined) {
    const b = e.body as Record<string, unknown>;
    if (typeof b !== 'object' || !b || !['text', 'html'].includes(String(b.contentType).toLowerCase()) || typeof b.content !== 'string' || Object.keys(b).some((k) => k !== 'contentType' && k !== 'content')) {
      throw bad('body must be an itemBody { contentType: text|html, content }', 'RequestBodyRead');
    }
  }
  if (e.location !== undefined) {
    const l = e.location as Record<string, unknown>;
    if (typeof l !== 'object' || !l || typeof l.displayName !== 'string') throw bad('location must be a location with a displayName', 'RequestBodyRead');
  }
  if (e.attendees !== undefined) {
    if (!Array.isArray(e.attendees)) throw bad('attendees must be a collection', 'RequestBodyRead');
    for (const a of e.attendees as Record<string, unknown>[]) {
      for (const k of Object.keys(a)) if (!['emailAddress', 'type', 'status', 'proposedNewTime'].includes(k)) throw bad(`The property '${k}' does not exist on type 'microsoft.graph.attendee'.`, 'RequestBodyRead');
      const email = a.emailAddress as Record<string, unknown> | undefined;
      if (!email || typeof email.address !== 'string' || !EMAIL.test(email.address)) throw bad('An attendee needs emailAddress.address', 'ErrorInvalidRecipients');
      if (a.type !== undefined && !['required', 'optional', 'resource'].includes(String(a.type))) throw bad(`'${String(a.type)}' is not an attendeeType`, 'RequestBodyRead');
    }
  }
  for (const flag of ['isOnlineMeeting', 'allowNewTimeProposals', 'responseRequested', 'isReminderOn', 'isAllDay']) {
    if (e[flag] !== undefined && typeof e[flag] !== 'boolean') throw bad(`${flag} must be a boolean`, 'RequestBodyRead');
  }
  if (e.onlineMeetingProvider !== undefined && !PROVIDERS.has(String(e.onlineMeetingProvider))) throw bad(`'${String(e.onlineMeetingProvider)}' is not an onlineMeetingProviderType`, 'RequestBodyRead');
  if (e.transactionId !== undefined && typeof e.transactionId !== 'string') throw bad('transactionId must be a string', 'RequestBodyRead');
  return e;
}

/**
 * A local stand-in for Microsoft Entra ID's token endpoint (client credentials) and Microsoft Graph's
 * calendar API (v1.0), checking requests as strictly as the documentation states: a bearer token it
 * issued, JSON bodies with only the event's writable properties, dateTimeTimeZone values (a local time
 * and a zone), attendees with addresses, a transactionId that makes a repeated create return the first
 * event, cancel only by the organiser's calendar with an optional comment. Mailboxes must be known and,
 * with an access policy, allowed. `throttle` answers 429 with Retry-After; `loseAnswers` carries a
 * request out and then drops the connection (the answer is lost on the way back).
 */
export class FakeGraph {
  readonly calls: GraphCall[] = [];
  readonly tokenRequests: Record<string, string>[] = [];
  /** every event ever created, by id (cancelled ones included) */
  readonly events = new Map<string, FakeEvent>();
  /** known mailboxes; `allowed`: the application access policy (undefined: every known mailbox) */
  readonly mailboxes = new Set<string>();
  allowed?: Set<string>;
  /** the test's clock, to note when requests arrived */
  now: () => number = Date.now;
  private readonly tokens = new Map<string, number>();
  private throttled: { n: number; retryAfter: number } = { n: 0, retryAfter: 0 };
  private lose = 0;
  private n = 0;
  private server = http.createServer((req, res) => void this.onRequest(req, res));
  base = '';

  constructor(readonly tenant = 'tenant-1', readonly clientId = 'graph-app', readonly secret = 'graph-secret') {}

  get authorityUrl(): string {
    return this.base;
  }

  get apiUrl(): string {
    return `${this.base}/v1.0`;
  }

  async start(): Promise<this> {
    this.base = await listenOnLoopback(this.server);
    return this;
  }

  stop(): Promise<void> {
    return closeLoopback(this.server);
  }

  /** the next `n` calendar requests are answered 429 with this Retry-After (seconds) */
  throttle(n: number, retryAfter: number): void {
    this.throttled = { n, retryAfter };
  }

  /** the next `n` calendar requests are carried out, but their answers never arrive (the connection drops) */
  loseAnswers(n: number): void {
    this.lose = n;
  }

  /** events of an organiser's calendar that are not cancelled */
  live(organizer: string): FakeEvent[] {
    return [...this.events.values()].filter((e) => e.organizer === organizer && e.cancelledWith === undefined);
  }

  /** an attendee answers the invitation (accepted, tentativelyAccepted, declined) */
  respond(eventId: string, address: string, response: string): void {
    const a = this.events.get(eventId)?.attendees.find((x) => x.emailAddress.address.toLowerCase() === address.toLowerCase());
    if (!a) throw new Error(`${address} is not invited to ${eventId}`);
    a.status = { response, time: new Date(this.now()).toISOString() };
  }

  private async onRequest(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    let raw = '';
    for await (const chunk of req) raw += chunk;
    const url = new URL(req.url ?? '/', this.base);
    const json = (status: number, body?: unknown, headers: Record<string, string> = {}) => {
      this.calls.push({ method: req.method ?? '', path: `${url.pathname}${url.search}`, status, ...(raw ? { body: safeJson(raw) } : {}), at: this.now() });
      res.writeHead(status, { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers }).end(body === undefined ? undefined : JSON.stringify(body));
    };
    if (req.method === 'POST' && url.pathname === `/${this.tenant}/oauth2/v2.0/token`) return this.token(raw, json);
    if (req.method === 'POST' && url.pathname.endsWith('/oauth2/v2.0/token')) {
      return json(400, { error: 'invalid_request', error_description: `AADSTS90002: Tenant '${url.pathname.split('/')[1]}' not found.\r\nTrace ID: 1` });
    }
    if (!url.pathname.startsWith('/v1.0/')) return json(404, { error: { code: 'NotFound', message: 'not a Graph path' } });
    try {
      const auth = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
      const expires = auth ? this.tokens.get(auth) : undefined;
      if (!auth || expires === undefined || expires < Date.now()) throw new Refusal(401, 'InvalidAuthenticationToken', auth ? 'Access token has expired or is not yet valid.' : 'Access token is empty.');
      if (this.throttled.n > 0) {
        this.throttled.n--;
        return json(429, { error: { code: 'ApplicationThrottled', message: 'Application is over its MailboxConcurrency limit.' } }, { 'retry-after': String(this.throttled.retryAfter) });
      }
      if (raw && (req.method === 'POST' || req.method === 'PATCH') && !/^application\/json/.test(req.headers['content-type'] ?? '')) {
        throw new Refusal(415, 'UnsupportedMediaType', 'The content type must be application/json');
      }
      const answer = this.calendar(req.method ?? '', url, raw ? safeJson(raw) : undefined);
      if (this.lose > 0) {
        this.lose--;
        this.calls.push({ method: req.method ?? '', path: url.pathname, status: -1, ...(raw ? { body: safeJson(raw) } : {}), at: this.now() });
        req.socket.destroy();
        return;
      }
      return json(answer.status, answer.body);
    } catch (e) {
      if (e instanceof Refusal) return json(e.status, { error: { code: e.code, message: e.message, innerError: { 'request-id': `r-${++this.n}` } } });
      throw e;
    }
  }

  private token(raw: string, json: (status: number, body?: unknown) => void): void {
    const form = Object.fromEntries(new URLSearchParams(raw));
    this.tokenRequests.push(form);
    if (form.grant_type !== 'client_credentials') return json(400, { error: 'unsupported_grant_type', error_description: 'AADSTS70003: The app requested an unsupported grant type.' });
    if (form.client_id !== this.clientId) {
      return json(400, { error: 'unauthorized_client', error_description: `AADSTS700016: Application with identifier '${form.client_id}' was not found in the directory 'Testby'.\r\nTrace ID: 1` });
    }
    if (form.client_secret !== this.secret) return json(401, { error: 'invalid_client', error_description: 'AADSTS7000215: Invalid client secret provided.\r\nTrace ID: 1' });
    if (form.scope !== 'https://graph.microsoft.com/.default') return json(400, { error: 'invalid_scope', error_description: `AADSTS1002012: The provided value for scope ${form.scope} is not valid.` });
    const token = `graph-token-${++this.n}`;
    this.tokens.set(token, Date.now() + 3_600_000);
    json(200, { token_type: 'Bearer', expires_in: 3599, ext_expires_in: 3599, access_token: token });
  }

  /** /users/{id}/events[/{eventId}[/cancel]] */
  private calendar(method: string, url: URL, body: unknown): { status: number; body?: unknown } {
    const [, , users, user, events, eventId, action] = url.pathname.split('/').map(decodeURIComponent);
    if (users !== 'users' || events !== 'events' || !user) throw new Refusal(404, 'BadRequest', `Resource not found for the segment '${url.pathname}'.`);
    const mailbox = user.toLowerCase();
    if (!this.mailboxes.has(mailbox)) throw new Refusal(404, 'ErrorInvalidUser', `The requested user '${user}' is invalid.`);
    if (this.allowed && !this.allowed.has(mailbox)) throw new Refusal(403, 'ErrorAccessDenied', 'Access to OData is disabled: [RAOP] : Blocked by tenant configured AppOnly AccessPolicy settings.');
    if (!eventId) {
      if (method === 'GET') return { status: 200, body: { value: this.live(mailbox).slice(0, 1).map((e) => ({ id: e.id })) } };
      if (method !== 'POST') throw new Refusal(405, 'ErrorInvalidRequest', 'method not allowed');
      const e = checkEvent(body, true);
      const again = e.transactionId !== undefined && [...this.events.values()].find((x) => x.organizer === mailbox && x.transactionId === e.transactionId);
      if (again) return { status: 201, body: again };
      const id = `AAMk-${++this.n}`;
      const event: FakeEvent = {
        id, organizer: mailbox, start: e.start as FakeEvent['start'], end: e.end as FakeEvent['end'], patches: 0,
        attendees: ((e.attendees ?? []) as FakeAttendee[]).map((a) => ({ ...a, status: { response: 'none', time: '0001-01-01T00:00:00Z' } })),
        isOnlineMeeting: e.isOnlineMeeting === true,
        ...(e.transactionId !== undefined ? { transactionId: String(e.transactionId) } : {}),
        ...(e.subject !== undefined ? { subject: String(e.subject) } : {}),
        ...(e.body !== undefined ? { body: e.body as FakeEvent['body'] } : {}),
        ...(e.location !== undefined ? { location: e.location as FakeEvent['location'] } : {}),
        ...(e.onlineMeetingProvider !== undefined ? { onlineMeetingProvider: String(e.onlineMeetingProvider) } : {}),
        ...(e.allowNewTimeProposals !== undefined ? { allowNewTimeProposals: Boolean(e.allowNewTimeProposals) } : {}),
        ...(e.isOnlineMeeting === true && e.onlineMeetingProvider === 'teamsForBusiness' ? { onlineMeeting: { joinUrl: `https://teams.example.org/l/meetup-join/${id}` } } : {}),
      };
      this.events.set(id, event);
      return { status: 201, body: event };
    }
    const event = this.events.get(eventId);
    if (!event || event.organizer !== mailbox || event.cancelledWith !== undefined) throw new Refusal(404, 'ErrorItemNotFound', 'The specified object was not found in the store.');
    if (action === 'cancel' && method === 'POST') {
      const b = (body ?? {}) as Record<string, unknown>;
      if (typeof b !== 'object' || Object.keys(b).some((k) => k !== 'comment') || (b.comment !== undefined && typeof b.comment !== 'string')) throw bad('cancel takes only a comment', 'RequestBodyRead');
      event.cancelledWith = String(b.comment ?? '');
      return { status: 202 };
    }
    if (action) throw new Refusal(400, 'BadRequest', `Unknown action '${action}'`);
    if (method === 'GET') {
      const select = url.searchParams.get('$select');
      return { status: 200, body: select ? Object.fromEntries(['id', ...select.split(',')].map((k) => [k, event[k as keyof FakeEvent]])) : event };
    }
    if (method === 'PATCH') {
      const e = checkEvent(body, false);
      if (e.transactionId !== undefined && e.transactionId !== event.transactionId) throw bad('transactionId cannot be changed once it is set');
      Object.assign(event, e, e.attendees ? { attendees: (e.attendees as FakeAttendee[]).map((a) => ({ ...a, status: event.attendees.find((x) => x.emailAddress.address === a.emailAddress.address)?.status ?? { response: 'none', time: '0001-01-01T00:00:00Z' } })) } : {});
      event.patches++;
      return { status: 200, body: event };
    }
    throw new Refusal(405, 'ErrorInvalidRequest', 'method not allowed');
  }
}

function safeJson(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}
