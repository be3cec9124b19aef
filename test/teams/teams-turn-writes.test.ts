import type { SqliteApp } from '../../src/app';
import { FakeClock, testApp } from '../helpers';
import { activityText } from './fake-connector';
import { AAD, TeamsHarness } from './teams-harness';

let app: SqliteApp;
let clock: FakeClock;
let h: TeamsHarness;
beforeEach(async () => {
  clock = new FakeClock('2027-01-08T10:00');
  app = await testApp(clock);
  h = await new TeamsHarness(app).start();
});
afterEach(async () => {
  await h.stop();
  await app.close();
});

const personalKey = `teams:user:${AAD.politi}`;
const storedRef = () => app.db.prepare('SELECT reference_json, reachable, updated_at FROM conversation_refs WHERE key = ?').get(personalKey) as
  { reference_json: string; reachable: number; updated_at: string } | undefined;
const repliesIn = (body: Record<string, unknown> | undefined) => ((body?.activities as Record<string, unknown>[] | undefined) ?? []).map(activityText);

test('expectReplies in personal chat: the reply is in the HTTP response, and a resent activity (same id) gets the same reply again while the command acts once', async () => {
  const first = await h.message(AAD.politi, 'agenda add "Svar i svaret" --forum team', { personal: true, id: 'expect-1', expectReplies: true });
  expect(first.status).toBe(200);
  expect(repliesIn(first.body)).toHaveLength(1);
  expect(repliesIn(first.body)[0]).toMatch(/TEAM-2027-001/);
  // the response of the first delivery was lost: Teams sends the activity again
  const again = await h.message(AAD.politi, 'agenda add "Svar i svaret" --forum team', { personal: true, id: 'expect-1', expectReplies: true });
  expect(again.status).toBe(200);
  expect(repliesIn(again.body)).toEqual(repliesIn(first.body));
  expect(app.db.prepare('SELECT COUNT(*) AS n FROM agenda_items').get()).toEqual({ n: 1 });
  // nothing went through the connector: the replies travelled in the responses
  expect(h.connector.calls.filter((c) => c.verb === 'reply' || c.verb === 'send')).toEqual([]);
});

test('without expectReplies a resent personal activity is still answered once (through the connector)', async () => {
  await h.message(AAD.politi, 'agenda add "Én gang" --forum team', { personal: true, id: 'normal-1' });
  await h.message(AAD.politi, 'agenda add "Én gang" --forum team', { personal: true, id: 'normal-1' });
  const answers = h.connector.to(h.personalConversation(AAD.politi)).filter((c) => activityText(c.body).includes('TEAM-2027-001'));
  expect(answers).toHaveLength(1);
});

test('a conversation reference is written when it is new, changed or marked unreachable, not again for every activity', async () => {
  await h.message(AAD.politi, 'whoami', { personal: true });
  const first = storedRef()!;
  expect(first).toMatchObject({ reachable: 1, updated_at: '2027-01-08T09:00:00.000Z' });
  expect(JSON.parse(first.reference_json)).toMatchObject({ serviceUrl: h.connector.url, conversation: { id: h.personalConversation(AAD.politi) } });

  clock.advance({ minutes: 5 });
  await h.message(AAD.politi, 'whoami', { personal: true });
  expect(storedRef()).toEqual(first);

  // the same person from another service URL (Teams moved the conversation): the new reference is stored
  clock.advance({ minutes: 5 });
  const moved = `${h.connector.url}moved/`;
  await h.post({ ...h.base(AAD.politi, true), serviceUrl: moved, type: 'message', text: 'whoami' });
  expect(storedRef()).toMatchObject({ reachable: 1, updated_at: '2027-01-08T09:10:00.000Z' });
  expect(JSON.parse(storedRef()!.reference_json)).toMatchObject({ serviceUrl: moved });

  // marked unreachable (the bot was removed); the person writes again: reachable again, though the reference is the same
  await app.store.transaction((tx) => tx.markUnreachable(personalKey, '2027-01-08T09:11:00.000Z'));
  clock.advance({ minutes: 5 });
  await h.post({ ...h.base(AAD.politi, true), serviceUrl: moved, type: 'message', text: 'whoami' });
  expect(storedRef()).toMatchObject({ reachable: 1, updated_at: '2027-01-08T09:15:00.000Z' });
});
