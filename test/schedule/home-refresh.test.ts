import { Municipality } from '../../src/core/model/municipality';
import { App } from '../../src/app';
import { FakeClock, fixtureInput, replyText, testApp } from '../helpers';

/** The home rows waiting to be sent, by Slack user. */
const waiting = async (app: App) => (await app.store.outbox.list()).filter((r) => r.home && r.status === 'pending').map((r) => r.target).sort();
const ALL_SLACK = ['UFREMMED', 'UKOORD1', 'ULEDER1', 'UOBS001', 'UPOLITI', 'UVARA01'];

test('the scheduler refreshes home views when it has done something, and when a meeting begins', async () => {
  const clock = new FakeClock('2027-01-08T10:00');
  const app = await testApp(clock);
  try {
    expect(await waiting(app)).toEqual([]); // a first start refreshes nothing: nobody has seen a home view yet
    await app.bot.handle({ platform: 'console', userId: 'politi', channelId: 'testby-team', text: 'agenda add "Tema"' });
    await app.dispatcher([]).run();
    app.db.prepare("UPDATE outbox SET status = 'sent' WHERE home = 1").run(); // as if Slack had them
    clock.set('2027-01-13T09:01'); // after the deadline: the agenda is published, the deciders get their digest
    await app.runDue();
    expect(await waiting(app)).toEqual(ALL_SLACK);
    app.db.prepare("UPDATE outbox SET status = 'sent' WHERE home = 1").run();
    clock.set('2027-01-20T09:00'); // the meeting begins: the next one is another
    expect((await app.runDue()).enqueued).toContain('home:testby/team/2027-01-20');
    expect(await waiting(app)).toEqual(ALL_SLACK);
    const home = replyText({ views: [await app.bot.home('slack', 'UPOLITI')] });
    expect(home).toContain('Neste møte: onsdag 3. februar 2027 kl. 09:00');
    app.db.prepare("UPDATE outbox SET status = 'sent' WHERE home = 1").run();
    clock.set('2027-01-20T09:05');
    await app.runDue(); // nothing to do: nothing refreshed
    expect(await waiting(app)).toEqual([]);
  } finally {
    await app.close();
  }
});

test('a command queues every home of its municipality in one call to the store: a row for each person with a Slack identity', async () => {
  const app = await testApp(new FakeClock('2027-01-08T10:00'));
  try {
    const repo = (app.store as unknown as { repo: { enqueueHomes: (m: string, homes: readonly { target: string }[], now: string) => void } }).repo;
    const calls = jest.spyOn(repo, 'enqueueHomes');
    await app.bot.handle({ platform: 'console', userId: 'politi', channelId: 'testby-team', text: 'agenda add "Tema"' });
    expect(calls).toHaveBeenCalledTimes(1);
    expect(calls.mock.calls[0]![1].map((h) => h.target).sort()).toEqual(ALL_SLACK);
    expect(await waiting(app)).toEqual(ALL_SLACK);
  } finally {
    await app.close();
  }
});

test('a configuration that moves the next meeting refreshes home views at the next start; one that changes nothing does not', async () => {
  const clock = new FakeClock('2027-01-08T10:00');
  const dir = require('node:fs').mkdtempSync(require('node:path').join(require('node:os').tmpdir(), 'slt-home-'));
  const file = require('node:path').join(dir, 'slt.db');
  const first = await testApp(clock, [Municipality.parse(fixtureInput())], { dbFile: file });
  expect(await waiting(first)).toEqual([]);
  await first.close();
  const same = await testApp(clock, [Municipality.parse(fixtureInput())], { dbFile: file });
  expect(await waiting(same)).toEqual([]);
  await same.close();
  const input = fixtureInput();
  (input.forums[0] as { time: string }).time = '10:00';
  const moved = await testApp(clock, [Municipality.parse(input)], { dbFile: file });
  expect(await waiting(moved)).toEqual(ALL_SLACK);
  await moved.close();
});

test('a home refresh is no message: quiet hours do not hold it back, and a command that only refreshes homes gets no quiet-hours note', async () => {
  const clock = new FakeClock('2027-01-08T21:30'); // a Friday evening: quiet hours
  const app = await testApp(clock);
  try {
    const reply = replyText(await app.bot.handle({ platform: 'console', userId: 'politi', channelId: 'testby-team', text: 'regrets' }));
    expect(reply).toMatch(/Forfall er registrert/);
    expect(reply).not.toMatch(/stilletiden/);
    const rows = (await app.store.outbox.list()).filter((r) => r.home);
    expect(rows).toHaveLength(6);
    for (const r of rows) expect(r.notBefore).toBe(clock.now().toISOString());
  } finally {
    await app.close();
  }
});

test('home refreshes are queued only for people with a Slack identity, and only when Slack runs', async () => {
  const clock = new FakeClock('2027-01-08T10:00');
  const input = fixtureInput();
  delete (input.members[2]!.identities as { slack?: string }).slack; // Per Politi has no Slack account
  const app = await testApp(clock, [Municipality.parse(input)]);
  try {
    app.setRunningPlatforms(['teams', 'console']);
    await app.bot.handle({ platform: 'console', userId: 'politi', channelId: 'testby-team', text: 'agenda add "Tema"' });
    expect((await app.store.outbox.list()).filter((r) => r.home)).toEqual([]);
    app.setRunningPlatforms(['slack', 'teams']);
    await app.bot.handle({ platform: 'console', userId: 'politi', channelId: 'testby-team', text: 'agenda add "Tema to"' });
    expect((await app.store.outbox.list()).filter((r) => r.home).map((r) => `${r.platform}:${r.target}`).sort())
      .toEqual(ALL_SLACK.filter((u) => u !== 'UPOLITI').map((u) => `slack:${u}`));
  } finally {
    await app.close();
  }
});
