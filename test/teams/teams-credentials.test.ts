import { checkTeamsCredentials } from '../../adapters/teams/credentials';
import { FakeLogin } from './fake-login';

describe('Teams credentials are checked at start by getting a token (against a fake Entra ID)', () => {
  let login: FakeLogin;
  beforeEach(async () => {
    login = await new FakeLogin('app-123', 'right-secret').start();
  });
  afterEach(() => login.stop());

  test('the right app id and secret get a token', async () => {
    await expect(checkTeamsCredentials({ appId: 'app-123', credentialsFactory: login.credentialsFactory('app-123', 'right-secret') })).resolves.toBeUndefined();
    expect(login.tokenRequests).toEqual([expect.objectContaining({ client_id: 'app-123', grant_type: 'client_credentials', scope: 'https://api.botframework.com/.default' })]);
  });

  test('a wrong secret stops the bot with one line naming MICROSOFT_APP_PASSWORD', async () => {
    const e = await checkTeamsCredentials({ appId: 'app-123', credentialsFactory: login.credentialsFactory('app-123', 'wrong') }).catch((x: Error) => x);
    expect(e).toBeInstanceOf(Error);
    expect((e as Error).message).toMatch(/^MICROSOFT_APP_PASSWORD is not accepted by Microsoft Entra ID \(invalid_client: AADSTS7000215: Invalid client secret provided\./);
    expect((e as Error).message).not.toContain('\n');
  });

  test('an unknown app id names MICROSOFT_APP_ID', async () => {
    const e = await checkTeamsCredentials({ appId: 'app-999', credentialsFactory: login.credentialsFactory('app-999', 'right-secret') }).catch((x: Error) => x);
    expect((e as Error).message).toMatch(/^MICROSOFT_APP_ID is not accepted by Microsoft Entra ID \(unauthorized_client: AADSTS700016/);
  });

  test('a single-tenant bot without a tenant id is named before anything is asked', async () => {
    const e = await checkTeamsCredentials({ appId: 'app-123', appPassword: 'x', appType: 'SingleTenant' }).catch((x: Error) => x);
    expect((e as Error).message).toMatch(/^MICROSOFT_APP_TENANT_ID is missing or wrong for Teams/);
  });

  test('without an app id (local development) nothing is checked', async () => {
    await expect(checkTeamsCredentials({})).resolves.toBeUndefined();
    expect(login.tokenRequests).toEqual([]);
  });
});
