import { FakeClock, testApp } from '../helpers';
import { activityText } from './fake-connector';
import { AAD, TEAM_CONVERSATION, TeamsHarness } from './teams-harness';

test('the deadline reminder and the published agenda are new posts in the channel, not replies in the thread of the last command', async () => {
  const clock = new FakeClock('2027-01-12T10:00');
  const app = await testApp(clock);
  app.setRunningPlatforms(['teams']);
  const h = await new TeamsHarness(app).start();
  const deliver = () => app.dispatcher([h.adapter.chatPort], { sleep: async () => {} }).run();
  try {
    await h.install(AAD.koord);
    await app.runDue(); // what was due before: the reminder three days ahead of the deadline
    await deliver();
    const before = h.connector.calls.length;
    // the last thing said in the channel was a command in the thread of post 1700000000777
    await h.message(AAD.politi, 'agenda add "Uro ved klubben"', { thread: '1700000000777' });
    const stored = JSON.parse((await app.store.read.conversationRef(`teams:channel:${TEAM_CONVERSATION}`))!.referenceJson) as { conversation: { id: string }; activityId?: string };
    expect(stored.conversation.id).toBe(TEAM_CONVERSATION);
    expect(stored.activityId).toBeUndefined();

    clock.set('2027-01-13T08:00'); // the deadline reminder
    await app.runDue();
    await deliver();
    clock.set('2027-01-13T09:01'); // the deadline has passed: the agenda is published
    await app.runDue();
    await deliver();
    const posts = h.connector.calls.slice(before).filter((c) => ['send', 'reply'].includes(c.verb) && c.conversationId.startsWith(TEAM_CONVERSATION) && !activityText(c.body).startsWith('Svaret er sendt deg'));
    expect(posts.map((c) => activityText(c.body).split('\n')[0])).toEqual([
      'Påminnelse: frist for å melde saker til Tverrfaglig team',
      'Saksliste: Tverrfaglig team, onsdag 20. januar 2027 kl. 09:00',
    ]);
    for (const p of posts) {
      expect(p).toMatchObject({ verb: 'send', conversationId: TEAM_CONVERSATION });
      expect(p.body.replyToId).toBeUndefined();
    }
  } finally {
    await h.stop();
    await app.close();
  }
});
