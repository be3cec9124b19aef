import { createHttpServer } from '../../src/http/http-server';
import { createTeamsAdapter } from '../../adapters/teams';
import { Municipality } from '../../src/core/model/municipality';
import { FakeClock, fixtureInput, testApp } from '../helpers';
import { activityText } from './fake-connector';
import { AAD, TEAM_CONVERSATION, TeamsHarness } from './teams-harness';

test('a personal message is answered with a card in that chat', async () => {
  const app = await testApp(new FakeClock('2027-01-08T10:00'));
  const h = await new TeamsHarness(app).start();
  try {
    const r = await h.message(AAD.politi, 'agenda add "Fra Teams" --forum team', { personal: true });
    expect(r.status).toBe(200);
    const reply = h.connector.calls.find((c) => c.verb === 'reply' || c.verb === 'send')!;
    expect(reply.conversationId).toBe(`a:personal-29:${AAD.politi}`);
    expect(activityText(reply.body)).toMatch(/TEAM-2027-001/);
    expect(await app.store.read.item('TEAM-2027-001')).toMatchObject({ submitterId: 'politi', title: 'Fra Teams' });
  } finally {
    await h.stop();
    await app.close();
  }
});

test('production mode without an app id refuses to start', async () => {
  const app = await testApp(new FakeClock('2027-01-08T10:00'));
  expect(() => createTeamsAdapter({ bot: app.bot, directory: app.directory, store: app.store, clock: app.clock, http: createHttpServer(), production: true }))
    .toThrow(/MICROSOFT_APP_ID .* required when NODE_ENV=production/);
  await app.close();
});

test('an unknown Teams user asking whoami learns the id to configure', async () => {
  const app = await testApp(new FakeClock('2027-01-08T10:00'));
  const h = await new TeamsHarness(app).start();
  try {
    await h.message('aad-not-configured', 'whoami', { personal: true });
    const reply = h.connector.calls.find((c) => c.verb === 'reply' || c.verb === 'send')!;
    const text = activityText(reply.body);
    expect(text).toMatch(/Jeg vet ikke hvem du er/);
    expect(text).toContain('Din Teams-id er aad-not-configured.');
    expect(text).toContain('identities.teams');
  } finally {
    await h.stop();
    await app.close();
  }
});

test('a member configured by UPN is recognised by asking Teams once who the sender is; the link is stored', async () => {
  const input = fixtureInput();
  input.members = input.members.map((m) => (m.id === 'politi' ? { ...m, identities: { console: 'politi', teams: 'per.politi@testby.kommune.no' } } : m));
  const app = await testApp(new FakeClock('2027-01-08T10:00'), [Municipality.parse(input)]);
  const h = await new TeamsHarness(app).start();
  h.connector.accounts.set('29:aad-per', { id: '29:aad-per', aadObjectId: 'aad-per', userPrincipalName: 'Per.Politi@testby.kommune.no', name: 'Per Politi' });
  h.connector.accounts.set('29:aad-someone', { id: '29:aad-someone', aadObjectId: 'aad-someone', userPrincipalName: 'someone@elsewhere.no', name: 'Someone' });
  try {
    await h.message('aad-per', 'agenda add "Fra en UPN-bruker" --forum team', { personal: true });
    expect(await app.store.read.item('TEAM-2027-001')).toMatchObject({ submitterId: 'politi' });
    expect(await app.store.read.identityLinks()).toEqual([{ platform: 'teams', userId: 'aad-per', municipalityId: 'testby', memberId: 'politi' }]);
    await h.message('aad-per', 'whoami', { personal: true });
    await h.message('aad-someone', 'whoami', { personal: true });
    await h.message('aad-someone', 'whoami', { personal: true });
    // one lookup per sender: the member is linked, the stranger is not asked about again
    expect(h.connector.memberLookups).toEqual(['29:aad-per', '29:aad-someone']);
    expect(await app.store.read.identityLinks()).toHaveLength(1);
  } finally {
    await h.stop();
    await app.close();
  }
});

test('a person @mentioned in a channel message is the member the command names (deputy, action)', async () => {
  const app = await testApp(new FakeClock('2027-01-08T10:00'));
  const h = await new TeamsHarness(app).start();
  try {
    await h.post({
      type: 'message', id: 'mention-1', timestamp: new Date().toISOString(), serviceUrl: h.connector.url, channelId: 'msteams',
      from: { id: `29:${AAD.politi}`, aadObjectId: AAD.politi, name: 'Per Politi' }, recipient: { id: '28:slt-bot', name: 'SLT' },
      conversation: { id: TEAM_CONVERSATION, conversationType: 'channel', isGroup: true, tenantId: 't1' },
      channelData: { tenant: { id: 't1' }, channel: { id: TEAM_CONVERSATION }, team: { id: '19:team-root' } },
      text: '<at>SLT</at> deputy <at>Vera Vara</at> 2027-01-20',
      entities: [{ type: 'mention', mentioned: { id: '28:slt-bot', name: 'SLT' }, text: '<at>SLT</at>' }, { type: 'mention', mentioned: { id: '29:vara', name: 'Vera Vara' }, text: '<at>Vera Vara</at>' }],
    });
    const replies = h.connector.calls.filter((c) => c.verb === 'reply' || c.verb === 'send').map((c) => activityText(c.body)).join('\n');
    expect(replies).toMatch(/Vera Vara møter for deg/);
  } finally {
    await h.stop();
    await app.close();
  }
});

test('a reply in Teams names commands as @SLT …, without backticks, and its activity carries a summary for the notification', async () => {
  const app = await testApp(new FakeClock('2027-01-08T10:00'));
  const h = await new TeamsHarness(app).start();
  try {
    await h.message(AAD.politi, 'help', { personal: true });
    const reply = h.connector.calls.find((c) => c.verb === 'reply' || c.verb === 'send')!;
    const text = activityText(reply.body);
    expect(text).toMatch(/@SLT agenda add "<tittel>"/);
    expect(text).not.toMatch(/\/slt |`/);
    expect((reply.body as { summary?: string }).summary).toBe('SLT-boten: kommandoer');
  } finally {
    await h.stop();
    await app.close();
  }
});
