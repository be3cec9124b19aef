import { view } from '../../src/core/model/view';
import { crashMidSend, FakeClock, fixture, testApp } from '../helpers';
import { blocksText } from './fake-slack-api';
import { SlackHarness, TEAM_CHANNEL, USERS } from './slack-harness';

/** A post a crashed worker had claimed (and, with `delivered`, had already posted) when it died. */
async function interruptedPost(delivered: boolean) {
  const clock = new FakeClock('2027-01-08T10:00');
  const app = await testApp(clock);
  app.setRunningPlatforms(['slack']);
  const h = await new SlackHarness(app).start();
  const m = fixture();
  await app.notify({ key: 'reminder', to: { kind: 'forum', ref: { municipality: m, forum: m.forums[0]! } }, view: view('info', 'Påminnelse: frist', { lines: ['x'] }) });
  const [row] = await crashMidSend(app, 'slack', clock, 60_000);
  if (delivered) await h.adapter.chatPort.send({ kind: 'channel', id: TEAM_CHANNEL }, row!.view, undefined, row!.key);
  const deliver = () => app.dispatcher([h.adapter.chatPort], { sleep: async () => {} }).run();
  const posts = () => h.api.shown(TEAM_CHANNEL).map((p) => blocksText(p.blocks));
  return { clock, app, h, row: row!, deliver, posts };
}

test('Slack without conversations.history: a crashed send ends as an unknown report to the coordinator, never posted twice', async () => {
  const { clock, app, h, row, deliver, posts } = await interruptedPost(true);
  h.api.refuse('conversations.history', { status: 200, error: 'missing_scope' });
  try {
    for (let i = 0; i < 5; i++) {
      clock.advance({ seconds: 61 });
      await deliver();
    }
    expect(h.api.of('conversations.history')).toHaveLength(3);
    expect((await app.store.outbox.list()).find((r) => r.id === row.id)).toMatchObject({ status: 'unknown', failure: 'interrupted' });
    expect(posts()).toEqual(['Påminnelse: frist\nx']); // the dead worker's post only
    const report = h.api.shown(`D${USERS.koord}`).map((p) => blocksText(p.blocks)).join('\n');
    expect(report).toMatch(/En melding kom ikke fram/);
    expect(report).toMatch(/Uvisst om de kom fram.*\(1\)/);
    expect(report).toContain(`#${row.id} · Påminnelse: frist → kanalen til Tverrfaglig team i Slack`);
    // the coordinator decides it did not arrive and sends it again: posted once more
    const r = await h.command(USERS.koord, `resend ${row.id}`);
    expect(blocksText(r.json!.blocks)).toMatch(new RegExp(`Melding #${row.id} sendes på nytt`));
    await deliver();
    expect(posts()).toEqual(['Påminnelse: frist\nx', 'Påminnelse: frist\nx']);
  } finally {
    await h.stop();
    await app.close();
  }
});

test('Slack with conversations.history: a crashed send that had arrived is recorded as sent; one that had not is sent once', async () => {
  for (const delivered of [true, false]) {
    const { clock, app, h, row, deliver, posts } = await interruptedPost(delivered);
    try {
      clock.advance({ seconds: 61 });
      await deliver();
      expect((await app.store.outbox.list()).find((r) => r.id === row.id)!.status).toBe('sent');
      expect(posts()).toEqual(['Påminnelse: frist\nx']);
      expect(h.api.shown(`D${USERS.koord}`)).toEqual([]); // nothing to report
    } finally {
      await h.stop();
      await app.close();
    }
  }
});
