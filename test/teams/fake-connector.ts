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

  to(conversationId: string): ConnectorCall[] {
    return this.calls.filter((c) => c.conversationId === conversationId && c.verb !== 'create' && c.verb !== 'refused');
  }

  private async onRequest(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    let raw = '';
    for await (const chunk of req) raw += chunk;
    const body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
    const parts = (req.url ?? '').split('?')[0]!.split('/').filter(Boolean).map(decodeURIComponent);
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
