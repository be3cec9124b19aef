import { outboxWake } from '../../src/scheduler/outbox-wake';
import { FakeClock, testApp } from '../helpers';
import { postgresStores } from '../postgres/pg-test-store';
import { blocksText } from './fake-slack-api';
import { SlackHarness, TEAM_CHANNEL, USERS } from './slack-harness';

// Issue 18: a command writes its messages to the outbox in its transaction and the worker is woken right
// after the commit (as main wires it): the channel sees the post without any scheduler tick.
// On SQLite and on PostgreSQL.
const postgres = postgresStores('prompt_send');
afterAll(() => postgres.dropAll());

test.each(['SQLite', 'PostgreSQL'] as const)('%s: a Slack command\'s channel post reaches Slack without a scheduler tick; the command is answered first', async (database) => {
  const clock = new FakeClock('2027-01-08T10:00');
  const app = database === 'PostgreSQL' ? await testApp(clock, undefined, { store: (await postgres.open()).store }) : await testApp(clock);
  app.setRunningPlatforms(['slack']);
  const h = await new SlackHarness(app, { processBeforeResponse: false }).start();
  const dispatcher = app.dispatcher([h.adapter.chatPort]);
  let chain = Promise.resolve();
  const queue = (work: () => Promise<void>) => (chain = chain.then(work));
  app.onMessagesQueued(outboxWake(() => dispatcher.run(), queue));
  try {
    const pub = await h.command(USERS.leder, 'publish');
    expect(pub.status).toBe(200);
    // bounded wait (no tick runs in this test: nothing but the wake can send it)
    const posted = () => h.api.of('chat.postMessage').filter((b) => b.channel === TEAM_CHANNEL).map((b) => blocksText(b.blocks)).join('\n');
    for (let i = 0; i < 200 && !/Saksliste: Tverrfaglig team/.test(posted()); i++) await new Promise((r) => setTimeout(r, 50));
    expect(posted()).toMatch(/Saksliste: Tverrfaglig team, onsdag 20\. januar 2027 kl\. 09:00/);
    await chain;
  } finally {
    await dispatcher.stop(1000);
    await h.stop();
    await app.close();
  }
});

test('wakes while a pass waits are one pass; a wake during a pass makes exactly one more', async () => {
  let passes = 0;
  let release!: () => void;
  const gate = new Promise<void>((r) => { release = r; });
  let chain = Promise.resolve();
  const queue = (work: () => Promise<void>) => (chain = chain.then(work));
  const wake = outboxWake(async () => {
    passes++;
    if (passes === 1) await gate;
  }, queue, 0);
  wake();
  wake(); // the first pass has not started yet: the same pass
  await Promise.resolve();
  await Promise.resolve();
  expect(passes).toBe(1);
  wake(); // during the first pass: one more after it
  wake();
  release();
  await chain;
  await chain;
  expect(passes).toBe(2);
});

test('passes begin at most every minGapMs: wakes in between wait for the gap and are one pass', async () => {
  let passes = 0;
  let chain = Promise.resolve();
  const queue = (work: () => Promise<void>) => (chain = chain.then(work));
  const wake = outboxWake(async () => void passes++, queue, 300);
  wake();
  await chain;
  expect(passes).toBe(1);
  for (let i = 0; i < 5; i++) wake(); // within the gap: one pass, after it
  await chain;
  expect(passes).toBe(1);
  for (let i = 0; i < 100 && passes < 2; i++) await new Promise((r) => setTimeout(r, 20)); // bounded wait
  await chain;
  expect(passes).toBe(2);
});
