import { ConsoleChatPort } from '../../adapters/console/console-chat-port';
import { ConsoleSession } from '../../adapters/console/console-session';
import type { SqliteApp } from '../../src/app';
import { FakeClock, replyText, testApp } from '../helpers';

let clock: FakeClock;
let app: SqliteApp;
const say = async (who: string, text: string) => replyText(await app.bot.handle({ platform: 'console', userId: who, channelId: 'testby-team', text }));

/** Two approved items on the 20 January meeting: a topic and a case with consent. */
async function prepareMeeting() {
  await say('politi', 'agenda add "Uro ved ungdomsklubben" --category miljo');
  await say('politi', 'agenda add "Elev med fravær" Beskrivelse som aldri skal i kanalen --case --category skolefravaer');
  await say('koord', 'consent TEAM-2027-002 --guardian-signed 2027-01-05 --agencies Helse,Barnevernet --parents-attend');
  await say('koord', 'approve TEAM-2027-001');
  await say('koord', 'approve TEAM-2027-002');
  await say('vara', 'regrets');
  clock.set('2027-01-20T10:45');
}

beforeEach(async () => {
  clock = new FakeClock('2027-01-08T10:00');
  app = await testApp(clock);
});
afterEach(() => app.close());

test('a meeting minuted in the console: the summary in the channel, word for word, and DMs to action owners', async () => {
  await prepareMeeting();
  const out: string[] = [];
  const session = new ConsoleSession(app.bot, app.directory, (s) => void out.push(s));
  const port = new ConsoleChatPort((v, prefix) => session.show(v, prefix));
  for (const line of [
    '/slt as leder', '/slt channel team',
    '/slt note TEAM-2027-001 Drøftet kort',
    '/slt decision TEAM-2027-001 Utekontakten følger opp helgene',
    '/slt action TEAM-2027-001 @politi 2027-02-01 Kartlegge hendelser ved klubben',
    '/slt decision TEAM-2027-002 Saken følges opp i skolen',
    '/slt action TEAM-2027-002 @koord 2027-02-10 Kontakte foresatte',
    '/slt minutes',
    '/slt minutes approve',
  ]) await session.input(line);
  await app.dispatcher([port]).run();
  const text = out.join('');
  expect(text).toMatch(/== Referat \(utkast\): Tverrfaglig team, onsdag 20\. januar 2027 kl\. 09:00 ==[\s\S]*Notat 1: Drøftet kort/);
  const summary = text.slice(text.indexOf('📣 [#testby-team]'));
  expect(summary.split('\n').slice(1, 10)).toEqual([
    '== Sammendrag: Tverrfaglig team, onsdag 20. januar 2027 kl. 09:00 ==',
    '-- Oppmøte',
    'Forfall: Vera Vara',
    '-- TEAM-2027-001 · Uro ved ungdomsklubben',
    'Vedtak: Utekontakten følger opp helgene',
    'Oppgave #1: Kartlegge hendelser ved klubben – Per Politi, frist 01.02.2027',
    // the case's consent covers Helse and Barnevernet: Politiet and the observer are in the channel, so only its reference
    '-- TEAM-2027-002 · Enkeltsak (skolefravær)',
    'Vedtak, notater og oppgaver i denne saken vises bare for instansene samtykket omfatter.',
    '',
  ]);
  expect(summary.slice(0, summary.indexOf('📣', 3))).not.toMatch(/Elev med fravær|Beskrivelse som aldri|Drøftet kort|Saken følges opp i skolen|Kontakte foresatte/);
  expect(text).toMatch(/📣 \[DM til politi\]\n== Oppgaver til deg fra Tverrfaglig team ==\nOppgave #1: Kartlegge hendelser ved klubben/);
  expect(text).toMatch(/📣 \[DM til koord\]\n== Oppgaver til deg fra Tverrfaglig team ==\nOppgave #2: Kontakte foresatte/);
});

test('a correction after approval updates the summary instead of posting a second one', async () => {
  await prepareMeeting();
  await say('leder', 'decision TEAM-2027-001 Første vedtak');
  await say('leder', 'minutes approve');
  expect(await say('leder', 'minutes approve')).toMatch(/allerede godkjent/);
  expect(await say('leder', 'decision TEAM-2027-001 Rettet vedtak')).toMatch(/lagt ut som en oppdatering/);
  const posts = (await app.store.outbox.list()).filter((r) => r.platform === 'console' && r.key.startsWith('summary:'));
  expect(posts.map((r) => [r.key.split('@')[0], r.replacesKey?.split('@')[0]])).toEqual([
    ['summary:testby/team/2027-01-20:v1', undefined],
    ['summary:testby/team/2027-01-20:v2', 'summary:testby/team/2027-01-20:v1'],
  ]);
  expect(JSON.stringify(posts[1]!.view)).toMatch(/Rettet vedtak[\s\S]*Oppdatert etter godkjenning/);
});

test('open actions, deferred and unfinished items carry over onto the next agenda', async () => {
  clock.set('2027-01-12T10:00');
  await prepareMeeting();
  clock.set('2027-01-12T10:00');
  await say('politi', 'agenda add "Kan vente"');
  await say('leder', 'defer TEAM-2027-003 next');
  clock.set('2027-01-20T10:45');
  await say('leder', 'decision TEAM-2027-002 Avsluttet');
  // Politiet is outside the case's consent: such an action is refused; Barnevernet (vara) is inside
  expect(await say('leder', 'action TEAM-2027-002 @politi 2027-02-01 Sjekke status')).toMatch(/Politiet er ikke med i samtykket/);
  await say('leder', 'action TEAM-2027-002 @vara 2027-02-01 Sjekke status');
  expect(await say('politi', 'agenda')).not.toMatch(/Sjekke status/);
  const agenda = await say('vara', 'agenda');
  expect(agenda).toMatch(/Saksliste: Tverrfaglig team, onsdag 3\. februar 2027/);
  const carried = agenda.slice(agenda.indexOf('Overført fra tidligere møter'));
  expect(carried).toMatch(/TEAM-2027-003 · Tema: Kan vente/);
  expect(carried).toMatch(/TEAM-2027-001 · Tema: Uro ved ungdomsklubben \(klasse-, skole- eller ungdomsmiljø\) \(ikke avsluttet 20\.01\.2027\)/);
  expect(carried).toMatch(/Oppgave #1: Sjekke status \(Vera Vara, frist 01\.02\.2027\)/);
  expect(carried).not.toMatch(/TEAM-2027-002/); // it got a decision
  await say('vara', 'action done 1');
  expect(await say('vara', 'agenda')).not.toMatch(/Sjekke status/);
  expect(await say('vara', 'actions')).toMatch(/ingen åpne oppgaver/);
});

test('raising an item to the politiråd links both items; a case cannot go to a forum without cases', async () => {
  await prepareMeeting();
  clock.set('2027-01-21T10:00');
  expect(await say('leder', 'raise TEAM-2027-002 rad')).toMatch(/Politirådet tar ikke opp enkeltsaker/);
  expect(await say('politi', 'raise TEAM-2027-001 rad')).toMatch(/Bare innkaller eller SLT-koordinator/);
  const out = await say('leder', 'raise TEAM-2027-001 rad');
  expect(out).toMatch(/TEAM-2027-001 er løftet til Politirådet som RAD-2027-001/);
  expect(await app.store.read.item('RAD-2027-001')).toMatchObject({ raisedFrom: 'TEAM-2027-001', forumId: 'rad', title: 'Uro ved ungdomsklubben', state: 'submitted' });
  expect(await say('koord', 'log TEAM-2027-001')).toMatch(/raise/);
  const cards = (await app.store.outbox.list()).filter((r) => r.view.itemRef === 'RAD-2027-001' && r.target === 'koord' && r.platform === 'console');
  expect(JSON.stringify(cards[0]!.view)).toMatch(/Løftet fra TEAM-2027-001/);
  expect(await say('koord', 'approve TEAM-2027-001')).toMatch(/er allerede godkjent/);
  expect(await say('koord', 'defer TEAM-2027-001 next')).toMatch(/allerede holdt/);
  expect(await say('koord', 'consent RAD-2027-001 --legal-basis x')).toMatch(/ikke en enkeltsak/);
  // the original shows the link too
  expect(await say('koord', 'item TEAM-2027-001')).toMatch(/Løftet til RAD-2027-001/);
});

test('authorisation: only deciders approve minutes; members add notes only where the forum allows it', async () => {
  await prepareMeeting();
  expect(await say('politi', 'minutes approve')).toMatch(/Bare innkaller eller SLT-koordinator/);
  expect(await say('politi', 'note TEAM-2027-001 Et notat')).toMatch(/Bare innkaller eller SLT-koordinator/);
  expect(await say('politi', 'decision TEAM-2027-001 Et vedtak')).toMatch(/Bare innkaller/);
  expect(await say('obs', 'minutes')).toMatch(/Referat \(utkast\)/);
  expect(await say('fremmed', 'minutes')).toMatch(/ikke medlem/);
  expect(await say('koord', 'minutes approve')).toMatch(/godkjent/);
});

test('members may add notes in a forum that allows it; notes and decisions pass the personal-data guard', async () => {
  await app.close();
  const input = require('../helpers').fixtureInput();
  input.forums[0].membersMayAddNotes = true;
  app = await testApp(clock, [require('../../src/core/model/municipality').Municipality.parse(input)]);
  await prepareMeeting();
  expect(await say('politi', 'note TEAM-2027-001 Et notat')).toMatch(/Notatet er ført/);
  expect(await say('leder', 'decision TEAM-2027-001 Ring 41234567')).toMatch(/telefonnummer/);
  expect(JSON.stringify(app.db.prepare('SELECT * FROM minute_entries').all())).not.toMatch(/41234567/);
});

test('minutes cannot be kept before the meeting starts', async () => {
  await say('politi', 'agenda add "Tema"');
  expect(await say('leder', 'decision TEAM-2027-001 For tidlig')).toMatch(/ikke holdt ennå/);
});
