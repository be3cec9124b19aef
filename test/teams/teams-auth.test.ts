import { createHmac, createSign, generateKeyPairSync, type KeyObject } from 'node:crypto';
import http from 'node:http';
import type { App } from '../../src/app';
import { createTeamsAdapter } from '../../adapters/teams';
import { createHttpServer, type HttpServer } from '../../src/http/http-server';
import { FakeClock, testApp } from '../helpers';
import { FakeConnector } from './fake-connector';
import { logTo } from '../log-capture';

/**
 * Issue 13, finding 7: the Teams endpoint in production mode (an app id, so every request must carry
 * a valid Bot Framework token). A malformed body is refused without being printed; forged or
 * unverifiable tokens answer 401, an unreachable key endpoint 503; each refusal is one log line (an
 * id, a size and a reason) and nothing is printed by the SDK either: no stack, no body, no user text.
 * Microsoft's signing keys are played by a local OpenID endpoint with a key of our own.
 */
const APP_ID = 'app-1';
const ISSUER = 'https://api.botframework.com';
const USER_TEXT = 'Ola Nordmann ring 41234567';

const microsoft = generateKeyPairSync('rsa', { modulusLength: 2048 });
const forger = generateKeyPairSync('rsa', { modulusLength: 2048 });

/** Microsoft's OpenID metadata and keys, on loopback */
class FakeOpenId {
  private server = http.createServer((req, res) => {
    if (req.url === '/openid') return void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ issuer: ISSUER, jwks_uri: `${this.base}/keys` }));
    if (req.url === '/keys') {
      const jwk = microsoft.publicKey.export({ format: 'jwk' });
      return void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [{ ...jwk, kid: 'kid-1', use: 'sig', endorsements: ['msteams'] }] }));
    }
    res.writeHead(404).end();
  });
  base = '';
  async start(): Promise<this> {
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', () => r()));
    this.base = `http://127.0.0.1:${(this.server.address() as { port: number }).port}`;
    return this;
  }
  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((r) => this.server.close(r));
  }
}

const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
function jwt(claims: Record<string, unknown>, opts: { key?: KeyObject; alg?: string; kid?: string; hmacSecret?: Buffer } = {}): string {
  const header = { alg: opts.alg ?? 'RS256', typ: 'JWT', kid: opts.kid ?? 'kid-1' };
  const input = `${b64(header)}.${b64(claims)}`;
  const signature = opts.hmacSecret
    ? createHmac('sha256', opts.hmacSecret).update(input).digest('base64url')
    : createSign('RSA-SHA256').update(input).sign(opts.key ?? microsoft.privateKey).toString('base64url');
  return `${input}.${signature}`;
}

let app: App;
let openid: FakeOpenId;
let connector: FakeConnector;
let server: HttpServer;
let url = '';
const logs: string[] = [];
let printed: string[] = [];
const spies: jest.SpyInstance[] = [];

async function start(metadataUrl: string): Promise<void> {
  server = createHttpServer();
  createTeamsAdapter({
    bot: app.bot, directory: app.directory, store: app.store, clock: app.clock, http: server, production: true,
    appId: APP_ID, appPassword: 'secret', openIdMetadataUrl: metadataUrl, logger: logTo(logs),
  });
  url = `http://127.0.0.1:${await server.listen(0, '127.0.0.1')}/api/messages`;
}

beforeEach(async () => {
  app = await testApp(new FakeClock('2027-01-08T10:00'));
  openid = await new FakeOpenId().start();
  connector = new FakeConnector();
  await connector.start();
  logs.length = 0;
  printed = [];
  // whatever the SDK or Express would print on their own
  for (const m of ['error', 'warn', 'log', 'info'] as const) {
    spies.push(jest.spyOn(console, m).mockImplementation((...args: unknown[]) => void printed.push(args.map((a) => (a instanceof Error ? a.stack : String(a))).join(' '))));
  }
});
afterEach(async () => {
  spies.splice(0).forEach((s) => s.mockRestore());
  await server.close();
  await connector.stop();
  await openid.stop();
  await app.close();
});

const now = () => Math.floor(Date.now() / 1000);
const claims = (extra: Record<string, unknown> = {}) => ({ iss: ISSUER, aud: APP_ID, nbf: now() - 60, exp: now() + 3600, serviceurl: connector.url, ...extra });
const activity = () => ({
  type: 'invoke', name: 'adaptiveCard/action', id: 'act-1', channelId: 'msteams', serviceUrl: connector.url, timestamp: new Date().toISOString(),
  from: { id: '29:aad-politi', aadObjectId: 'aad-politi', name: 'Per' }, recipient: { id: '28:bot', name: 'SLT' },
  conversation: { id: 'a:personal-29:aad-politi', conversationType: 'personal', tenantId: 't1' }, text: USER_TEXT,
  value: { action: { type: 'Action.Execute', verb: 'refresh', data: { ref: 'TEAM-2027-001' } }, trigger: 'automatic' },
});
async function post(body: string, token?: string): Promise<number> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body });
  await res.text();
  return res.status;
}

/** nothing printed or logged holds a stack trace, the body or the user's text */
function expectQuiet(): void {
  const all = [...logs, ...printed].join('\n');
  expect(all).not.toMatch(/\n\s+at /);
  expect(all).not.toContain('Nordmann');
  expect(all).not.toContain('41234567');
  expect(printed).toEqual([]);
}

test('a valid token gets through to the bot (the checks in front of the SDK refuse nothing genuine)', async () => {
  await start(`${openid.base}/openid`);
  await app.bot.handle({ platform: 'console', userId: 'politi', channelId: 'testby-team', text: 'agenda add "Tema"' });
  expect(await post(JSON.stringify(activity()), jwt(claims()))).toBe(200);
  expect(logs).toEqual([]);
});

test('forged and unverifiable tokens answer 401, each with one log line and no stack', async () => {
  await start(`${openid.base}/openid`);
  const body = JSON.stringify(activity());
  const publicPem = microsoft.publicKey.export({ format: 'pem', type: 'spki' });
  const cases: [string, string | undefined][] = [
    ['no token', undefined],
    ['not a token', 'abc'],
    ['signed with another key under Microsoft\'s key id', jwt(claims(), { key: forger.privateKey })],
    ['signed with another key under an unknown key id', jwt(claims(), { key: forger.privateKey, kid: 'kid-x' })],
    ['HS256 with the public key as secret', jwt(claims(), { alg: 'HS256', hmacSecret: Buffer.from(publicPem) })],
    ['alg none', `${b64({ alg: 'none', kid: 'kid-1' })}.${b64(claims())}.`],
    ['expired', jwt(claims({ exp: now() - 3600 }))],
    ['for another bot', jwt(claims({ aud: 'other-app' }))],
    ['from another issuer', jwt(claims({ iss: 'https://evil.example' }))],
    ['for another service URL', jwt(claims({ serviceurl: 'https://evil.example/' }))],
  ];
  for (const [name, token] of cases) {
    logs.length = 0;
    expect([name, await post(body, token)]).toEqual([name, 401]);
    expect([name, logs.length]).toEqual([name, 1]);
    expect(logs[0]).toMatch(/^teams: activity invoke act-1 refused with 401 \(\d+ bytes\): /);
  }
  // the SDK prints one line of its own for a bad signature under a known key id (the public key, no stack): tolerated, nothing else
  expect(printed.filter((p) => p.startsWith('Error finding key for token.'))).toHaveLength(1);
  printed = printed.filter((p) => !p.startsWith('Error finding key for token.'));
  expectQuiet();
});

test('an unreachable key endpoint answers 503 with one log line, no stack', async () => {
  await start('http://127.0.0.1:9/openid'); // nothing listens on the discard port
  expect(await post(JSON.stringify(activity()), jwt(claims()))).toBe(503);
  expect(logs).toHaveLength(1);
  expect(logs[0]).toMatch(/^teams: activity invoke act-1 refused with 503 \(\d+ bytes\): the token signing keys could not be fetched/);
  expectQuiet();
});

test('a malformed body is refused with 400 and never printed', async () => {
  await start(`${openid.base}/openid`);
  const truncated = JSON.stringify(activity()).slice(0, -20);
  expect(await post(truncated, jwt(claims()))).toBe(400);
  expect(await post(JSON.stringify([USER_TEXT]), jwt(claims()))).toBe(400);
  expect(await post(JSON.stringify({ text: USER_TEXT }), jwt(claims()))).toBe(400);
  expect(logs).toEqual([
    expect.stringMatching(/^teams: request refused with 400 \(\d+ bytes\): body not accepted \(entity\.parse\.failed\)$/),
    expect.stringMatching(/^teams: request refused with 400 \(\d+ bytes\): not an activity$/),
    expect.stringMatching(/^teams: request refused with 400 \(\d+ bytes\): not an activity$/),
  ]);
  expectQuiet();
});
