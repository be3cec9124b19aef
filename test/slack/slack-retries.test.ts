import { FakeClock, testApp } from '../helpers';
import { signedHeaders } from './fake-slack-api';
import { SECRET, SlackHarness, TEAM_CHANNEL, USERS } from './slack-harness';

const mention = (eventId: string, text: string) => JSON.stringify({
  token: 'x', team_id: 'T1', api_app_id: 'A1', type: 'event_callback', event_id: eventId, event_time: 1, authorizations: [{ user_id: 'UBOT', is_bot: true }],
  event: { type: 'app_mention', user: USERS.politi, channel: TEAM_CHANNEL, ts: '1.1', text: `<@UBOT> ${text}` },
});

test('a retried app_mention acts once and shows the private reply once', async () => {
  const clock = new FakeClock('2027-01-08T10:00');
  const app = testApp(clock);
  const h = await new SlackHarness(app).start();
  try {
    const body = mention('Ev-retry', 'agenda add "Fra omtale"');
    const headers = { ...signedHeaders(SECRET, body), 'content-type': 'application/json' };
    expect((await h.post(body, headers)).status).toBe(200);
    const once = h.api.of('chat.postEphemeral').length; // the confirmation and the item card
    expect(once).toBe(2);
    expect((await h.post(body, { ...headers, 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' })).status).toBe(200);
    expect((await h.post(body, { ...headers, 'x-slack-retry-num': '2', 'x-slack-retry-reason': 'http_timeout' })).status).toBe(200);
    expect(app.db.prepare('SELECT COUNT(*) AS n FROM agenda_items').get()).toEqual({ n: 1 });
    expect(h.api.of('chat.postEphemeral')).toHaveLength(once);
  } finally {
    await h.stop();
    app.close();
  }
});

test('a private reply that could not be shown is shown when Slack retries the event', async () => {
  const clock = new FakeClock('2027-01-08T10:00');
  const app = testApp(clock);
  const h = await new SlackHarness(app).start();
  try {
    const body = mention('Ev-lost', 'agenda add "Fra omtale"');
    const headers = { ...signedHeaders(SECRET, body), 'content-type': 'application/json' };
    h.api.failNext('chat.postEphemeral', { status: 500 });
    await h.post(body, headers);
    await h.post(body, { ...headers, 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_error' });
    expect(app.db.prepare('SELECT COUNT(*) AS n FROM agenda_items').get()).toEqual({ n: 1 });
    const shown = h.api.calls.filter((c) => c.method === 'chat.postEphemeral' && c.result?.ok);
    expect(shown.map((c) => c.body.user)).toEqual([USERS.politi, USERS.politi]); // both messages of the reply, once
  } finally {
    await h.stop();
    app.close();
  }
});
