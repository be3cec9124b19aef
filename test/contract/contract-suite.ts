import type { App } from '../../src/app';
import { dumpAllTables, FakeClock, testApp } from '../helpers';
import { postgresStores } from '../postgres/pg-test-store';
import type { AdapterDriver, DriverFactory, Who } from './adapter-driver';
import { languageFixture, leaks, playScenario } from '../guards/language-scenario';

/**
 * The same scenario on every platform, with the same outcomes, on either store. Each adapter's test
 * file calls `adapterContract('<platform>', factory)`, and the scenario runs on SQLite and on PostgreSQL
 * (a database of the run's test server for the file, emptied before each test).
 */
export function adapterContract(platform: string, factory: DriverFactory): void {
  for (const database of ['SQLite', 'PostgreSQL'] as const) contractOn(platform, factory, database);
}

function contractOn(platform: string, factory: DriverFactory, database: 'SQLite' | 'PostgreSQL'): void {
  describe(`adapter contract: ${platform} on ${database}`, () => {
    let app: App;
    let clock: FakeClock;
    let d: AdapterDriver;
    const postgres = database === 'PostgreSQL' ? postgresStores(`contract_${platform}`) : undefined;
    afterAll(() => postgres?.dropAll());
    beforeEach(async () => {
      clock = new FakeClock('2027-01-08T10:00');
      app = postgres ? await testApp(clock, undefined, { store: (await postgres.open()).store }) : await testApp(clock);
      d = await factory(app, clock);
    });
    afterEach(async () => {
      await d.close();
      await app.close();
    });

    test(`the scenario runs on ${database}`, () => {
      expect(app.store.constructor.name).toBe(database === 'PostgreSQL' ? 'PostgresStore' : 'SqliteStore');
    });

    test('help answers with the command list: what the person may run', async () => {
      const out = await d.command('politi', 'help');
      expect(out).toMatch(/agenda add/);
      // a plain member does not decide: approve is in the convener's help, not in theirs
      expect(out).not.toMatch(/approve <ref>/);
      expect(await d.command('leder', 'help')).toMatch(/approve <ref>/);
    });

    test('submit a topic; the deciders get it as a DM with decision buttons', async () => {
      const out = await d.command('politi', 'agenda add "Uro ved ungdomsklubben" Flere meldinger om uro');
      expect(out).toMatch(/TEAM-2027-001/);
      expect(await app.store.read.item('TEAM-2027-001')).toMatchObject({ state: 'submitted', submitterId: 'politi' });
      const dms = (await d.dms('leder')).join('\n');
      expect(dms).toMatch(/Ny sak til Tverrfaglig team/);
      expect(dms).toMatch(/Uro ved ungdomsklubben/);
    });

    test('a decision button pressed by the convener decides; pressed by someone else, nothing changes', async () => {
      await d.command('politi', 'agenda add "Tema til møtet"');
      await d.dms('leder');
      const refused = await d.press('politi', 'TEAM-2027-001', 'approve');
      expect(refused).toMatch(/Bare innkaller eller SLT-koordinator/);
      expect((await app.store.read.item('TEAM-2027-001'))!.state).toBe('submitted');
      const ok = await d.press('leder', 'TEAM-2027-001', 'approve');
      expect(ok).toMatch(/godkjent av Lise Teamleder/);
      expect(await app.store.read.item('TEAM-2027-001')).toMatchObject({ state: 'approved', decidedBy: 'leder' });
      // the coordinator's copy of the card is edited too: the outcome, and no approve button left
      const koordCard = await d.dmCard('koord', 'TEAM-2027-001');
      expect(koordCard).toMatch(/godkjent av Lise Teamleder/);
      expect(koordCard).not.toMatch(/Godkjenn/);
    });

    test('reject with a reason from a button; the submitter is told', async () => {
      await d.command('politi', 'agenda add "Tema som avvises"');
      await d.dms('leder');
      await d.press('leder', 'TEAM-2027-001', 'reject', 'Hører hjemme i koordineringsgruppa');
      expect(await app.store.read.item('TEAM-2027-001')).toMatchObject({ state: 'rejected', reason: 'Hører hjemme i koordineringsgruppa' });
      expect((await d.dms('politi')).join('\n')).toMatch(/ble avvist\. Begrunnelse: Hører hjemme i koordineringsgruppa/);
    });

    test('the submission form creates an item; a form with personal data is refused per field', async () => {
      const bad = await d.submitForm('vara', { title: 'Ring 41234567', kind: 'topic', category: 'rus', meeting: '2027-01-20' });
      expect(bad).toMatch(/telefonnummer/);
      expect(bad).not.toMatch(/41234567/);
      expect(await app.store.read.itemsBetween('testby', '', '9999')).toEqual([]);
      await d.submitForm('vara', { title: 'Fra skjemaet', kind: 'topic', category: 'rus', meeting: '2027-01-20' });
      expect(await app.store.read.item('TEAM-2027-001')).toMatchObject({ title: 'Fra skjemaet', category: 'rus', submitterId: 'vara' });
    });

    /** politi submits a topic (TEAM-2027-001) and a case (TEAM-2027-002); the coordinator records consent and approves both */
    async function approvedTopicAndCase(topic: string, kase: string, agencies: string): Promise<void> {
      await d.command('politi', `agenda add ${topic}`);
      await d.command('politi', `agenda add ${kase} --case`);
      await d.command('koord', `consent TEAM-2027-002 --guardian-signed 2027-01-05 --agencies ${agencies}`);
      await d.command('koord', 'approve TEAM-2027-001');
      await d.command('koord', 'approve TEAM-2027-002');
    }

    test('publish posts the public agenda in the channel: approved items, a case only by reference', async () => {
      await approvedTopicAndCase('"Åpent tema"', '"Navngitt elev-sak" Detaljer', 'Helse');
      await d.command('leder', 'publish');
      const posts = (await d.channelPosts()).join('\n');
      expect(posts).toMatch(/Saksliste: Tverrfaglig team/);
      expect(posts).toMatch(/Åpent tema/);
      expect(posts).toMatch(/TEAM-2027-002/);
      expect(posts).not.toMatch(/Navngitt elev-sak|Detaljer/);
      expect(posts).toMatch(/Forlater møtet under saken: Barnevernet, Politiet/);
    });

    test('after the meeting: minutes from chat, the summary in the channel (a case only by reference), actions to their owners', async () => {
      await approvedTopicAndCase('"Uro ved ungdomsklubben"', '"Elev med fravær" Beskrivelse som aldri skal i kanalen --category skolefravaer', 'Helse,Barnevernet');
      clock.set('2027-01-20T10:45');
      expect(await d.command('politi', 'minutes approve')).toMatch(/Bare innkaller eller SLT-koordinator/);
      await d.command('leder', 'decision TEAM-2027-001 Utekontakten følger opp helgene');
      await d.command('leder', 'action TEAM-2027-001 @politi 2027-02-01 Kartlegge hendelser ved klubben');
      await d.command('leder', 'decision TEAM-2027-002 Saken følges opp i skolen');
      expect(await d.command('leder', 'minutes')).toMatch(/Referat \(utkast\)[\s\S]*Utekontakten følger opp helgene/);
      await d.command('leder', 'minutes approve');
      const posts = (await d.channelPosts()).join('\n');
      expect(posts).toMatch(/Sammendrag: Tverrfaglig team, onsdag 20\. januar 2027 kl\. 09:00/);
      expect(posts).toMatch(/TEAM-2027-001 · Uro ved ungdomsklubben[\s\S]*Vedtak: Utekontakten følger opp helgene[\s\S]*Oppgave #1: Kartlegge hendelser ved klubben – Per Politi, frist 01\.02\.2027/);
      // Politiet (and the observer's Kommunen) are outside the case's consent: the channel sees its reference and category only
      expect(posts).toMatch(/TEAM-2027-002 · Enkeltsak \(skolefravær\)\*?\n[^\n]*vises bare for instansene samtykket omfatter/);
      expect(posts).not.toMatch(/Elev med fravær|Beskrivelse som aldri|Saken følges opp i skolen/);
      expect((await d.dms('politi')).join('\n')).toMatch(/Oppgaver til deg fra Tverrfaglig team[\s\S]*Kartlegge hendelser ved klubben/);
      expect(await d.command('politi', 'actions')).toMatch(/#1[\s\S]*Kartlegge hendelser ved klubben/);
      expect(await d.command('politi', 'action done 1')).toMatch(/#1/);
      expect(await app.store.read.action(1)).toMatchObject({ status: 'done' });
    });

    // ---- issue 12: the six findings, on every platform ----

    test('finding 1: a case\'s decision, note and action reach only the agencies inside its consent (minutes, summary, actions)', async () => {
      await d.command('politi', 'agenda add "Tema til møtet"');
      await d.command('vara', 'agenda add "Elev ved skolen" Beskrivelse av saken --case --category skolefravaer');
      await d.command('koord', 'consent TEAM-2027-002 --guardian-signed 2027-01-05 --agencies Helse,Barnevernet');
      await d.command('koord', 'approve TEAM-2027-001');
      await d.command('koord', 'approve TEAM-2027-002');
      clock.set('2027-01-20T10:45');
      await d.command('leder', 'decision TEAM-2027-001 Vedtak om temaet');
      await d.command('leder', 'decision TEAM-2027-002 Vedtak Fq1z i saken');
      await d.command('leder', 'note TEAM-2027-002 Notat Fq1z i saken');
      await d.command('leder', 'action TEAM-2027-002 @vara 2027-02-01 Oppgave Fq1z i saken');
      // an action on the case for someone outside its consent is refused with the reason
      expect(await d.command('leder', 'action TEAM-2027-002 @politi 2027-02-01 Noe Fq1z')).toMatch(/Politiet er ikke med i samtykket for TEAM-2027-002/);
      const outside = await d.command('politi', 'minutes');
      expect(outside).toMatch(/TEAM-2027-002 · Enkeltsak \(skolefravær\)/);
      expect(outside).toMatch(/Vedtak om temaet/);
      expect(outside).not.toMatch(/Fq1z/);
      const inside = await d.command('vara', 'minutes');
      expect(inside).toMatch(/Vedtak Fq1z i saken[\s\S]*Notat Fq1z i saken[\s\S]*Oppgave Fq1z i saken/);
      await d.command('leder', 'minutes approve');
      const posts = (await d.channelPosts()).join('\n');
      expect(posts).toMatch(/Sammendrag: Tverrfaglig team[\s\S]*Vedtak om temaet[\s\S]*TEAM-2027-002 · Enkeltsak \(skolefravær\)/);
      expect(posts).not.toMatch(/Fq1z/);
      expect((await d.dms('vara')).join('\n')).toMatch(/Oppgave Fq1z i saken/);
      expect((await d.dms('politi')).join('\n')).not.toMatch(/Fq1z/);
      expect(await d.command('politi', 'actions')).not.toMatch(/Fq1z/);
    });

    test('finding 2: consent counts only when valid on the meeting date: signature, deferral, re-recording', async () => {
      await d.command('politi', 'agenda add "Sak A" --case');
      // (c) signed after the meeting it is for: refused, nothing recorded
      expect(await d.command('koord', 'consent TEAM-2027-001 --guardian-signed 2027-01-21 --agencies Helse,Politiet'))
        .toMatch(/signert 21\.01\.2027, etter møtet 20\.01\.2027/);
      expect(await app.store.read.consent('TEAM-2027-001')).toBeUndefined();
      await d.command('koord', 'consent TEAM-2027-001 --guardian-signed 2027-01-05 --agencies Helse,Politiet --expires 2027-01-25');
      expect(await d.command('koord', 'approve TEAM-2027-001')).toMatch(/er godkjent/);
      // (a) deferred to 3 February, after the consent ends: back to pending, not on the members' agenda
      expect(await d.command('leder', 'defer TEAM-2027-001 next')).toMatch(/Samtykket for TEAM-2027-001 gjelder bare til 25\.01\.2027/);
      expect(await app.store.read.item('TEAM-2027-001')).toMatchObject({ state: 'needs-consent', meetingId: 'testby/team/2027-02-03' });
      expect(await d.dmCard('koord', 'TEAM-2027-001')).toMatch(/venter på samtykke/);
      clock.set('2027-01-21T10:00');
      expect(await d.command('politi', 'agenda')).not.toMatch(/TEAM-2027-001/);
      expect(await d.command('leder', 'agenda')).toMatch(/Venter på avgjørelse[\s\S]*TEAM-2027-001/);
      // (b) a new consent that ends before the meeting takes an approved case off the agenda
      await d.command('politi', 'agenda add "Sak B" --case');
      await d.command('koord', 'consent TEAM-2027-002 --guardian-signed 2027-01-20 --agencies Helse,Politiet');
      await d.command('koord', 'approve TEAM-2027-002');
      expect(await d.command('politi', 'agenda')).toMatch(/TEAM-2027-002/);
      const again = await d.command('koord', 'consent TEAM-2027-002 --guardian-signed 2027-01-21 --agencies Helse,Politiet --expires 2027-02-01');
      expect(again).toMatch(/utløper 01\.02\.2027, før møtet 03\.02\.2027/);
      expect(again).not.toMatch(/Samtykke for TEAM-2027-002 er registrert\. Instanser/);
      expect((await app.store.read.item('TEAM-2027-002'))!.state).toBe('needs-consent');
      expect(await d.command('politi', 'agenda')).not.toMatch(/TEAM-2027-002/);
    });

    test('finding 3: undecided items of a meeting that has started move to the next meeting; the deciders are told once', async () => {
      await d.command('politi', 'agenda add "Meldt tema"');
      await d.command('vara', 'agenda add "Uavklart tema"');
      await d.command('leder', 'ask TEAM-2027-002 Hvilken skole gjelder det?');
      clock.set('2027-01-20T09:30');
      await app.runDue();
      await app.runDue();
      expect(await app.store.read.item('TEAM-2027-001')).toMatchObject({ state: 'submitted', meetingId: 'testby/team/2027-02-03' });
      expect(await app.store.read.item('TEAM-2027-002')).toMatchObject({ state: 'needs-info', meetingId: 'testby/team/2027-02-03' });
      const told = (await d.dms('koord')).filter((t) => /ble ikke avgjort/.test(t));
      expect(told).toHaveLength(1);
      expect(told[0]).toMatch(/TEAM-2027-001[\s\S]*TEAM-2027-002/);
      // the decision card itself (not the notice listing the items) is edited to the new meeting
      const card = (await d.latestMessages('leder')).find((t) => t.includes('TEAM-2027-001') && t.includes('Ny sak til Tverrfaglig team'));
      expect(card).toMatch(/Møte: onsdag 3\. februar 2027/);
      expect((await d.dms('politi')).join('\n')).toMatch(/TEAM-2027-001.*onsdag 3\. februar 2027/);
      expect(await d.command('koord', 'approve TEAM-2027-001')).toMatch(/er godkjent/);
      expect(await d.command('vara', 'answer TEAM-2027-002 Ungdomsskolen')).toMatch(/venter igjen/);
    });

    test('finding 3: between the meeting\'s start and the next tick, a decision on an undecided item counts for the next meeting', async () => {
      await d.command('politi', 'agenda add "Meldt tema"');
      clock.set('2027-01-20T09:05');
      expect(await d.command('leder', 'approve TEAM-2027-001')).toMatch(/er godkjent/);
      expect(await app.store.read.item('TEAM-2027-001')).toMatchObject({ state: 'approved', meetingId: 'testby/team/2027-02-03' });
      expect(await d.command('politi', 'agenda')).toMatch(/onsdag 3\. februar 2027[\s\S]*Meldt tema/);
    });

    test('finding 4: an observer reads no item that is not on a published agenda', async () => {
      await d.command('politi', 'agenda add "Upublisert tema" Beskrivelse');
      const before = await d.command('obs', 'item TEAM-2027-001');
      expect(before).toMatch(/ikke publisert/);
      expect(before).not.toMatch(/Upublisert tema/);
      await d.command('leder', 'approve TEAM-2027-001');
      await d.command('leder', 'publish');
      expect(await d.command('obs', 'item TEAM-2027-001')).toMatch(/Upublisert tema/);
    });

    test('finding 5: after the retention period no copy of a case\'s texts is left in the database or in any message', async () => {
      await d.command('politi', 'agenda add "Tittel Rk5w" Beskrivelse Rk5w --case');
      await d.press('leder', 'TEAM-2027-001', 'ask', 'Sporsmal Rk5w');
      await d.command('politi', 'answer TEAM-2027-001 Svar Rk5w');
      await d.command('koord', 'consent TEAM-2027-001 --guardian-signed 2027-01-05 --agencies Helse,Politiet --covers "Fravaer Rk5w" --purpose "Tiltak Rk5w"');
      await d.command('koord', 'item TEAM-2027-001');
      await d.press('leder', 'TEAM-2027-001', 'approve');
      clock.set('2027-01-20T10:45');
      await d.command('leder', 'decision TEAM-2027-001 Saken følges opp');
      await d.command('leder', 'minutes approve');
      const people: Who[] = ['koord', 'leder', 'politi', 'vara', 'obs'];
      // one person at a time: each read delivers the outbox first
      const everything = async () => {
        const all: string[] = [];
        for (const w of people) all.push(...(await d.latestMessages(w)));
        return all.join('\n');
      };
      const before = await everything();
      expect(before).toMatch(/Tittel Rk5w/); // the test can see a copy when there is one
      clock.set('2028-02-01T10:00');
      await app.runDue();
      const after = await everything();
      expect(after).not.toMatch(/Rk5w/);
      expect(after).toMatch(/TEAM-2027-001/);
      const dump = await dumpAllTables(app);
      expect(dump).not.toMatch(/Rk5w/);
      expect(dump).toMatch(/Saken følges opp/); // the minutes' decisions stay
      expect((await app.store.read.auditOfItem('TEAM-2027-001')).filter((e) => e.action === 'purge-case-details')).toHaveLength(1);
    });

    test('finding 6: a card offers only the steps its state allows, and a refusal is a whole sentence', async () => {
      await d.command('politi', 'agenda add "Tema"');
      expect(await d.dmButtons('leder', 'TEAM-2027-001')).toEqual(['approve', 'reject', 'defer', 'ask']);
      await d.command('koord', 'ask TEAM-2027-001 Hvilken skole gjelder det?');
      expect(await d.dmButtons('leder', 'TEAM-2027-001')).toEqual(['approve', 'reject', 'defer']);
      const out = await d.command('leder', 'ask TEAM-2027-001 Et spørsmål til');
      expect(out).toMatch(/TEAM-2027-001 venter allerede på svar fra innsenderen/);
      expect(out).not.toMatch(/er venter/);
    });

    test('personal data in a command is refused without echo', async () => {
      const out = await d.command('politi', 'agenda add "Kontakt ola@example.org"');
      expect(out).toMatch(/e-postadresse/);
      expect(out).not.toMatch(/ola@example\.org/);
    });
  });

  // issue 20: every reply kind in bokmål, nynorsk and English, through this platform's real adapter
  describe.each(['nb', 'nn', 'en'] as const)(`adapter contract: ${platform} in %s`, (lang) => {
    test('everything the scenario shows people (replies, DMs, channel posts) has no word of another language', async () => {
      const clock = new FakeClock('2027-01-08T10:00');
      const app = await testApp(clock, [languageFixture(lang)]);
      const d = await factory(app, clock);
      try {
        const seen: string[] = [];
        await playScenario(app, clock, lang, async (who, line) => void seen.push(`${who}> ${line}\n${await d.command(who, line)}`));
        seen.push(await d.submitForm('vara', { title: 'Form', kind: 'topic', category: 'rus', meeting: '2027-02-03' }));
        seen.push(...await d.channelPosts(), ...(await Promise.all((['koord', 'leder', 'politi', 'vara', 'obs'] as const).map((who) => d.dms(who)))).flat());
        expect(seen.length).toBeGreaterThan(80);
        expect(seen.flatMap((text) => leaks(text, lang).map((w) => `${w} in: ${text.slice(0, 200)}`))).toEqual([]);
      } finally {
        await d.close();
        await app.close();
      }
    });
  });
}
