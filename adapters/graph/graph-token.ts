import { z } from 'zod';

export interface GraphCredentials {
  tenantId: string;
  clientId: string;
  clientSecret: string;
  /** Microsoft Entra ID's login host, default https://login.microsoftonline.com (tests: a local fake) */
  authorityUrl: string;
}

/** The scope of an app-only token for Microsoft Graph (the application permissions admin consent granted). */
export const GRAPH_SCOPE = 'https://graph.microsoft.com/.default';

const TokenAnswer = z.object({ token_type: z.string(), expires_in: z.coerce.number(), access_token: z.string().min(1) });
const ErrorAnswer = z.object({ error: z.string(), error_description: z.string().optional() });

/** Entra ID refused the credentials (or could not be reached): its error code and first sentence. */
export class GraphTokenError extends Error {
  constructor(readonly code: string, message: string, readonly refused: boolean) {
    super(message);
    this.name = 'GraphTokenError';
  }
}

/**
 * App-only access tokens for Microsoft Graph by the client-credentials grant (one POST to the tenant's
 * token endpoint), kept until five minutes before they expire. Plain fetch rather than MSAL: MSAL only
 * talks to an https authority, and the login host must be configurable for the local fakes.
 */
export class GraphToken {
  private cached?: { token: string; until: number };

  constructor(private readonly creds: GraphCredentials, private readonly now: () => number = Date.now) {}

  async get(): Promise<string> {
    if (this.cached && this.cached.until > this.now()) return this.cached.token;
    const url = `${this.creds.authorityUrl.replace(/\/+$/, '')}/${encodeURIComponent(this.creds.tenantId)}/oauth2/v2.0/token`;
    let res: Response;
    try {
      res = await fetch(url, {
        method: 'POST', redirect: 'error', signal: AbortSignal.timeout(15_000),
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'client_credentials', client_id: this.creds.clientId, client_secret: this.creds.clientSecret, scope: GRAPH_SCOPE }),
      });
    } catch (e) {
      throw new GraphTokenError('unreachable', `no answer from ${new URL(url).host} (${e instanceof Error ? e.message : String(e)})`, false);
    }
    const body: unknown = await res.json().catch(() => ({}));
    const ok = TokenAnswer.safeParse(body);
    if (res.ok && ok.success) {
      this.cached = { token: ok.data.access_token, until: this.now() + Math.max(0, ok.data.expires_in - 300) * 1000 };
      return ok.data.access_token;
    }
    const err = ErrorAnswer.safeParse(body);
    const sentence = err.success ? (err.data.error_description ?? '').split(/\r?\n/)[0]!.trim() : `HTTP ${res.status}`;
    throw new GraphTokenError(err.success ? err.data.error : `http-${res.status}`, sentence, res.status >= 400 && res.status < 500);
  }

  /** Forget the token (Graph said it is no longer valid). */
  forget(): void {
    this.cached = undefined;
  }
}
