import type { SqliteApp } from '../../src/app';
import { Municipality } from '../../src/core/model/municipality';
import { FakeClock, fixtureInput, replyText, testApp } from '../helpers';

let clock: FakeClock;
let app: SqliteApp;
const say = async (who: string, text: string) => replyText(await app.bot.handle({ platform: 'console', userId: who, channelId: 'testby-team', text }));
const summaries = async () => (await app.store.outbox.list()).filter((r) => r.platform === 'console' && r.key.startsWith('summary:'));

beforeEach(async () => {
  clock = new FakeClock('2027-01-08T10:00');
  const input = fixtureInput();
  input.forums![0]!.membersMayAddNotes = true;
  app = await testApp(clock, [Municipality.parse(input)]);
  await say('politi', 'agenda add "Uro ved ungdomsklubben"');
  await say('koord', 'approve TEAM-2027-001');
  clock.set('2027-01-20T10:45');
});
afterEach(() => app.close());

test('a decision in approved minutes is corrected and removed by its number; the summary is edited, never posted twice; audit logged', async () => {
  await say('leder', 'decision TEAM-2027-001 Første vedtak');
  await say('leder', 'decision TEAM-2027-001 Andre vedtak med skrivefeil');
  expect(await say('leder', 'minutes')).toMatch(/Vedtak 1: Første vedtak\nVedtak 2: Andre vedtak med skrivefeil/);
  await say('leder', 'minutes approve');
  expect(await say('leder', 'decision TEAM-2027-001 --replace 2 Andre vedtak, rettet')).toMatch(/Vedtak 2 på TEAM-2027-001 er rettet\.\nRettelsen er lagt ut som en oppdatering av sammendraget\./);
  expect(await say('leder', 'decision TEAM-2027-001 --remove 1')).toMatch(/Vedtak 1 på TEAM-2027-001 er fjernet/);
  expect(await say('leder', 'minutes')).toMatch(/Vedtak 1: Andre vedtak, rettet/);
  const posts = await summaries();
  expect(posts.map((r) => [r.key.split('@')[0], r.replacesKey?.split('@')[0]])).toEqual([
    ['summary:testby/team/2027-01-20:v1', undefined],
    ['summary:testby/team/2027-01-20:v2', 'summary:testby/team/2027-01-20:v1'],
    ['summary:testby/team/2027-01-20:v3', 'summary:testby/team/2027-01-20:v1'],
  ]);
  const last = JSON.stringify(posts[2]!.view);
  expect(last).toMatch(/Vedtak: Andre vedtak, rettet/);
  expect(last).not.toMatch(/Første vedtak|skrivefeil/);
  expect(await say('koord', 'log TEAM-2027-001')).toMatch(/decision-replace[\s\S]*decision-remove/);
  expect(JSON.stringify(app.db.prepare('SELECT * FROM minute_entries').all())).not.toMatch(/skrivefeil|Første vedtak/);
});

test('corrections are refused with a reason: a number that is not there, both flags, a note by someone else, personal data, no right', async () => {
  await say('leder', 'decision TEAM-2027-001 Et vedtak');
  await say('politi', 'note TEAM-2027-001 Notat fra politiet');
  await say('leder', 'note TEAM-2027-001 Notat fra lederen');
  expect(await say('leder', 'decision TEAM-2027-001 --remove 3')).toBe('TEAM-2027-001 har ikke noe vedtak nummer 3. Numrene står i `/slt minutes`.');
  expect(await say('leder', 'decision TEAM-2027-001 --remove x')).toMatch(/«x» er ikke et nummer/);
  expect(await say('leder', 'decision TEAM-2027-001 --replace 1 Ny tekst --remove 1')).toMatch(/enten --replace/);
  expect(await say('leder', 'decision TEAM-2027-001 --replace 1')).toMatch(/Mangler teksten/);
  expect(await say('leder', 'decision TEAM-2027-001 --replace 1 Ring 41234567')).toMatch(/telefonnummer/);
  expect(await say('politi', 'decision TEAM-2027-001 --remove 1')).toMatch(/^Bare innkaller eller SLT-koordinator/);
  expect(await say('politi', 'note TEAM-2027-001 --remove 2')).toBe('Du kan bare rette eller fjerne notater du har skrevet selv.');
  expect(await say('politi', 'note TEAM-2027-001 --replace 1 Notat fra politiet, rettet')).toMatch(/Notat 1 på TEAM-2027-001 er rettet/);
  expect(await say('leder', 'note TEAM-2027-001 --remove 1')).toMatch(/Notat 1 på TEAM-2027-001 er fjernet/);
  expect(await say('leder', 'minutes')).toMatch(/Vedtak 1: Et vedtak\nNotat 1: Notat fra lederen/);
  expect(JSON.stringify(app.db.prepare('SELECT * FROM minute_entries').all())).not.toMatch(/41234567/);
});
