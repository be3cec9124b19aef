import { WebClient } from '@slack/web-api';
import { LIMITS } from '../../adapters/slack/from-core';
import { SlackChatPort } from '../../adapters/slack/slack-chat-port';
import { view } from '../../src/core/model/view';
import { FakeClock, testApp , inTx } from '../helpers';
import { blocksText, FakeSlackApi } from './fake-slack-api';
import { SlackHarness, TEAM_CHANNEL, USERS } from './slack-harness';

test('a summary of more than 50 blocks is posted in parts, and a decision added to item 61 afterwards appears in the channel', async () => {
  const clock = new FakeClock('2027-01-12T10:00');
  const app = await testApp(clock);
  app.setRunningPlatforms(['slack']);
  const h = await new SlackHarness(app).start();
  const deliver = () => app.dispatcher([h.adapter.chatPort], { sleep: async () => {} }).run();
  try {
    const now = clock.now().toISOString();
    for (let i = 1; i <= 65; i++) {
      await inTx(app).insertItem({ ref: `TEAM-2027-${String(i).padStart(3, '0')}`, municipalityId: 'testby', forumId: 'team', meetingId: 'testby/team/2027-01-20',
        kind: 'topic', category: 'annet', title: `Tema nummer ${i}`, submitterId: 'politi', state: 'approved', late: false, createdAt: now, updatedAt: now });
    }
    clock.set('2027-01-20T11:00');
    await h.command(USERS.leder, 'minutes approve');
    await deliver();
    const shown = () => h.api.shown(TEAM_CHANNEL).map((m) => blocksText(m.blocks)).join('\n');
    expect(h.api.shown(TEAM_CHANNEL).length).toBeGreaterThan(1);
    for (const m of h.api.shown(TEAM_CHANNEL)) expect((m.blocks as unknown[]).length).toBeLessThanOrEqual(LIMITS.blocksPerMessage);
    expect(shown()).toMatch(/\*TEAM-2027-061 · Tema nummer 61\*\nIngen vedtak eller oppgaver ført\./);

    const r = await h.command(USERS.leder, 'decision TEAM-2027-061 Kommunen følger opp med foreldremøte');
    expect(blocksText(r.json!.blocks)).toMatch(/Rettelsen er lagt ut som en oppdatering av sammendraget/);
    await deliver();
    expect(shown()).toMatch(/\*TEAM-2027-061 · Tema nummer 61\*\nVedtak: Kommunen følger opp med foreldremøte/);
    expect(shown()).toMatch(/Oppdatert etter godkjenning\./);
    // an update, never a second summary
    expect(shown().match(/Sammendrag: Tverrfaglig team/g)).toHaveLength(1);
  } finally {
    await h.stop();
    await app.close();
  }
});

test('an edit of a post in parts updates each part, posts the parts it gained and deletes those it lost', async () => {
  const api = new FakeSlackApi();
  await api.start();
  const port = new SlackChatPort(new WebClient('xoxb-test', { slackApiUrl: api.apiUrl, retryConfig: { retries: 0 } }));
  const sized = (n: number, word: string) => view('agenda', `Liste ${word}`, ...Array.from({ length: n }, (_, i) => ({ heading: `Punkt ${i + 1}`, lines: [`${word} ${i + 1}`] })));
  const shown = () => api.shown('C1').map((m) => blocksText(m.blocks)).join('\n');
  try {
    let id = await port.send({ kind: 'channel', id: 'C1' }, sized(120, 'a'), undefined, 'k');
    expect(api.shown('C1')).toHaveLength(3);
    id = await port.send({ kind: 'channel', id: 'C1' }, sized(60, 'b'), id);
    expect(api.shown('C1')).toHaveLength(2);
    expect(shown()).toBe(blocksText([{ type: 'header', text: { text: 'Liste b' } }, ...Array.from({ length: 60 }, (_, i) => ({ text: { text: `*Punkt ${i + 1}*\nb ${i + 1}` } }))]));
    id = await port.send({ kind: 'channel', id: 'C1' }, sized(160, 'c'), id);
    expect(api.shown('C1')).toHaveLength(4);
    expect(shown()).not.toMatch(/\b[ab] \d/);
    expect(shown()).toMatch(/c 160$/);
    // the parts after the first are replies in the first one's thread
    const [first, ...rest] = api.shown('C1');
    for (const m of rest) expect(m.threadTs).toBe(first!.ts);
    expect(id.split(':')[0]).toBe('C1');
  } finally {
    await api.stop();
  }
});
