import type { SqliteApp } from '../../src/app';
import { FakeClock, testApp } from '../helpers';
import { blocksText, signedHeaders } from './fake-slack-api';
import { SECRET, SlackHarness, TEAM_CHANNEL, USERS } from './slack-harness';

let app: SqliteApp;
let clock: FakeClock;
let h: SlackHarness;
beforeEach(async () => {
  clock = new FakeClock('2027-01-08T10:00');
  app = await testApp(clock);
  h = await new SlackHarness(app).start();
});
afterEach(async () => {
  await h.stop();
  await app.close();
});

const count = () => (app.db.prepare('SELECT COUNT(*) AS n FROM agenda_items').get() as { n: number }).n;

describe('Slack over signed HTTP', () => {
  test('a slash command is answered in the ack, ephemeral, as Block Kit', async () => {
    const r = await h.command(USERS.politi, 'agenda add "Uro ved klubben" Mye uro i helgene');
    expect(r.status).toBe(200);
    expect(r.json!.response_type).toBe('ephemeral');
    const text = blocksText(r.json!.blocks);
    expect(text).toMatch(/meldt opp som TEAM-2027-001/);
    expect(r.json!.text).toMatch(/TEAM-2027-001/);
    expect(count()).toBe(1);
  });

  test('a bad signature and a stale timestamp are refused with 401 and change nothing', async () => {
    const body = h.commandBody(USERS.politi, 'agenda add "Skal ikke lagres"');
    const bad = await h.post(body, { ...signedHeaders(SECRET, body), 'x-slack-signature': 'v0=00' });
    expect(bad.status).toBe(401);
    const old = await h.post(body, signedHeaders(SECRET, body, Math.floor(Date.now() / 1000) - 6 * 60));
    expect(old.status).toBe(401);
    const wrongSecret = await h.post(body, signedHeaders('another-secret', body));
    expect(wrongSecret.status).toBe(401);
    expect(count()).toBe(0);
  });

  test('a retried delivery (x-slack-retry-num, same trigger) does not create a second item', async () => {
    const body = h.commandBody(USERS.politi, 'agenda add "Bare én gang"', TEAM_CHANNEL, 'trig-same');
    const first = await h.post(body);
    const retry = await h.post(body, { ...signedHeaders(SECRET, body), 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' });
    expect(first.status).toBe(200);
    expect(retry.status).toBe(200);
    expect(count()).toBe(1);
    expect(blocksText(retry.json!.blocks)).toBe(blocksText(first.json!.blocks));
  });
});
