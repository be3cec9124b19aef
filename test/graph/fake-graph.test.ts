import { FakeGraph } from './fake-graph';

/** The fake is only worth testing against if it refuses what Graph refuses: these are the documented rules it enforces. */
describe('the fake Graph is as strict as the documentation', () => {
  let graph: FakeGraph;
  let token = '';
  const events = () => `${graph.apiUrl}/users/slt%40testby.example.org/events`;
  const post = (url: string, body: unknown, headers: Record<string, string> = { authorization: `Bearer ${token}`, 'content-type': 'application/json' }) =>
    fetch(url, { method: 'POST', headers, body: JSON.stringify(body) }).then(async (r) => ({ status: r.status, body: (await r.json().catch(() => undefined)) as { error?: { code: string } } | undefined }));
  const good = { subject: 'Team', start: { dateTime: '2027-01-20T09:00:00', timeZone: 'Europe/Oslo' }, end: { dateTime: '2027-01-20T10:30:00', timeZone: 'Europe/Oslo' } };

  beforeAll(async () => {
    graph = await new FakeGraph().start();
    graph.mailboxes.add('slt@testby.example.org');
    const form = (extra: Record<string, string>) => new URLSearchParams({ grant_type: 'client_credentials', client_id: graph.clientId, client_secret: graph.secret, scope: 'https://graph.microsoft.com/.default', ...extra });
    const tokenUrl = `${graph.authorityUrl}/${graph.tenant}/oauth2/v2.0/token`;
    expect((await fetch(tokenUrl, { method: 'POST', body: form({ client_secret: 'wrong' }) })).status).toBe(401);
    expect((await fetch(tokenUrl, { method: 'POST', body: form({ scope: 'https://graph.microsoft.com/Calendars.ReadWrite' }) })).status).toBe(400);
    expect((await fetch(`${graph.authorityUrl}/other-tenant/oauth2/v2.0/token`, { method: 'POST', body: form({}) })).status).toBe(400);
    token = ((await (await fetch(tokenUrl, { method: 'POST', body: form({}) })).json()) as { access_token: string }).access_token;
  });
  afterAll(() => graph.stop());

  test('no or a foreign bearer token: 401', async () => {
    expect((await post(events(), good, { 'content-type': 'application/json' })).status).toBe(401);
    expect((await post(events(), good, { authorization: 'Bearer forged', 'content-type': 'application/json' })).body?.error?.code).toBe('InvalidAuthenticationToken');
  });

  test('unknown properties, missing start or end, a dateTime with an offset, an unknown zone, an attendee without an address: 400', async () => {
    expect((await post(events(), { ...good, colour: 'red' })).body?.error?.code).toBe('RequestBodyRead');
    expect((await post(events(), { subject: 'x', start: good.start })).status).toBe(400);
    expect((await post(events(), { ...good, start: { dateTime: '2027-01-20T09:00:00Z', timeZone: 'Europe/Oslo' } })).status).toBe(400);
    expect((await post(events(), { ...good, start: { dateTime: '2027-01-20T09:00:00', timeZone: 'Oslo' } })).status).toBe(400);
    expect((await post(events(), { ...good, start: { dateTime: '20.01.2027 09:00', timeZone: 'Europe/Oslo' } })).status).toBe(400);
    expect((await post(events(), { ...good, attendees: [{ emailAddress: { name: 'Per' }, type: 'required' }] })).status).toBe(400);
    expect((await post(events(), { ...good, attendees: [{ emailAddress: { address: 'per@testby.example.org' }, type: 'chair' }] })).status).toBe(400);
    expect((await post(events(), { ...good, onlineMeetingProvider: 'zoom' })).status).toBe(400);
    expect(graph.events.size).toBe(0);
  });

  test('a mailbox it does not know is 404; one outside the access policy 403; the same transactionId twice is one event', async () => {
    expect((await post(`${graph.apiUrl}/users/nobody%40testby.example.org/events`, good)).body?.error?.code).toBe('ErrorInvalidUser');
    graph.allowed = new Set();
    expect((await post(events(), good)).status).toBe(403);
    graph.allowed = undefined;
    const a = await post(events(), { ...good, transactionId: 'tx-1' });
    const b = await post(events(), { ...good, transactionId: 'tx-1' });
    expect([a.status, b.status]).toEqual([201, 201]);
    expect((a.body as { id: string }).id).toBe((b.body as { id: string }).id);
    expect(graph.events.size).toBe(1);
  });
});
