import { ClaimsIdentity, type ConnectorClient, ServiceClientCredentialsFactory } from 'botframework-connector';
import type { Activity } from 'botbuilder';
import { teamsAuthentication } from '../../adapters/teams/credentials';
import { MAX_CONNECTOR_CLIENTS } from '../../adapters/teams/reused-clients';
import type { SqliteApp } from '../../src/app';
import { FakeClock, testApp } from '../helpers';
import { activityText, FakeConnector } from './fake-connector';
import { AAD, TeamsHarness } from './teams-harness';

const activity = (serviceUrl: string) => ({ type: 'message', channelId: 'msteams', serviceUrl }) as Activity;
const baseUri = (c: ConnectorClient) => (c as unknown as { baseUri: string }).baseUri;

test('unauthenticated (no app id): one connector client per service URL, made once and reused by later activities; one user token client', async () => {
  const auth = teamsAuthentication({});
  const a = await auth.authenticateRequest(activity('http://127.0.0.1:1/a/'), '');
  const b = await auth.authenticateRequest(activity('http://127.0.0.1:1/b/'), '');
  const clientA = await a.connectorFactory!.create('http://127.0.0.1:1/a/', a.audience);
  const clientB = await b.connectorFactory!.create('http://127.0.0.1:1/b/', b.audience);
  expect(baseUri(clientA)).toBe('http://127.0.0.1:1/a/');
  expect(baseUri(clientB)).toBe('http://127.0.0.1:1/b/');
  const again = await auth.authenticateRequest(activity('http://127.0.0.1:1/a/'), '');
  expect(await again.connectorFactory!.create('http://127.0.0.1:1/a/', again.audience)).toBe(clientA);
  // proactive sends (continueConversation) take theirs from the same clients
  expect(await auth.createConnectorFactory(again.claimsIdentity).create('http://127.0.0.1:1/b/', b.audience)).toBe(clientB);
  expect(await auth.createUserTokenClient(a.claimsIdentity)).toBe(await auth.createUserTokenClient(b.claimsIdentity));
});

/** Credentials for app ids it is told, failing the first `failures` times it is asked. */
class FlakyCredentials extends ServiceClientCredentialsFactory {
  asked: string[] = [];
  constructor(private failures: number) {
    super();
  }
  async isValidAppId(appId: string) { return appId === 'app-1' || appId === 'app-2'; }
  async isAuthenticationDisabled() { return false; }
  async createCredentials(appId: string, audience: string) {
    this.asked.push(`${appId} ${audience}`);
    if (this.failures-- > 0) throw new Error('no credentials now');
    return { signRequest: async <T>(r: T) => r };
  }
}

const claimsOf = (appId: string) => new ClaimsIdentity([{ type: 'aud', value: appId }], true);

test('with an app id: the key is the app id, the audience and the service URL; a failed creation is not remembered; the number kept is bounded', async () => {
  const credentials = new FlakyCredentials(1);
  const auth = teamsAuthentication({ appId: 'app-1', appPassword: 'x', credentialsFactory: credentials });
  const url = 'https://smba.example.test/emea/';
  await expect(auth.createConnectorFactory(claimsOf('app-1')).create(url, 'aud-1')).rejects.toThrow('no credentials now');
  const client = await auth.createConnectorFactory(claimsOf('app-1')).create(url, 'aud-1');
  expect(await auth.createConnectorFactory(claimsOf('app-1')).create(url, 'aud-1')).toBe(client);
  expect(await auth.createConnectorFactory(claimsOf('app-2')).create(url, 'aud-1')).not.toBe(client);
  expect(await auth.createConnectorFactory(claimsOf('app-1')).create(url, 'aud-2')).not.toBe(client);
  expect(credentials.asked).toEqual(['app-1 aud-1', 'app-1 aud-1', 'app-2 aud-1', 'app-1 aud-2']);
  // as many other service URLs as are kept: the oldest, ours, is made anew
  for (let i = 0; i < MAX_CONNECTOR_CLIENTS; i++) await auth.createConnectorFactory(claimsOf('app-1')).create(`https://other-${i}.example.test/`, 'aud-1');
  const remade = await auth.createConnectorFactory(claimsOf('app-1')).create(url, 'aud-1');
  expect(remade).not.toBe(client);
  expect(baseUri(remade)).toBe(url);
});

describe('through the adapter', () => {
  let app: SqliteApp;
  let h: TeamsHarness;
  const other = new FakeConnector();
  beforeEach(async () => {
    app = await testApp(new FakeClock('2027-01-08T10:00'));
    h = await new TeamsHarness(app).start();
    await other.start();
  });
  afterEach(async () => {
    await other.stop();
    await h.stop();
    await app.close();
  });

  test('each reply goes to the service URL of the activity it answers, whichever came before', async () => {
    const from = (serviceUrl: string, text: string) => h.post({ ...h.base(AAD.politi, true), serviceUrl, type: 'message', text });
    await from(h.connector.url, 'whoami');
    await from(other.url, 'agenda add "Fra en annen region" --forum team');
    await from(h.connector.url, 'agenda add "Fra den første" --forum team');
    const texts = (c: FakeConnector) => c.calls.filter((x) => x.verb === 'reply' || x.verb === 'send').map((x) => activityText(x.body));
    expect(texts(other)).toEqual([expect.stringMatching(/TEAM-2027-001/)]);
    expect(texts(h.connector)).toEqual([expect.stringMatching(/Per Politi|politi/i), expect.stringMatching(/TEAM-2027-002/)]);
  });
});
