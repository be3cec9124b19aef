import type { App } from '../../src/app';
import { Municipality } from '../../src/core/model/municipality';
import { buildArchive } from '../../src/core/views/archive';
import { FakeClock, fixtureInput, replyText, testApp } from '../helpers';

let app: App;
let clock: FakeClock;
const say = async (who: string, text: string) => replyText(await app.bot.handle({ platform: 'console', userId: who, channelId: 'testby-team', text }));
const ref = (s: string) => /[A-Z]+-\d{4}-\d{3}/.exec(s)![0];
const dmsTo = async (who: string) => (await app.store.outbox.list()).filter((r) => r.platform === 'console' && r.target === who);

beforeEach(async () => {
  clock = new FakeClock('2027-01-08T10:00');
  const input = fixtureInput();
  input.forums![1]!.allowsCases = true;
  app = await testApp(clock, [Municipality.parse(input)]);
});
afterEach(() => app.close());

test('impossible dates are refused with the reason and nothing is recorded', async () => {
  const r = ref(await say('politi', 'agenda add "Sak" --case'));
  expect(await say('koord', `consent ${r} --guardian-signed 2027-01-09 --agencies Helse`)).toBe('Signeringsdatoen 09.01.2027 har ikke kommet ennå. Oppgi datoen foresatte signerte; ingenting er registrert.');
  expect(await say('koord', `consent ${r} --guardian-signed 2027-01-05 --agencies Helse --expires 2027-01-04`)).toMatch(/kan ikke utløpe 04\.01\.2027, før det ble signert 05\.01\.2027/);
  expect(await app.store.read.consent(r)).toBeUndefined();
});

test('a consent that ends before the meeting, recorded for a case not yet approved: recorded, and approval is refused with the reason', async () => {
  const r = ref(await say('politi', 'agenda add "Sak" --case'));
  expect(await say('koord', `consent ${r} --guardian-signed 2027-01-05 --agencies Helse --expires 2027-01-15`))
    .toMatch(/utløper 15\.01\.2027, før møtet 20\.01\.2027, og gjelder derfor ikke for møtet\. Det er registrert, men saken kan ikke godkjennes/);
  expect(await say('koord', `approve ${r}`)).toBe(`Samtykket for ${r} gjelder bare til 15.01.2027, og møtet er 20.01.2027. Registrer nytt samtykke.`);
});

test('a case without consent deferred: waits for consent at the next meeting, the other deciders are told, a new consent and approval put it back', async () => {
  const r = ref(await say('politi', 'agenda add "Sak uten samtykke" --case'));
  expect(await say('leder', `defer ${r} next`)).toMatch(/flyttet til møtet onsdag 3\. februar 2027 kl\. 09:00, men står ikke på sakslisten: den venter på nytt samtykke\./);
  expect(await app.store.read.item(r)).toMatchObject({ state: 'needs-consent', meetingId: 'testby/team/2027-02-03' });
  const told = (await dmsTo('koord')).filter((d) => d.key.startsWith(`consent-lost:${r}`));
  expect(told).toHaveLength(1);
  expect((await dmsTo('leder')).filter((d) => d.key.startsWith('consent-lost:'))).toHaveLength(0); // the one who did it reads the reply
  expect(await say('koord', `consent ${r} --guardian-signed 2027-01-07 --agencies Helse,Politiet --covers "Fravær og helse" --purpose "Tiltak i skolen"`))
    .toMatch(/Samtykke for .* er registrert\. Instanser: Helse, Politiet\.\n.*venter fortsatt på godkjenning/);
  expect(await say('koord', `approve ${r}`)).toMatch(/er godkjent/);
  clock.set('2027-01-21T10:00');
  expect(await say('politi', 'agenda')).toMatch(new RegExp(`${r} · Enkeltsak \\(annet\\)`));
  // what the consent covers is kept for the deciders, the submitter and the archive
  expect(await say('leder', `item ${r}`)).toMatch(/Samtykket omfatter: Fravær og helse\nFormål: Tiltak i skolen/);
  expect(await say('vara', `item ${r}`)).not.toMatch(/Fravær og helse/);
  const archive = JSON.stringify(await buildArchive(app.store.read, app.directory, app.municipalities[0]!, 2027, clock.now()));
  expect(archive).toMatch(/"covers":"Fravær og helse","purpose":"Tiltak i skolen"/);
});

test('an unfinished case is carried to the next agenda only if its consent covers that meeting', async () => {
  const r = ref(await say('politi', 'agenda add "Sak" --case'));
  await say('koord', `consent ${r} --guardian-signed 2027-01-05 --agencies Helse,Politiet --expires 2027-01-31`);
  await say('koord', `approve ${r}`);
  clock.set('2027-01-20T11:00'); // held, no decision: unfinished
  expect(await say('politi', 'agenda')).not.toMatch(new RegExp(r));
  expect(await say('leder', 'agenda')).toMatch(new RegExp(`Venter på avgjørelse[\\s\\S]*${r}.*\\[venter på samtykke\\]`));
});

test('the deciders\' pending digest lists a case waiting for consent', async () => {
  const r = ref(await say('politi', 'agenda add "Sak" --case'));
  await say('koord', `consent ${r} --guardian-signed 2027-01-05 --agencies Helse --expires 2027-01-25`);
  await say('koord', `approve ${r}`);
  await say('leder', `defer ${r} next`);
  clock.set('2027-01-27T09:01'); // just after the 3 February meeting's deadline
  await app.runDue();
  const digest = (await dmsTo('leder')).find((d) => d.key.startsWith('pending:testby/team/2027-02-03'))!;
  expect(JSON.stringify(digest.view)).toMatch(new RegExp(`${r} · Sak \\[venter på samtykke\\]`));
});

test('raising a case: refused while its consent does not cover the receiving forum\'s next meeting', async () => {
  const r = ref(await say('politi', 'agenda add "Sak" --case'));
  await say('koord', `consent ${r} --guardian-signed 2027-01-05 --agencies Helse,Politiet --expires 2027-02-01`);
  // the politiråd meets on 9 February 2027 (second Tuesday of the spread)
  expect(await say('koord', `raise ${r} rad`)).toMatch(new RegExp(`${r} kan ikke løftes til Politirådet nå\\. Samtykket for ${r} gjelder bare til 01\\.02\\.2027, og møtet er 09\\.02\\.2027`));
  await say('koord', `consent ${r} --guardian-signed 2027-01-05 --agencies Helse,Politiet --expires 2027-03-01`);
  expect(await say('koord', `raise ${r} rad`)).toMatch(/er løftet til Politirådet som RAD-2027-001/);
  expect(await app.store.read.consent('RAD-2027-001')).toMatchObject({ agencies: ['Helse', 'Politiet'], expires: '2027-03-01' });
});
