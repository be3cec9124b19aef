import type { App } from '../../src/app';
import { Municipality } from '../../src/core/model/municipality';
import { FakeClock, fixtureInput, replyText, testApp, tickThrough as tickThroughApp } from '../helpers';

/**
 * A case carried to the forum's next meeting whose consent ends before that meeting stays off the
 * members' agenda; the deciders get one DM about it (and nobody else does), written in the transaction
 * that carries it, idempotent across ticks.
 */

let app: App;
let clock: FakeClock;
const say = async (who: string, text: string) => replyText(await app.bot.handle({ platform: 'console', userId: who, channelId: 'testby-team', text }));
const ref = (s: string) => /TEAM-\d{4}-\d{3}/.exec(s)![0];
const consentEnds = async () => (await app.store.outbox.list()).filter((r) => r.platform === 'console' && r.key.startsWith('consent-ends:'));
const textOf = (v: { title?: string; sections: { heading?: string; lines: string[] }[] }) => replyText({ views: [v] });

beforeEach(async () => {
  clock = new FakeClock('2027-01-08T10:00');
  app = await testApp(clock, [Municipality.parse(fixtureInput())]);
});
afterEach(() => app.close());

/** The scheduler's tick, played from `from` to `to` (fake clock). */
const tickThrough = (from: string, to: string) => tickThroughApp(app, clock, from, to);

test('an undecided case carried over whose consent ends between the meetings: each decider gets one DM, nobody else, once', async () => {
  const r = ref(await say('politi', 'agenda add "Gutt 15 år, fravær" Beskrivelse av saken --case'));
  await say('koord', `consent ${r} --guardian-signed 2027-01-05 --agencies Helse,Politiet --expires 2027-01-25`);
  const fine = ref(await say('politi', 'agenda add "Jente 14 år" --case'));
  await say('koord', `consent ${fine} --guardian-signed 2027-01-05 --agencies Helse,Politiet --expires 2027-02-10`);
  await tickThrough('2027-01-20T08:50', '2027-01-20T10:00'); // the meeting of 20 January starts: undecided items move on
  expect(await app.store.read.item(r)).toMatchObject({ state: 'submitted', meetingId: 'testby/team/2027-02-03', carriedFrom: 'testby/team/2027-01-20' });
  expect(await app.store.read.item(fine)).toMatchObject({ meetingId: 'testby/team/2027-02-03' });

  const told = await consentEnds();
  expect(told.map((t) => t.target).sort()).toEqual(['koord', 'leder']); // the deciders only: not the submitter, the deputy or the observer
  expect(told.every((t) => t.key.startsWith(`consent-ends:${r}:`))).toBe(true); // nothing about the case whose consent lasts
  const text = textOf(told[0]!.view);
  expect(text).toContain(`${r} ble ikke avgjort før møtet onsdag 20. januar 2027 kl. 09:00 og er flyttet til møtet onsdag 3. februar 2027 kl. 09:00, men samtykket gjelder bare til 25.01.2027.`);
  expect(text).toContain(`/slt consent ${r} --guardian-signed <dato> --agencies <instanser>`);
  expect(text).toContain(`/slt reject ${r} <begrunnelse>`);
  expect(text).not.toContain(fine);

  await tickThrough('2027-01-20T10:00', '2027-01-21T10:00'); // the tick again: nothing more
  expect(await consentEnds()).toHaveLength(2);
  // what it says is true: approval is refused with the same reason until a new consent is recorded
  expect(await say('leder', `approve ${r}`)).toBe(`Samtykket for ${r} gjelder bare til 25.01.2027, og møtet er 03.02.2027. Registrer nytt samtykke.`);
});

test('the DM shows a decider the case as the visibility rule lets a decider see it, in the municipality\'s language', async () => {
  await app.close();
  app = await testApp(clock, [Municipality.parse(fixtureInput({ language: 'en' } as never))]);
  const r = ref(await say('politi', 'agenda add "Boy 15, absence" --case'));
  await say('koord', `consent ${r} --guardian-signed 2027-01-05 --agencies Helse --expires 2027-01-25`);
  await tickThrough('2027-01-20T09:00', '2027-01-20T09:10');
  const told = await consentEnds();
  expect(told.map((t) => t.target).sort()).toEqual(['koord', 'leder']);
  const text = textOf(told[0]!.view);
  expect(text).toContain(`${r} was not decided before the meeting on`);
  expect(text).toContain('but its consent is valid only until 25.01.2027');
  expect(text).toContain(`• ${r} · Boy 15, absence [submitted]`); // the deciders' pending line, through the visibility rule
});

test('an approved case left unfinished at the meeting whose consent ends before the next one: off the members\' agenda, each decider told once after the meeting', async () => {
  const r = ref(await say('politi', 'agenda add "Sak" --case'));
  await say('koord', `consent ${r} --guardian-signed 2027-01-05 --agencies Helse,Politiet --expires 2027-01-31`);
  await say('koord', `approve ${r}`);
  const fine = ref(await say('politi', 'agenda add "Sak to" --case'));
  await say('koord', `consent ${fine} --guardian-signed 2027-01-05 --agencies Helse,Politiet --expires 2027-02-03`);
  await say('koord', `approve ${fine}`);
  await tickThrough('2027-01-20T08:50', '2027-01-20T10:25'); // the meeting is on: nothing yet
  expect(await consentEnds()).toHaveLength(0);
  await tickThrough('2027-01-20T10:30', '2027-01-20T12:00'); // ended; the summary prompt an hour later
  expect(await say('politi', 'agenda')).not.toMatch(new RegExp(r));
  expect(await say('politi', 'agenda')).toMatch(new RegExp(fine)); // valid through the next meeting: carried, no DM
  const told = await consentEnds();
  expect(told.map((t) => t.target).sort()).toEqual(['koord', 'leder']);
  expect(told.every((t) => t.key.startsWith(`consent-ends:${r}:testby/team/2027-02-03:`))).toBe(true);
  const text = textOf(told[0]!.view);
  expect(text).toContain(`${r} fikk ikke noe vedtak på møtet onsdag 20. januar 2027 kl. 09:00 og skulle vært ført videre til møtet onsdag 3. februar 2027 kl. 09:00, men samtykket gjelder bare til 31.01.2027. Saken står derfor ikke på sakslisten til medlemmene.`);
  expect(text).toContain(`/slt decision ${r} <tekst>`);
  await tickThrough('2027-01-20T12:00', '2027-01-22T12:00');
  expect(await consentEnds()).toHaveLength(2);
});

test('an unfinished case that got its decision before the moment after the meeting: no DM', async () => {
  const r = ref(await say('politi', 'agenda add "Sak" --case'));
  await say('koord', `consent ${r} --guardian-signed 2027-01-05 --agencies Helse,Politiet --expires 2027-01-31`);
  await say('koord', `approve ${r}`);
  await tickThrough('2027-01-20T08:50', '2027-01-20T10:00');
  expect(await say('leder', `decision ${r} Tiltak i skolen`)).toMatch(/Vedtak/);
  await tickThrough('2027-01-20T10:00', '2027-01-21T12:00');
  expect(await consentEnds()).toHaveLength(0);
});

test('a submitter\'s answer after the meeting began moves the case on: the deciders get the same DM once', async () => {
  const r = ref(await say('politi', 'agenda add "Sak" --case'));
  await say('koord', `consent ${r} --guardian-signed 2027-01-05 --agencies Helse,Politiet --expires 2027-01-25`);
  await say('leder', `ask ${r} Hvilket trinn?`);
  clock.set('2027-01-20T09:01'); // the meeting has started; no tick yet
  expect(await say('politi', `answer ${r} Tiende trinn`)).toMatch(/venter igjen/);
  expect(await app.store.read.item(r)).toMatchObject({ state: 'submitted', meetingId: 'testby/team/2027-02-03' });
  const told = await consentEnds();
  expect(told.map((t) => t.target).sort()).toEqual(['koord', 'leder']);
  expect(textOf(told[0]!.view)).toContain(`${r} ble ikke avgjort før møtet onsdag 20. januar 2027 kl. 09:00 og er flyttet til møtet onsdag 3. februar 2027 kl. 09:00, men samtykket gjelder bare til 25.01.2027.`);
  await tickThrough('2027-01-20T09:05', '2027-01-20T10:00');
  expect(await consentEnds()).toHaveLength(2);
});

test('deferring a case past the end of its consent: already covered, the other deciders are told once (consent-lost)', async () => {
  const r = ref(await say('politi', 'agenda add "Sak" --case'));
  await say('koord', `consent ${r} --guardian-signed 2027-01-05 --agencies Helse --expires 2027-01-25`);
  await say('koord', `approve ${r}`);
  expect(await say('leder', `defer ${r} next`)).toMatch(/venter på nytt samtykke/);
  const rows = (await app.store.outbox.list()).filter((x) => x.platform === 'console' && x.key.startsWith(`consent-lost:${r}:`));
  expect(rows.map((x) => x.target)).toEqual(['koord']);
  expect(textOf(rows[0]!.view)).toContain(`Samtykket for ${r} gjelder bare til 25.01.2027, og møtet er 03.02.2027.`);
  await tickThrough('2027-01-20T08:50', '2027-01-21T12:00');
  expect(await consentEnds()).toHaveLength(0); // not carried: it was already moved, and they were told
});
