import { FakeClock, testApp } from '../helpers';
import { blocksText } from './fake-slack-api';
import { SlackHarness, TEAM_CHANNEL, USERS } from './slack-harness';
import { logTo } from '../log-capture';

test('the published agenda is pinned in the forum\'s channel, edits keep the pin, the next meeting\'s agenda takes its place', async () => {
  const clock = new FakeClock('2027-01-08T10:00');
  const app = await testApp(clock);
  const h = await new SlackHarness(app).start();
  const log: string[] = [];
  const deliver = () => app.dispatcher([h.adapter.chatPort], { sleep: async () => {}, logger: logTo(log) }).run();
  const agendaTs = (date: string) => h.api.shown(TEAM_CHANNEL).find((m) => !m.threadTs && blocksText(m.blocks).includes(`Saksliste: Tverrfaglig team, ${date}`))?.ts;
  try {
    await h.command(USERS.politi, 'agenda add "Uro ved klubben"');
    await h.command(USERS.leder, 'approve TEAM-2027-001');
    await h.command(USERS.leder, 'publish');
    await deliver();
    const first = agendaTs('onsdag 20. januar 2027')!;
    expect(h.api.pins.get(TEAM_CHANNEL)).toEqual([first]);
    // a change after publication edits the post in place: still the one pin, not pinned again
    await h.command(USERS.politi, 'agenda add "Nytt tema"');
    await h.command(USERS.leder, 'approve TEAM-2027-002');
    await deliver();
    expect(h.api.of('chat.update').length).toBeGreaterThan(0);
    expect(h.api.of('pins.add')).toHaveLength(1);
    expect(h.api.pins.get(TEAM_CHANNEL)).toEqual([first]);
    // after the meeting, the next meeting's agenda is published at its deadline and pinned in place of the old one
    clock.set('2027-01-27T09:01');
    await app.runDue();
    await deliver();
    const second = agendaTs('onsdag 3. februar 2027')!;
    expect(second).toBeDefined();
    expect(h.api.pins.get(TEAM_CHANNEL)).toEqual([second]);
    expect(log.filter((l) => l.includes('pinned'))).toEqual([]);
  } finally {
    await h.stop();
    await app.close();
  }
});

test('an agenda Slack will not pin (no pins:write) is still posted once; the log says so', async () => {
  const clock = new FakeClock('2027-01-08T10:00');
  const app = await testApp(clock);
  const h = await new SlackHarness(app).start();
  const log: string[] = [];
  h.api.refuse('pins.add', { status: 200, error: 'missing_scope' });
  try {
    await h.command(USERS.leder, 'publish');
    await app.dispatcher([h.adapter.chatPort], { sleep: async () => {}, logger: logTo(log) }).run();
    await app.dispatcher([h.adapter.chatPort], { sleep: async () => {}, logger: logTo(log) }).run();
    expect(h.api.shown(TEAM_CHANNEL).filter((m) => blocksText(m.blocks).includes('Saksliste:'))).toHaveLength(1);
    expect((await app.store.outbox.list()).find((r) => r.key.startsWith('agenda:') && r.platform === 'slack')).toMatchObject({ status: 'sent' });
    expect(log).toEqual([expect.stringMatching(/^outbox: agenda:testby\/team\/2027-01-20:v1@slack:CTEAM01 was sent but could not be pinned \(.*missing_scope/)]);
  } finally {
    await h.stop();
    await app.close();
  }
});
