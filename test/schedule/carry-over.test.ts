import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { App } from '../../src/app';
import { Municipality } from '../../src/core/model/municipality';
import { FakeClock, fixtureInput, replyText, testApp, tickThrough as tickThroughApp } from '../helpers';

let app: App;
let clock: FakeClock;
const say = async (who: string, text: string) => replyText(await app.bot.handle({ platform: 'console', userId: who, channelId: 'testby-team', text }));
const ref = (s: string) => /TEAM-\d{4}-\d{3}/.exec(s)![0];
const rows = async (prefix: string) => (await app.store.outbox.list()).filter((r) => r.platform === 'console' && r.key.startsWith(prefix));

async function start(patch: (input: ReturnType<typeof fixtureInput>) => void = () => {}) {
  clock = new FakeClock('2027-01-08T10:00');
  const input = fixtureInput();
  patch(input);
  app = await testApp(clock, [Municipality.parse(input)]);
}
afterEach(() => app.close());

/** The scheduler's tick, played from `from` to `to` (fake clock). */
const tickThrough = (from: string, to: string) => tickThroughApp(app, clock, from, to);

test('the tick carries undecided items over once: states kept, one DM per decider, the submitter told, cards edited, audit by the system', async () => {
  await start();
  const a = ref(await say('politi', 'agenda add "Meldt"'));
  const b = ref(await say('vara', 'agenda add "Spørsmål åpent"'));
  await say('leder', `ask ${b} Hvilken skole?`);
  clock.set('2027-01-14T10:00');
  const late = ref(await say('politi', 'agenda add "Sent meldt"'));
  const kept = ref(await say('politi', 'agenda add "Avgjort"'));
  await say('leder', `approve ${kept}`);
  await tickThrough('2027-01-20T08:50', '2027-01-20T10:00');
  expect(await app.store.read.item(a)).toMatchObject({ state: 'submitted', late: false, meetingId: 'testby/team/2027-02-03', carriedFrom: 'testby/team/2027-01-20' });
  expect(await app.store.read.item(b)).toMatchObject({ state: 'needs-info', meetingId: 'testby/team/2027-02-03' });
  expect(await app.store.read.item(late)).toMatchObject({ state: 'submitted', late: false, meetingId: 'testby/team/2027-02-03' }); // in time for the next one
  expect(await app.store.read.item(kept)).toMatchObject({ state: 'approved', meetingId: 'testby/team/2027-01-20' });
  const told = await rows('carried:');
  expect(told.map((r) => r.target).sort()).toEqual(['koord', 'leder']);
  expect(JSON.stringify(told[0]!.view)).toMatch(new RegExp(`${a} · Meldt \\[meldt\\].*${b} · Spørsmål åpent \\[venter på mer informasjon\\].*${late} · Sent meldt \\[meldt\\]`));
  expect((await rows(`carry:${a}:`)).map((r) => r.target)).toEqual(['politi']);
  expect((await rows(`item:${a}:new:leder:edit:`)).at(-1)!.view.sections[0]!.lines).toContain('Møte: onsdag 3. februar 2027 kl. 09:00');
  expect(await say('koord', `log ${a}`)).toMatch(/system · carry-over · meldt → meldt/);
  await tickThrough('2027-01-20T10:00', '2027-01-20T11:00');
  expect(await rows('carried:')).toHaveLength(2); // once
});

test('after the next meeting\'s deadline a carried item is late there; answered and deferred in the window before the tick, it counts for the next meeting', async () => {
  await start();
  const a = ref(await say('politi', 'agenda add "Meldt"'));
  const b = ref(await say('vara', 'agenda add "Spørsmål åpent"'));
  await say('leder', `ask ${b} Hvilken skole?`);
  const c = ref(await say('politi', 'agenda add "Utsettes"'));
  clock.set('2027-01-20T09:01'); // the meeting has started; no tick yet
  expect(await say('vara', `answer ${b} Ungdomsskolen`)).toMatch(/venter igjen/);
  expect(await app.store.read.item(b)).toMatchObject({ state: 'submitted', meetingId: 'testby/team/2027-02-03' });
  expect(await say('leder', `defer ${c} next`)).toMatch(/utsatt til møtet onsdag 3\. februar 2027/);
  expect(await app.store.read.item(c)).toMatchObject({ state: 'deferred', meetingId: 'testby/team/2027-02-03', carriedFrom: 'testby/team/2027-01-20' });
  clock.set('2027-01-28T10:00'); // after the 3 February meeting's deadline, still no tick
  await app.runDue();
  expect(await app.store.read.item(a)).toMatchObject({ state: 'late', late: true, meetingId: 'testby/team/2027-02-03' });
});

test('with no later meeting planned the items stay open and the deciders are told once; planned later, they move', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slt-carry-'));
  const db = path.join(dir, 'slt.db');
  const config = (dates: string[]) => {
    const input = fixtureInput();
    input.forums![0]!.cadence = { kind: 'dates', dates };
    return [Municipality.parse(input)];
  };
  clock = new FakeClock('2027-01-08T10:00');
  app = await testApp(clock, config(['2027-01-20']), { dbFile: db });
  const a = ref(await say('politi', 'agenda add "Meldt"'));
  await tickThrough('2027-01-20T09:00', '2027-01-20T10:00');
  expect(await app.store.read.item(a)).toMatchObject({ state: 'submitted', meetingId: 'testby/team/2027-01-20' });
  expect((await rows('stranded:')).map((r) => r.target).sort()).toEqual(['koord', 'leder']);
  expect(JSON.stringify((await rows('stranded:'))[0]!.view)).toMatch(/forumet har ikke noe senere møte planlagt/);
  expect(await say('leder', `approve ${a}`)).toBe(`Møtet for ${a} er begynt, og Tverrfaglig team har ikke noe senere møte planlagt. Saken står åpen til et nytt møte er planlagt.`);
  // the coordinator plans another meeting; the bot restarts with the new configuration
  await app.close();
  app = await testApp(clock, config(['2027-01-20', '2027-02-10']), { dbFile: db });
  await tickThrough('2027-01-21T10:00', '2027-01-21T10:30');
  expect(await app.store.read.item(a)).toMatchObject({ state: 'submitted', meetingId: 'testby/team/2027-02-10' });
  expect(await rows('stranded:')).toHaveLength(2); // told once that they stay open
  const moved = await rows('carried:');
  expect(moved.map((r) => r.target).sort()).toEqual(['koord', 'leder']);
  expect(JSON.stringify(moved[0]!.view)).toMatch(/ble ikke avgjort før møtet onsdag 20\. januar 2027 kl\. 09:00 og er flyttet til møtet onsdag 10\. februar 2027/);
  fs.rmSync(dir, { recursive: true, force: true });
});
