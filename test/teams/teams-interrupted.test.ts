import { view } from '../../src/core/model/view';
import { crashMidSend, FakeClock, fixture, testApp } from '../helpers';
import { activityText } from './fake-connector';
import { AAD, TEAM_CONVERSATION, TeamsHarness } from './teams-harness';

test('Teams: a crashed send ends as an unknown report to the coordinator (Teams cannot be asked), and can be resent by command', async () => {
  const clock = new FakeClock('2027-01-08T10:00');
  const app = await testApp(clock);
  app.setRunningPlatforms(['teams']);
  const h = await new TeamsHarness(app).start();
  try {
    await h.install(AAD.koord);
    await h.installPersonal(AAD.koord);
    const m = fixture();
    await app.notify({ key: 'agenda', to: { kind: 'forum', ref: { municipality: m, forum: m.forums[0]! } }, view: view('agenda', 'Saksliste: Tverrfaglig team', { lines: ['x'] }) });
    const [row] = await crashMidSend(app, 'teams', clock, 60_000);
    await h.adapter.chatPort.send({ kind: 'channel', id: TEAM_CONVERSATION }, row!.view, undefined, row!.key); // it did arrive; then the worker died
    clock.advance({ seconds: 61 });
    await app.dispatcher([h.adapter.chatPort], { sleep: async () => {} }).run();
    expect((await app.store.outbox.list()).find((r) => r.id === row!.id)).toMatchObject({ status: 'unknown', failure: 'interrupted' });
    const agendaPosts = () => h.connector.calls.filter((c) => c.conversationId === TEAM_CONVERSATION && c.verb === 'send' && activityText(c.body).includes('Saksliste'));
    expect(agendaPosts()).toHaveLength(1); // not re-posted
    const report = h.connector.to(h.personalConversation(AAD.koord)).map((c) => activityText(c.body)).join('\n');
    expect(report).toMatch(/Uvisst om de kom fram.*\(1\)/);
    expect(report).toContain(`#${row!.id} · Saksliste: Tverrfaglig team → kanalen til Tverrfaglig team i Teams`);
    await h.message(AAD.koord, `resend ${row!.id}`, { personal: true });
    await app.dispatcher([h.adapter.chatPort], { sleep: async () => {} }).run();
    expect(agendaPosts()).toHaveLength(2);
  } finally {
    await h.stop();
    await app.close();
  }
});
