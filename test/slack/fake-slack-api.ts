import { createHmac } from 'node:crypto';
import http from 'node:http';
import { blocksProblems, viewProblems } from './block-kit-rules';

export interface ApiCall {
  method: string;
  body: Record<string, unknown>;
  /** what the fake answered */
  result?: Record<string, unknown>;
  /** the bot token the call carried (Authorization: Bearer …): which bot instance made it when several share the fake */
  token?: string;
}

type Failure = { status: 429; retryAfter: number } | { status: 200; error: string } | { status: 500 };

/** A message as the channel shows it now (after edits and deletions). */
export interface ChannelMessage {
  ts: string;
  text: string;
  blocks: unknown;
  threadTs?: string;
  metadata?: unknown;
  /** files the message shared (files.completeUploadExternal) */
  files?: { id: string; name: string; title: string }[];
}

/** A file upload as Slack keeps it: announced (getUploadURLExternal), its bytes received, completed into a channel. */
export interface FakeUpload {
  id: string;
  filename: string;
  length: number;
  content?: string;
  /** where it was shared (completeUploadExternal), in order; Slack allows one completion */
  completedInto?: string;
}

/**
 * A local stand-in for Slack's Web API (and for response_url): records every call and answers
 * like Slack does, keeping what each channel shows (posts, edits, deletions) and each person's App
 * Home. `failNext` makes the next call of a method fail (429 with Retry-After, an `ok:false` error such
 * as channel_not_found, or a 500); `refuse` makes every call of a method fail until `heal`; `delay`
 * makes a method slow. It is strict where Slack is: blocks and views that break Block Kit's structure
 * or limits are refused (block-kit-rules.ts), and views.open takes only a trigger id it issued
 * (`issueTrigger`, as Slack puts one in each payload), once, within 3 seconds.
 */
export class FakeSlackApi {
  readonly calls: ApiCall[] = [];
  readonly responses: { id: string; body: Record<string, unknown> }[] = [];
  readonly usersByEmail = new Map<string, string>();
  /** what each channel shows now, oldest first */
  readonly channels = new Map<string, ChannelMessage[]>();
  /** every upload, by file id */
  readonly uploads = new Map<string, FakeUpload>();
  /** what is pinned in each channel now (message ts) */
  readonly pins = new Map<string, string[]>();
  /** what each person's App Home shows now (the last views.publish) */
  readonly homes = new Map<string, Record<string, unknown>>();
  /** trigger ids handed out with payloads: when, and whether a view was opened with it */
  private readonly triggers = new Map<string, { at: number; used: boolean }>();
  private triggerCount = 0;
  private readonly failures = new Map<string, Failure[]>();
  private readonly refusals = new Map<string, Failure>();
  private readonly delays = new Map<string, number>();
  /** told about every Web API call as it arrives, before it is answered (a test may kill the bot then); `token`: the caller's bot token */
  onCall: (method: string, body: Record<string, unknown>, token?: string) => void = () => {};
  private ts = 1_700_000_000;
  private server = http.createServer((req, res) => void this.onRequest(req, res));
  base = '';

  get apiUrl(): string {
    return `${this.base}/api/`;
  }

  responseUrl(id: string): string {
    return `${this.base}/respond/${id}`;
  }

  /** A trigger id as Slack puts one in a payload: views.open takes it once, within 3 s. */
  issueTrigger(): string {
    const id = `${++this.triggerCount}.${Date.now()}.trig`;
    this.triggers.set(id, { at: Date.now(), used: false });
    return id;
  }

  private triggerProblem(id: unknown): string | undefined {
    const t = typeof id === 'string' ? this.triggers.get(id) : undefined;
    if (!t) return 'invalid_trigger_id';
    if (t.used) return 'exchanged_trigger_id';
    if (Date.now() - t.at > 3000) return 'expired_trigger_id';
    t.used = true;
    return undefined;
  }

  failNext(method: string, f: Failure): void {
    this.failures.set(method, [...(this.failures.get(method) ?? []), f]);
  }

  /** every call of `method` fails like this until healed (e.g. conversations.history without its scope) */
  refuse(method: string, f: Failure): void {
    this.refusals.set(method, f);
  }

  heal(method: string): void {
    this.refusals.delete(method);
  }

  private readonly gates = new Map<string, Promise<void>>();

  /** `method` (or 'upload', the upload URL) waits until the returned function is called */
  hold(method: string): () => void {
    let open!: () => void;
    this.gates.set(method, new Promise<void>((r) => { open = r; }));
    return () => {
      this.gates.delete(method);
      open();
    };
  }

  /** `method` answers only after `ms` (a slow Slack) */
  delay(method: string, ms: number): void {
    this.delays.set(method, ms);
  }

  /** the text of what a channel shows now, top-level posts and thread replies in order */
  shown(channel: string): ChannelMessage[] {
    return this.channels.get(channel) ?? [];
  }

  async start(): Promise<void> {
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', () => r()));
    this.base = `http://127.0.0.1:${(this.server.address() as { port: number }).port}`;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((r) => this.server.close(r));
  }

  of(method: string): Record<string, unknown>[] {
    return this.calls.filter((c) => c.method === method).map((c) => c.body);
  }

  private async onRequest(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const url = req.url ?? '';
    if (url.startsWith('/upload/v1/')) {
      const id = url.slice('/upload/v1/'.length);
      this.calls.push({ method: 'upload', body: { file_id: id, bytes: Buffer.concat(chunks).length } });
      this.onCall('upload', { file_id: id });
      await this.gates.get('upload');
      return this.receiveUpload(req, res, id, Buffer.concat(chunks));
    }
    const raw = Buffer.concat(chunks).toString('utf8');
    const body = parseBody(raw, req.headers['content-type'] ?? '');
    if (url.startsWith('/respond/')) {
      this.responses.push({ id: url.slice('/respond/'.length), body });
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
      return;
    }
    const method = url.replace(/^\/api\//, '').split('?')[0]!;
    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    const call: ApiCall = { method, body, ...(token ? { token } : {}) };
    this.calls.push(call);
    this.onCall(method, body, token);
    const delay = this.delays.get(method);
    if (delay) await new Promise((r) => setTimeout(r, delay));
    await this.gates.get(method);
    const failure = this.failures.get(method)?.shift() ?? this.refusals.get(method);
    if (failure?.status === 429) {
      res.writeHead(429, { 'retry-after': String(failure.retryAfter), 'content-type': 'application/json' }).end('{"ok":false,"error":"ratelimited"}');
      return;
    }
    if (failure?.status === 500) {
      res.writeHead(500).end('server error');
      return;
    }
    const answer = failure?.status === 200 ? { ok: false, error: failure.error } : this.answer(method, body);
    call.result = answer;
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answer));
  }

  /**
   * The upload URL getUploadURLExternal handed out (on loopback): a POST of exactly the announced number
   * of bytes, raw or as one multipart part, before the upload is completed. Answers like Slack: 200 "OK - <bytes>".
   */
  private receiveUpload(req: http.IncomingMessage, res: http.ServerResponse, id: string, data: Buffer): void {
    const upload = this.uploads.get(id);
    const failure = this.failures.get('upload')?.shift();
    if (failure) {
      res.writeHead(failure.status === 429 ? 429 : 500, failure.status === 429 ? { 'retry-after': String(failure.retryAfter) } : {}).end('error');
      return;
    }
    const bytes = /multipart\/form-data/.test(req.headers['content-type'] ?? '') ? multipartFile(data, req.headers['content-type']!) : data;
    if (req.method !== 'POST' || !upload || upload.completedInto !== undefined) {
      res.writeHead(404).end('upload URL not found');
      return;
    }
    if (!bytes || bytes.length !== upload.length) {
      res.writeHead(400).end(`expected ${upload.length} bytes, got ${bytes?.length ?? 0}`);
      return;
    }
    upload.content = bytes.toString('utf8');
    res.writeHead(200, { 'content-type': 'text/plain' }).end(`OK - ${bytes.length}`);
  }

  /** files.getUploadURLExternal: `filename` and `length` (a whole number of bytes) are required. */
  private uploadUrl(body: Record<string, unknown>): Record<string, unknown> {
    const filename = typeof body.filename === 'string' ? body.filename : '';
    const length = String(body.length ?? '');
    if (!filename || !/^[1-9]\d*$/.test(length)) return { ok: false, error: 'invalid_arguments' };
    const id = `F${this.ts++}`;
    this.uploads.set(id, { id, filename, length: Number(length) });
    return { ok: true, upload_url: `${this.base}/upload/v1/${id}`, file_id: id };
  }

  /**
   * files.completeUploadExternal: `files` (required) lists uploads whose bytes arrived, each completed
   * once; with `channel_id` the file is shared there as one message carrying `blocks` (ignored when
   * `initial_comment` is given, which is then the message's text).
   */
  private completeUpload(body: Record<string, unknown>): Record<string, unknown> {
    const files = body.files;
    if (!Array.isArray(files) || !files.length) return { ok: false, error: 'invalid_arguments' };
    const uploads = files.map((f) => this.uploads.get(String((f as { id?: unknown }).id ?? '')));
    if (uploads.some((u) => !u || u.content === undefined)) return { ok: false, error: 'file_not_found' };
    if (uploads.some((u) => u!.completedInto !== undefined)) return { ok: false, error: 'invalid_arguments' };
    const channel = typeof body.channel_id === 'string' ? body.channel_id : '';
    const titles = files.map((f, i) => String((f as { title?: unknown }).title ?? uploads[i]!.filename));
    for (const u of uploads) u!.completedInto = channel;
    if (channel) {
      const comment = typeof body.initial_comment === 'string' ? body.initial_comment : undefined;
      this.channels.set(channel, [...this.shown(channel), {
        ts: `${this.ts++}.000300`, text: comment ?? '', blocks: comment === undefined ? body.blocks : undefined,
        ...(body.thread_ts ? { threadTs: String(body.thread_ts) } : {}),
        files: uploads.map((u, i) => ({ id: u!.id, name: u!.filename, title: titles[i]! })),
      }]);
    }
    return { ok: true, files: uploads.map((u, i) => ({ id: u!.id, title: titles[i] })) };
  }

  private answer(method: string, body: Record<string, unknown>): Record<string, unknown> {
    const refused = (error: string, messages: string[]) => ({ ok: false, error, response_metadata: { messages } });
    if (['chat.postMessage', 'chat.update', 'chat.postEphemeral'].includes(method) && body.blocks !== undefined) {
      const problems = blocksProblems(body.blocks, 50);
      if (problems.length) return refused('invalid_blocks', problems);
    }
    switch (method) {
      case 'files.getUploadURLExternal':
        return this.uploadUrl(body);
      case 'files.completeUploadExternal':
        return this.completeUpload(body);
      case 'auth.test':
        return { ok: true, user_id: 'UBOT', bot_id: 'BBOT', team_id: 'T1', user: 'slt' };
      case 'chat.postMessage': {
        const ts = `${this.ts++}.000100`;
        const channel = String(body.channel);
        this.channels.set(channel, [...this.shown(channel), {
          ts, text: String(body.text ?? ''), blocks: body.blocks,
          ...(body.thread_ts ? { threadTs: String(body.thread_ts) } : {}), ...(body.metadata ? { metadata: body.metadata } : {}),
        }]);
        return { ok: true, channel: body.channel, ts, message: { text: body.text } };
      }
      case 'chat.update': {
        const m = this.shown(String(body.channel)).find((x) => x.ts === body.ts);
        if (!m) return { ok: false, error: 'message_not_found' };
        Object.assign(m, { text: String(body.text ?? ''), blocks: body.blocks });
        return { ok: true, channel: body.channel, ts: body.ts };
      }
      case 'chat.delete': {
        const list = this.shown(String(body.channel));
        if (!list.some((x) => x.ts === body.ts)) return { ok: false, error: 'message_not_found' };
        this.channels.set(String(body.channel), list.filter((x) => x.ts !== body.ts));
        return { ok: true, channel: body.channel, ts: body.ts };
      }
      case 'chat.postEphemeral':
        return { ok: true, message_ts: `${this.ts++}.000200` };
      case 'views.open': {
        const problems = viewProblems(body.view, 'modal');
        if (problems.length) return refused('invalid_arguments', problems);
        const trigger = this.triggerProblem(body.trigger_id);
        if (trigger) return { ok: false, error: trigger };
        return { ok: true, view: { id: `V${this.ts++}` } };
      }
      case 'views.update': {
        const problems = viewProblems(body.view, 'modal');
        return problems.length ? refused('invalid_arguments', problems) : { ok: true, view: { id: body.view_id ?? `V${this.ts++}` } };
      }
      case 'views.publish': {
        if (typeof body.user_id !== 'string' || !body.user_id) return { ok: false, error: 'invalid_arguments' };
        const problems = viewProblems(body.view, 'home');
        if (problems.length) return refused('invalid_arguments', problems);
        this.homes.set(body.user_id, body.view as Record<string, unknown>);
        return { ok: true, view: { id: `V${this.ts++}`, type: 'home' } };
      }
      case 'pins.add': {
        const channel = String(body.channel);
        if (!this.shown(channel).some((m) => m.ts === body.timestamp)) return { ok: false, error: 'message_not_found' };
        const pinned = this.pins.get(channel) ?? [];
        if (pinned.includes(String(body.timestamp))) return { ok: false, error: 'already_pinned' };
        this.pins.set(channel, [...pinned, String(body.timestamp)]);
        return { ok: true };
      }
      case 'pins.remove': {
        const pinned = this.pins.get(String(body.channel)) ?? [];
        if (!pinned.includes(String(body.timestamp))) return { ok: false, error: 'no_pin' };
        this.pins.set(String(body.channel), pinned.filter((t) => t !== body.timestamp));
        return { ok: true };
      }
      case 'chat.getPermalink':
        return { ok: true, channel: body.channel, permalink: `https://kommune.slack.com/archives/${String(body.channel)}/p${String(body.message_ts).replace('.', '')}` };
      case 'conversations.open':
        return { ok: true, channel: { id: `D${String(body.users)}` } };
      case 'users.lookupByEmail': {
        const id = this.usersByEmail.get(String(body.email));
        return id ? { ok: true, user: { id } } : { ok: false, error: 'users_not_found' };
      }
      case 'conversations.history': {
        // newest first, top-level posts only, like Slack
        const messages = this.shown(String(body.channel)).filter((m) => !m.threadTs).reverse().slice(0, Number(body.limit ?? 100))
          .map((m) => ({ ts: m.ts, text: m.text, ...(body.include_all_metadata && m.metadata ? { metadata: m.metadata } : {}), ...(m.files ? { files: m.files } : {}) }));
        return { ok: true, messages };
      }
      default:
        return { ok: true };
    }
  }
}

/** The content of the one file part of a multipart/form-data body. */
function multipartFile(data: Buffer, type: string): Buffer | undefined {
  const boundary = /boundary=("?)([^";]+)\1/.exec(type)?.[2];
  if (!boundary) return undefined;
  const text = data.toString('latin1');
  const start = text.indexOf('\r\n\r\n', text.indexOf(`--${boundary}`));
  const end = text.indexOf(`\r\n--${boundary}`, start);
  return start < 0 || end < 0 ? undefined : Buffer.from(text.slice(start + 4, end), 'latin1');
}

function parseBody(raw: string, type: string): Record<string, unknown> {
  if (!raw) return {};
  if (type.includes('application/json')) return JSON.parse(raw) as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [k, v] of new URLSearchParams(raw)) {
    try {
      out[k] = /^[[{]/.test(v) ? JSON.parse(v) : v;
    } catch {
      out[k] = v;
    }
  }
  return out;
}

/** Headers Slack sends with a request: the v0 HMAC-SHA256 signature of "v0:<timestamp>:<body>". */
export function signedHeaders(secret: string, body: string, timestamp = Math.floor(Date.now() / 1000)): Record<string, string> {
  const sig = `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
  return { 'content-type': 'application/x-www-form-urlencoded', 'x-slack-signature': sig, 'x-slack-request-timestamp': String(timestamp) };
}

/** Plain text of Block Kit blocks (header, sections, context, button labels), unescaped. */
export function blocksText(blocks: unknown): string {
  const out: string[] = [];
  const visit = (b: Record<string, unknown>) => {
    const t = b.text as { text?: string } | string | undefined;
    if (typeof t === 'string') out.push(t);
    else if (t?.text) out.push(t.text);
    for (const e of (b.elements as Record<string, unknown>[] | undefined) ?? []) visit(e);
  };
  for (const b of (Array.isArray(blocks) ? blocks : []) as Record<string, unknown>[]) visit(b);
  return out.join('\n').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}
