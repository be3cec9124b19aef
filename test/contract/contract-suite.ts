import type { App } from '../../src/app';
import { FakeClock, testApp } from '../helpers';
import type { AdapterDriver, DriverFactory } from './adapter-driver';

/**
 * The same scenario on every platform, with the same outcomes. Each adapter's test file calls
 * `adapterContract('<platform>', factory)`.
 */
export function adapterContract(platform: string, factory: DriverFactory): void {
  describe(`adapter contract: ${platform}`, () => {
    let app: App;
    let clock: FakeClock;
    let d: AdapterDriver;
    beforeEach(async () => {
      clock = new FakeClock('2027-01-08T10:00');
      app = testApp(clock);
      d = await factory(app, clock);
    });
    afterEach(async () => {
      await d.close();
      app.close();
    });

    test('help answers with the command list', async () => {
      const out = await d.command('politi', 'help');
      expect(out).toMatch(/agenda add/);
      expect(out).toMatch(/approve <ref>/);
    });

    test('submit a topic; the deciders get it as a DM with decision buttons', async () => {
      const out = await d.command('politi', 'agenda add "Uro ved ungdomsklubben" Flere meldinger om uro');
      expect(out).toMatch(/TEAM-2027-001/);
      expect(app.store.item('TEAM-2027-001')).toMatchObject({ state: 'submitted', submitterId: 'politi' });
      const dms = (await d.dms('leder')).join('\n');
      expect(dms).toMatch(/Ny sak til Tverrfaglig team/);
      expect(dms).toMatch(/Uro ved ungdomsklubben/);
    });

    test('a decision button pressed by the convener decides; pressed by someone else, nothing changes', async () => {
      await d.command('politi', 'agenda add "Tema til møtet"');
      await d.dms('leder');
      const refused = await d.press('politi', 'TEAM-2027-001', 'approve');
      expect(refused).toMatch(/Bare innkaller eller SLT-koordinator/);
      expect(app.store.item('TEAM-2027-001')!.state).toBe('submitted');
      const ok = await d.press('leder', 'TEAM-2027-001', 'approve');
      expect(ok).toMatch(/godkjent av Lise Teamleder/);
      expect(app.store.item('TEAM-2027-001')).toMatchObject({ state: 'approved', decidedBy: 'leder' });
      // the coordinator's copy of the card is edited too: the outcome, and no approve button left
      const koordCard = await d.dmCard('koord', 'TEAM-2027-001');
      expect(koordCard).toMatch(/godkjent av Lise Teamleder/);
      expect(koordCard).not.toMatch(/Godkjenn/);
    });

    test('reject with a reason from a button; the submitter is told', async () => {
      await d.command('politi', 'agenda add "Tema som avvises"');
      await d.dms('leder');
      await d.press('leder', 'TEAM-2027-001', 'reject', 'Hører hjemme i koordineringsgruppa');
      expect(app.store.item('TEAM-2027-001')).toMatchObject({ state: 'rejected', reason: 'Hører hjemme i koordineringsgruppa' });
      expect((await d.dms('politi')).join('\n')).toMatch(/ble avvist\. Begrunnelse: Hører hjemme i koordineringsgruppa/);
    });

    test('the submission form creates an item; a form with personal data is refused per field', async () => {
      const bad = await d.submitForm('vara', { title: 'Ring 41234567', kind: 'topic', category: 'rus', meeting: '2027-01-20' });
      expect(bad).toMatch(/telefonnummer/);
      expect(bad).not.toMatch(/41234567/);
      expect(app.db.prepare('SELECT COUNT(*) AS n FROM agenda_items').get()).toEqual({ n: 0 });
      await d.submitForm('vara', { title: 'Fra skjemaet', kind: 'topic', category: 'rus', meeting: '2027-01-20' });
      expect(app.store.item('TEAM-2027-001')).toMatchObject({ title: 'Fra skjemaet', category: 'rus', submitterId: 'vara' });
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
      expect(posts).toMatch(/TEAM-2027-002 · Enkeltsak \(skolefravær\)[\s\S]*Vedtak: Saken følges opp i skolen/);
      expect(posts).not.toMatch(/Elev med fravær|Beskrivelse som aldri/);
      expect((await d.dms('politi')).join('\n')).toMatch(/Oppgaver til deg fra Tverrfaglig team[\s\S]*Kartlegge hendelser ved klubben/);
      expect(await d.command('politi', 'actions')).toMatch(/#1[\s\S]*Kartlegge hendelser ved klubben/);
      expect(await d.command('politi', 'action done 1')).toMatch(/#1/);
      expect(app.db.prepare('SELECT status FROM actions WHERE id = 1').get()).toEqual({ status: 'done' });
    });

    test('personal data in a command is refused without echo', async () => {
      const out = await d.command('politi', 'agenda add "Kontakt ola@example.org"');
      expect(out).toMatch(/e-postadresse/);
      expect(out).not.toMatch(/ola@example\.org/);
    });
  });
}
