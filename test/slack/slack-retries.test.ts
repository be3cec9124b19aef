import { FakeClock, testApp } from '../helpers';
import { blocksText, signedHeaders } from './fake-slack-api';
import { SECRET, SlackHarness, TEAM_CHANNEL, USERS } from './slack-harness';

const mention = (eventId: string, text: string) => JSON.stringify({
  token: 'x', team_id: 'T1', api_app_id: 'A1', type: 'event_callback', event_id: eventId, event_time: 1, authorizations: [{ user_id: 'UBOT', is_bot: true }],
  event: { type: 'app_mention', user: USERS.politi, channel: TEAM_CHANNEL, ts: '1.1', text: `<@UBOT> ${text}` },
});

test('a retried app_mention acts once and shows the private reply once', async () => {
  const clock = new FakeClock('2027-01-08T10:00');
  const app = await testApp(clock);
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
    await app.close();
  }
});

test('a private reply that could not be shown is shown when Slack retries the event', async () => {
  const clock = new FakeClock('2027-01-08T10:00');
  const app = await testApp(clock);
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
    await app.close();
  }
});

describe('a slow Slack never costs a command its acknowledgement, and nothing is done twice', () => {
  test('while auth.test is slow at start-up, the first command is answered in its acknowledgement, once', async () => {
    const clock = new FakeClock('2027-01-08T10:00');
    const app = await testApp(clock);
    const h = new SlackHarness(app, { processBeforeResponse: false });
    // Slack answers auth.test only after 3.5 s (the first command would wait for it, past Slack's 3 s)
    const starting = h.start((api) => api.delay('auth.test', 3500));
    try {
      await starting;
      const r = await h.command(USERS.politi, 'agenda add "Første sak"');
      expect(r.status).toBe(200);
      expect(blocksText(r.json!.blocks)).toMatch(/meldt opp som TEAM-2027-001/);
      expect(app.db.prepare('SELECT COUNT(*) AS n FROM agenda_items').get()).toEqual({ n: 1 });
      expect(h.api.of('auth.test')).toHaveLength(1);
    } finally {
      await h.stop();
      await app.close();
    }
  }, 15_000);

  test('a form Slack opens too slowly (expired_trigger_id) is explained to the user', async () => {
    const clock = new FakeClock('2027-01-08T10:00');
    const app = await testApp(clock);
    const h = await new SlackHarness(app, { processBeforeResponse: false }).start();
    try {
      h.api.failNext('views.open', { status: 200, error: 'expired_trigger_id' });
      const r = await h.command(USERS.politi, 'agenda add');
      expect(r.status).toBe(200);
      await waitFor(() => h.api.responses.length > 0);
      expect(h.api.responses[0]!.body).toMatchObject({ response_type: 'ephemeral', text: expect.stringMatching(/Skjemaet kunne ikke åpnes i tide/) });
      // escaped like every text Slack parses (a raw <tittel> would be read as a link; issue 13)
      expect(String(h.api.responses[0]!.body.text)).toContain('/slt agenda add "&lt;tittel&gt;"');
    } finally {
      await h.stop();
      await app.close();
    }
  });

  test('a slow ephemeral answer to a mention: the event is acknowledged first, and Slack\'s retry neither acts nor answers again', async () => {
    const clock = new FakeClock('2027-01-08T10:00');
    const app = await testApp(clock);
    const h = await new SlackHarness(app, { processBeforeResponse: false }).start();
    try {
      h.api.delay('chat.postEphemeral', 1500);
      const body = mention('Ev-slow', 'agenda add "Treg Slack"');
      const headers = { ...signedHeaders(SECRET, body), 'content-type': 'application/json' };
      expect((await h.post(body, headers)).status).toBe(200);
      expect(h.api.calls.filter((c) => c.method === 'chat.postEphemeral' && c.result)).toHaveLength(0); // answered before the ephemeral was shown
      expect((await h.post(body, { ...headers, 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' })).status).toBe(200);
      await waitFor(() => h.api.calls.filter((c) => c.method === 'chat.postEphemeral' && c.result).length >= 2);
      expect(app.db.prepare('SELECT COUNT(*) AS n FROM agenda_items').get()).toEqual({ n: 1 });
      expect(h.api.of('chat.postEphemeral')).toHaveLength(2); // the answer's two messages, once
    } finally {
      await h.stop();
      await app.close();
    }
  });
});

async function waitFor(cond: () => boolean, ms = 5000): Promise<void> {
  for (const end = Date.now() + ms; !cond(); await new Promise((r) => setTimeout(r, 20))) {
    if (Date.now() > end) throw new Error('timed out waiting');
  }
}
