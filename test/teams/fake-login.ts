import http from 'node:http';
import { closeLoopback, listenOnLoopback } from '../loopback';
import { ConfidentialClientApplication, type INetworkModule, type NetworkRequestOptions, type NetworkResponse } from '@azure/msal-node';
import { MsalServiceClientCredentialsFactory } from 'botframework-connector';

const HOST = 'login.fake.test';

/**
 * A local stand-in for Microsoft Entra ID's token endpoint (client credentials), with the error answers
 * Entra ID gives for an unknown app id and a wrong secret. MSAL reaches it through a network module that
 * sends its https://login.fake.test/… requests to this loopback server.
 */
export class FakeLogin {
  readonly tokenRequests: Record<string, string>[] = [];
  private server = http.createServer((req, res) => void this.onRequest(req, res));
  private base = '';

  constructor(readonly appId = 'app-123', readonly secret = 'right-secret', readonly tenant = 'tenant-1') {}

  async start(): Promise<this> {
    this.base = await listenOnLoopback(this.server);
    return this;
  }

  stop(): Promise<void> {
    return closeLoopback(this.server);
  }

  /** The credentials factory a bot with this app id and secret uses, talking to this fake. */
  credentialsFactory(appId: string, secret: string): MsalServiceClientCredentialsFactory {
    const app = new ConfidentialClientApplication({
      auth: { clientId: appId, clientSecret: secret, authority: `https://${HOST}/${this.tenant}`, knownAuthorities: [HOST] },
      system: { networkClient: this.network() },
    });
    return new MsalServiceClientCredentialsFactory(appId, app);
  }

  private network(): INetworkModule {
    const send = async <T>(method: string, url: string, options?: NetworkRequestOptions): Promise<NetworkResponse<T>> => {
      const res = await fetch(url.replace(`https://${HOST}`, this.base), { method, ...(options?.headers ? { headers: options.headers } : {}), ...(options?.body ? { body: options.body } : {}) });
      return { status: res.status, headers: Object.fromEntries(res.headers), body: (await res.json()) as T };
    };
    return { sendGetRequestAsync: (url, options) => send('GET', url, options), sendPostRequestAsync: (url, options) => send('POST', url, options) };
  }

  private async onRequest(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    let raw = '';
    for await (const chunk of req) raw += chunk;
    const json = (status: number, body: unknown): void => void res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    const url = req.url ?? '';
    const t = `https://${HOST}/${this.tenant}`;
    if (req.method === 'GET' && url.endsWith('/.well-known/openid-configuration')) {
      return json(200, { token_endpoint: `${t}/oauth2/v2.0/token`, authorization_endpoint: `${t}/oauth2/v2.0/authorize`, end_session_endpoint: `${t}/oauth2/v2.0/logout`,
        issuer: `${t}/v2.0`, jwks_uri: `${t}/discovery/v2.0/keys` });
    }
    if (req.method === 'POST' && url.includes('/oauth2/v2.0/token')) {
      const form = Object.fromEntries(new URLSearchParams(raw));
      this.tokenRequests.push(form);
      if (form.client_id !== this.appId) {
        return json(400, { error: 'unauthorized_client', error_codes: [700016],
          error_description: `AADSTS700016: Application with identifier '${form.client_id}' was not found in the directory 'Testby'.\r\nTrace ID: 1\r\nCorrelation ID: 2` });
      }
      if (form.client_secret !== this.secret) {
        return json(401, { error: 'invalid_client', error_codes: [7000215],
          error_description: `AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value.\r\nTrace ID: 1` });
      }
      return json(200, { token_type: 'Bearer', expires_in: 3599, ext_expires_in: 3599, access_token: 'fake-access-token' });
    }
    json(404, { error: 'not_found' });
  }
}
