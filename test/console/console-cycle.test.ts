import { ConsoleChatPort } from '../../adapters/console/console-chat-port';
import { ConsoleSession } from '../../adapters/console/console-session';
import { dispatchOutbox } from '../../src/scheduler/dispatch-outbox';
import { FakeClock, testApp } from '../helpers';

/** Drives the console adapter as a person would: one line at a time, reading what it prints. */
async function script(lines: string[], clock: FakeClock, app: Awaited<ReturnType<typeof testApp>>, session: ConsoleSession, port: ConsoleChatPort, out: string[]): Promise<string> {
  const start = out.length;
  for (const line of lines) {
    if (line.startsWith('#clock ')) { clock.set(line.slice(7)); continue; }
    out.push(`> ${line}\n`);
    await session.input(line);
    await dispatchOutbox(app.store.outbox, [port], clock);
  }
  return out.slice(start).join('');
}

test('a whole agenda cycle by hand in the console', async () => {
  const clock = new FakeClock('2027-01-08T10:00');
  const app = await testApp(clock);
  const out: string[] = [];
  const session = new ConsoleSession(app.bot, app.directory, (s) => void out.push(s));
  const port = new ConsoleChatPort((v, prefix) => session.show(v, prefix));
  const run = (lines: string[]) => script(lines, clock, app, session, port, out);

  const submitted = await run([
    '/slt as politi',
    '/slt channel team',
    '/slt agenda add "Uro ved ungdomsklubben" Flere meldinger om uro i helgene',
    '/slt agenda add "Elev med mye fravær" Fravær siden høstferien --case --category skolefravaer',
    '/slt as vara',
    '/slt agenda add "Tema som hører hjemme annet sted"',
    '/slt agenda add "Tema som kan vente"',
  ]);
  expect(submitted).toMatch(/Du er nå Per Politi \(Politikontakt, Testby kommune\)/);
  expect(submitted).toMatch(/meldt opp som TEAM-2027-001/);
  expect(submitted).toMatch(/meldt opp som TEAM-2027-004/);
  // the deciders got the new items as DMs with buttons
  expect(submitted).toMatch(/📣 \[DM til leder\]\n== Ny sak til Tverrfaglig team ==/);

  const late = await run(['#clock 2027-01-14T08:00', '/slt as politi', '/slt agenda add "Etter fristen"']);
  expect(late).toMatch(/TEAM-2027-005 kom etter fristen/);
  expect(late).toMatch(/📣 \[DM til koord\]\n== For sent meldt sak til Tverrfaglig team: avgjør om den tas med ==/);

  const decided = await run([
    '/slt as koord',
    '/slt approve TEAM-2027-002',
    '/slt consent TEAM-2027-002 --guardian-signed 2027-01-05 --agencies "Helse,Barnevernet" --parents-attend',
    '/slt approve TEAM-2027-002',
    '/slt approve TEAM-2027-001',
    '/slt reject TEAM-2027-003 Tas opp i koordineringsgruppa',
    '/slt defer TEAM-2027-004 next',
    '/slt defer TEAM-2027-005',
    '/slt agenda',
    '/slt publish',
  ]);
  expect(decided).toMatch(/TEAM-2027-002 er en enkeltsak og kan ikke godkjennes før samtykke/);
  expect(decided).toMatch(/TEAM-2027-002 er godkjent/);
  expect(decided).toMatch(/TEAM-2027-003 er avvist/);
  expect(decided).toMatch(/TEAM-2027-004 er utsatt til møtet onsdag 3\. februar 2027/);
  expect(decided).toMatch(/TEAM-2027-005 er flyttet til møtet onsdag 3\. februar 2027/);
  // the submitters were told
  expect(decided).toMatch(/\[DM til vara\]\nSaken din TEAM-2027-003 \(«Tema som hører hjemme annet sted»\) ble avvist\. Begrunnelse: Tas opp i koordineringsgruppa/);

  const post = decided.slice(decided.indexOf('📣 [#testby-team]'));
  expect(post).toMatch(/== Saksliste: Tverrfaglig team, onsdag 20\. januar 2027 kl\. 09:00 ==/);
  expect(post).toMatch(/TEAM-2027-001 · Tema: Uro ved ungdomsklubben \(annet\)/);
  expect(post).toMatch(/TEAM-2027-002 · Enkeltsak \(skolefravær\) · Foresatte deltar · Forlater møtet under saken: Politiet/);
  expect(post).not.toMatch(/Elev med mye fravær|Fravær siden høstferien/);
  expect(post).not.toMatch(/TEAM-2027-00[345]/);

  // the next meeting's agenda carries the deferred item and the moved one waits for a decision
  const next = await run(['#clock 2027-01-21T08:00', '/slt agenda']);
  expect(next).toMatch(/Overført fra tidligere møter\n• TEAM-2027-004 · Tema: Tema som kan vente/);
  expect(next).toMatch(/Venter på avgjørelse[^\n]*\n• TEAM-2027-005 · Tema: Etter fristen \(annet\) \[meldt\]/);
  await app.close();
});

test('the console asks a form field by field and re-asks only the fields with errors', async () => {
  const clock = new FakeClock('2027-01-08T10:00');
  const app = await testApp(clock);
  const out: string[] = [];
  const session = new ConsoleSession(app.bot, app.directory, (s) => void out.push(s));
  for (const line of ['/slt as politi', '/slt channel team', '/slt agenda add', 'Ring 41234567', '', '2', '5', '2']) await session.input(line);
  const text = out.join('');
  expect(text).toMatch(/== Meld opp sak ==/);
  expect(text).toMatch(/1\) Tema \[standard\]\n  2\) Enkeltsak/);
  expect(text).toMatch(/telefonnummer/);
  expect(text).not.toMatch(/Ring 41234567/);
  // only the title is asked again; the other answers are kept
  await session.input('Bekymring for ungdomsmiljøet');
  expect(out.join('')).toMatch(/meldt opp som TEAM-2027-001 til møtet onsdag 3\. februar 2027/);
  expect(await app.store.read.item('TEAM-2027-001')).toMatchObject({ kind: 'case', category: 'rus', meetingId: 'testby/team/2027-02-03' });
  await app.close();
});
