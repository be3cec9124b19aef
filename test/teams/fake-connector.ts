import http from 'node:http';

export interface ConnectorCall {
  /** 'refused': the fake answered with a configured failure */
  verb: 'create' | 'send' | 'reply' | 'update' | 'refused';
  conversationId: string;
  activityId?: string;
  body: Record<string, unknown>;
  /** the id the fake gave the activity */
  resultId?: string;
  /** when the fake received it (ms) */
  at?: number;
}

/** An upload session as OneDrive opens one when a person accepts a bot's file: where the bytes go, and what arrived. */
export interface UploadSession {
  id: string;
  name: string;
  uploadUrl: string;
  contentUrl: string;
  uniqueId: string;
  /** the bytes received (UTF-8), once the whole file arrived */
  content?: string;
  /** every PUT, with what was wrong with it if it was refused */
  puts: { status: number; problem?: string }[];
}

/**
 * A local stand-in for the Bot Framework connector at a loopback serviceUrl: records what the bot
 * sends (new conversations, activities, replies, updates) and can be told to answer a conversation
 * with 403 (the bot was removed) or 429 (with Retry-After).
 */
export class FakeConnector {
  readonly calls: ConnectorCall[] = [];
  private readonly failures = new Map<string, { status: number; retryAfter?: number; code?: string; once?: boolean }>();
  /** accounts the fake knows for GET /v3/conversations/{id}/members/{userId} (TeamsInfo.getMember), by user id */
  readonly accounts = new Map<string, Record<string, string>>();
  /** user ids looked up through the members route */
  readonly memberLookups: string[] = [];
  /** upload sessions handed out (uploadSession), by id */
  readonly uploads = new Map<string, UploadSession>();
  /** told about every activity sent, updated or replied as it arrives, before it is answered (a test may kill the bot then) */
  onActivity: () => void = () => {};
  private n = 0;
  private server = http.createServer((req, res) => void this.onRequest(req, res));
  url = '';

  async start(): Promise<void> {
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', () => r()));
    this.url = `http://127.0.0.1:${(this.server.address() as { port: number }).port}/`;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((r) => this.server.close(r));
  }

  /** every later call to this conversation fails with `status` */
  fail(conversationId: string, status: number, extra: { retryAfter?: number; code?: string; once?: boolean } = {}): void {
    this.failures.set(conversationId, { status, ...extra });
  }

  heal(conversationId: string): void {
    this.failures.delete(conversationId);
  }

  /**
   * What Teams puts in a `fileConsent/invoke` when the person accepts a file: an upload session for it
   * (on this loopback server, standing in for the person's OneDrive).
   */
  uploadSession(name: string): UploadSession {
    const id = `up-${++this.n}`;
    const session = { id, name, uploadUrl: `${this.url}upload/${id}`, contentUrl: `${this.url}onedrive/${encodeURIComponent(name)}`, uniqueId: `ID-${id}`, puts: [] };
    this.uploads.set(id, session);
    return session;
  }

  /**
   * A PUT of bytes to an upload session, checked as OneDrive documents it: no Authorization header
   * (the URL carries its own), Content-Length and Content-Range for the bytes sent; this fake takes the
   * whole file in one range. 201 with the item when the file is complete; an unknown or finished session is 404.
   */
  private receiveUpload(req: http.IncomingMessage, res: http.ServerResponse, id: string, data: Buffer): void {
    const session = this.uploads.get(id);
    const answer = (status: number, problem?: string) => {
      session?.puts.push({ status, ...(problem ? { problem } : {}) });
      res.writeHead(status, { 'content-type': 'application/json' })
        .end(JSON.stringify(status === 201 ? { id: session!.uniqueId, name: session!.name, size: data.length } : { error: { code: 'invalidRequest', message: problem ?? 'not found' } }));
    };
    if (!session || session.content !== undefined || req.method !== 'PUT') return answer(404, 'no such upload session');
    if (req.headers.authorization) return answer(401, 'an Authorization header was sent to a pre-authenticated upload URL');
    if (req.headers['content-length'] !== String(data.length)) return answer(400, 'Content-Length does not match the bytes');
    if (req.headers['content-range'] !== `bytes 0-${data.length - 1}/${data.length}` || !data.length) return answer(400, `bad Content-Range ${req.headers['content-range'] ?? '(none)'}`);
    session.content = data.toString('utf8');
    answer(201);
  }

  to(conversationId: string): ConnectorCall[] {
    return this.calls.filter((c) => c.conversationId === conversationId && c.verb !== 'create' && c.verb !== 'refused');
  }

  private async onRequest(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const parts = (req.url ?? '').split('?')[0]!.split('/').filter(Boolean).map(decodeURIComponent);
    if (parts[0] === 'upload' && parts[1]) return this.receiveUpload(req, res, parts[1], Buffer.concat(chunks));
    const raw = Buffer.concat(chunks).toString('utf8');
    const body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
    // v3 / conversations [/ id / activities [/ activityId]]
    if (parts[0] !== 'v3' || parts[1] !== 'conversations') {
      res.writeHead(404).end();
      return;
    }
    if (parts.length === 2 && req.method === 'POST') {
      const member = ((body.members as { id: string }[] | undefined) ?? [])[0]?.id ?? 'x';
      const id = `a:personal-${member}`;
      this.calls.push({ verb: 'create', conversationId: id, body });
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ id }));
      return;
    }
    const conversationId = parts[2]!;
    if (req.method === 'GET' && parts[3] === 'members' && parts[4]) {
      this.memberLookups.push(parts[4]);
      const account = this.accounts.get(parts[4]);
      res.writeHead(account ? 200 : 404, { 'content-type': 'application/json' })
        .end(JSON.stringify(account ?? { error: { code: 'MemberNotFoundInConversation', message: 'not found' } }));
      return;
    }
    const failure = this.failures.get(conversationId);
    if (failure) {
      if (failure.once) this.failures.delete(conversationId);
      this.calls.push({ verb: 'refused', conversationId, body, at: Date.now() });
      res.writeHead(failure.status, { 'content-type': 'application/json', ...(failure.retryAfter ? { 'retry-after': String(failure.retryAfter) } : {}) })
        .end(JSON.stringify({ error: { code: failure.code ?? 'Error', message: 'refused by the fake connector' } }));
      return;
    }
    const activityId = parts[4];
    const verb = req.method === 'PUT' ? 'update' : activityId ? 'reply' : 'send';
    const resultId = verb === 'update' ? activityId! : `act-${++this.n}`;
    this.calls.push({ verb, conversationId, ...(activityId ? { activityId } : {}), body, resultId, at: Date.now() });
    this.onActivity();
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ id: resultId }));
  }
}

type CardElement = { type: string; text?: string; label?: string; inlines?: { text?: string }[] };

/** Plain text of the elements of a card body: TextBlocks, the TextRuns of RichTextBlocks, input labels. */
export function bodyText(body: CardElement[] | undefined): string {
  const out: string[] = [];
  for (const b of body ?? []) {
    if (b.type === 'TextBlock' && b.text) out.push(b.text);
    if (b.type === 'RichTextBlock') out.push((b.inlines ?? []).map((r) => r.text ?? '').join(''));
    if (b.label) out.push(b.label);
  }
  return out.filter(Boolean).join('\n');
}

/** Plain text of the Adaptive Cards (and text) of an activity. */
export function activityText(activity: Record<string, unknown>): string {
  const out: string[] = [];
  if (typeof activity.text === 'string') out.push(activity.text);
  for (const a of (activity.attachments as { content?: { body?: CardElement[] } }[] | undefined) ?? []) out.push(bodyText(a.content?.body));
  return out.filter(Boolean).join('\n');
}
