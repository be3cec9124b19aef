import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { App, SqliteApp } from '../../src/app';
import { FakeClock, fixture, testApp, dumpAllTables } from '../helpers';
import { blocksText } from './fake-slack-api';
import { SlackHarness, TEAM_CHANNEL, USERS } from './slack-harness';

type Modal = { title: { text: string }; private_metadata: string; blocks: { type: string; block_id?: string; text?: { text: string }; element?: { type: string; initial_value?: string; initial_option?: { value: string }; options?: { value: string }[] } }[] };

const lastOpened = (h: SlackHarness) => {
  const call = h.api.calls.filter((c) => c.method === 'views.open').at(-1)!;
  return { ok: (call.result as { ok: boolean }).ok, view: call.body.view as Modal };
};
const input = (m: Modal, id: string) => m.blocks.find((b) => b.block_id === id);
const modalText = (m: Modal) => blocksText(m.blocks);
const deliver = (app: App, h: SlackHarness) => app.dispatcher([h.adapter.chatPort], { sleep: async () => {} }).run();
const MESSAGE = { ts: '1700000123.000200', text: 'Flere har sett &lt;uro&gt; ved <#CTEAM01|tut>-klubben, se <https://example.org/rapport|rapporten> – <@UVARA01> vet mer' };

describe('Slack: "Meld opp som SLT-sak" on a message, and the global shortcut', () => {
  let app: SqliteApp;
  let h: SlackHarness;
  let dir: string;
  let dbFile: string;
  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slt-shortcut-'));
    dbFile = path.join(dir, 'slt.db');
    app = await testApp(new FakeClock('2027-01-08T10:00'), [fixture()], { dbFile });
    h = await new SlackHarness(app).start();
  });
  afterEach(async () => {
    await h.stop();
    await app.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('a message in the forum\'s channel opens the form prefilled (valid trigger, plain text), and the item keeps a link back that only deciders and the submitter see', async () => {
    expect((await h.messageShortcut(USERS.politi, TEAM_CHANNEL, MESSAGE)).status).toBe(200);
    const { ok, view } = lastOpened(h);
    expect(ok).toBe(true); // the strict fake took the trigger id and the view
    expect(view.title.text).toBe('Meld opp sak');
    expect(input(view, 'description')!.element!.initial_value).toBe('Flere har sett <uro> ved #tut-klubben, se rapporten (https://example.org/rapport) – @UVARA01 vet mer');
    expect(input(view, 'forum')).toBeUndefined(); // the channel's forum
    expect(input(view, 'meeting')!.element!.options!.map((o) => o.value)[0]).toBe('2027-01-20');
    expect(modalText(view)).toContain('Lenken til meldingen lagres med saken og vises bare for deg, innkaller og SLT-koordinator.');
    expect(h.api.of('chat.getPermalink')).toMatchObject([{ channel: TEAM_CHANNEL, message_ts: MESSAGE.ts }]);

    const done = await h.submitLastModal(USERS.politi, { title: 'Uro ved klubben', description: input(view, 'description')!.element!.initial_value!, kind: 'topic', category: 'miljo', meeting: '2027-01-20' });
    expect(done.json).toMatchObject({ response_action: 'update' });
    expect(blocksText((done.json!.view as Modal).blocks)).toMatch(/Saken er meldt opp som TEAM-2027-001 til møtet onsdag 20\. januar 2027/);
    const link = 'https://kommune.slack.com/archives/CTEAM01/p1700000123000200';
    expect(await app.store.read.item('TEAM-2027-001')).toMatchObject({ title: 'Uro ved klubben', sourceLink: link, submitterId: 'politi' });

    // the deciders' DM card links back to the message; the channel's agenda and other members do not
    await deliver(app, h);
    const card = h.api.of('chat.postMessage').find((b) => b.channel === `D${USERS.leder}` && JSON.stringify(b.blocks).includes('TEAM-2027-001'))!;
    expect(JSON.stringify(card.blocks)).toContain(`<${link}|Meldingen saken kom fra>`);
    await h.command(USERS.leder, 'approve TEAM-2027-001');
    await h.command(USERS.leder, 'publish');
    await deliver(app, h);
    expect(JSON.stringify(h.api.shown(TEAM_CHANNEL))).not.toContain('p1700000123000200');
    expect(JSON.stringify((await h.command(USERS.vara, 'item TEAM-2027-001')).json)).not.toContain('p1700000123000200');
    expect(JSON.stringify((await h.command(USERS.politi, 'item TEAM-2027-001')).json)).toContain(link);
  });

  test('personal data in the message is never shown back nor stored: the form opens with the field empty and says why', async () => {
    const secret = ['412 34 567', 'ola.nordmann@example.org', '15076500565'];
    await h.messageShortcut(USERS.politi, TEAM_CHANNEL, { ts: '1700000124.000300', text: `Gutt i 9. klasse, mor har tlf ${secret[0]} og e-post ${secret[1]}, fnr ${secret[2]}` });
    const { ok, view } = lastOpened(h);
    expect(ok).toBe(true);
    expect(input(view, 'description')!.element!.initial_value).toBeUndefined();
    expect(modalText(view)).toContain('Teksten i meldingen er ikke kopiert inn, fordi den ser ut til å inneholde et fødselsnummer eller D-nummer, et telefonnummer og en e-postadresse.');
    const shown = JSON.stringify(h.api.calls);
    for (const s of secret) expect(shown).not.toContain(s);
    await h.submitLastModal(USERS.politi, { title: 'Bekymring for elev', description: 'Gutt i 9. klasse', kind: 'case', category: 'atferd', meeting: '2027-01-20' });
    expect(await app.store.read.item('TEAM-2027-001')).toMatchObject({ title: 'Bekymring for elev', description: 'Gutt i 9. klasse' });
    await deliver(app, h);
    // nowhere in the database (every table, the file and its write-ahead log) nor in the log
    const dump = await dumpAllTables(app);
    app.db.pragma('wal_checkpoint(TRUNCATE)');
    const raw = Buffer.concat([dbFile, `${dbFile}-wal`].filter((f) => fs.existsSync(f)).map((f) => fs.readFileSync(f))).toString('latin1');
    for (const s of [...secret, '41234567']) {
      expect(dump).not.toContain(s);
      expect(raw).not.toContain(s);
      expect(h.logs.join('\n')).not.toContain(s);
      expect(JSON.stringify(h.api.calls)).not.toContain(s);
    }
  });

  test('a message in a channel of no forum offers a choice among the person\'s forums (none chosen); the item goes to the chosen forum\'s next meeting', async () => {
    await h.messageShortcut(USERS.politi, 'CANDRE01', { ts: '1700000125.000100', text: 'Tema fra en annen kanal' });
    const { ok, view } = lastOpened(h);
    expect(ok).toBe(true);
    const forum = input(view, 'forum')!;
    expect(forum.element!.options!.map((o) => o.value)).toEqual(['testby/team', 'testby/rad']);
    expect(forum.element!.initial_option).toBeUndefined();
    expect(input(view, 'meeting')).toBeUndefined();
    // Politirådet takes no individual cases: the field says so, and the form keeps everything typed
    const refused = await h.submitLastModal(USERS.politi, { forum: 'testby/rad', title: 'Tema', description: 'Tema fra en annen kanal', kind: 'case', category: 'annet' });
    expect(refused.json).toMatchObject({ response_action: 'errors', errors: { kind: expect.stringMatching(/Politirådet tar ikke opp enkeltsaker/) } });
    // a forum that is not among the choices (a forged submission) is refused at the field
    const forged = await h.submitLastModal(USERS.politi, { forum: 'testby/annet', title: 'Tema', kind: 'topic', category: 'annet' });
    expect(forged.json).toMatchObject({ response_action: 'errors', errors: { forum: 'Velg et av forumene i listen.' } });
    const taken = await h.submitLastModal(USERS.politi, { forum: 'testby/rad', title: 'Tema', description: 'Tema fra en annen kanal', kind: 'topic', category: 'annet' });
    expect(taken.json).toMatchObject({ response_action: 'update' });
    const item = (await app.store.read.item('RAD-2027-001'))!;
    expect(item).toMatchObject({ forumId: 'rad', sourceLink: 'https://kommune.slack.com/archives/CANDRE01/p1700000125000100' });
    expect((await app.store.read.meeting(item.meetingId))!.date).toBe('2027-02-09');
  });

  test('a message in a thread links to the reply; without chat.getPermalink the link is built like Slack\'s; a long message is cut within the limit', async () => {
    h.api.refuse('chat.getPermalink', { status: 200, error: 'missing_scope' });
    await h.messageShortcut(USERS.politi, TEAM_CHANNEL, { ts: '1700000127.000100', thread_ts: '1700000126.000100', text: `${'lang tekst '.repeat(250)}slutt` });
    const { ok, view } = lastOpened(h);
    expect(ok).toBe(true);
    const description = input(view, 'description')!.element!.initial_value!;
    expect(description.length).toBeLessThanOrEqual(2000);
    expect(description.endsWith('…')).toBe(true);
    expect(modalText(view)).toContain('Meldingen var lengre enn 2000 tegn, så beskrivelsen er kortet ned.');
    await h.submitLastModal(USERS.politi, { title: 'Lang melding', description, kind: 'topic', category: 'annet', meeting: '2027-01-20' });
    expect((await app.store.read.item('TEAM-2027-001'))!.sourceLink).toBe('https://kommune.slack.com/archives/CTEAM01/p1700000127000100?thread_ts=1700000126.000100&cid=CTEAM01');
    // in Slack's mrkdwn the link's & is escaped like any other
    await deliver(app, h);
    const card = h.api.of('chat.postMessage').find((b) => b.channel === `D${USERS.leder}`)!;
    expect(JSON.stringify(card.blocks)).toContain('<https://kommune.slack.com/archives/CTEAM01/p1700000127000100?thread_ts=1700000126.000100&amp;cid=CTEAM01|Meldingen saken kom fra>');
  });

  test('the global shortcut opens the same form from anywhere; someone with no forum is told whom to ask', async () => {
    await h.globalShortcut(USERS.vara);
    const { ok, view } = lastOpened(h);
    expect(ok).toBe(true);
    expect(view.title.text).toBe('Meld opp sak');
    expect(input(view, 'forum')).toBeUndefined(); // Vera is in one forum: it is the form's
    const done = await h.submitLastModal(USERS.vara, { title: 'Fra snarveien', kind: 'topic', category: 'annet', meeting: '2027-01-20' });
    expect(blocksText((done.json!.view as Modal).blocks)).toMatch(/TEAM-2027-001/);
    expect((await app.store.read.item('TEAM-2027-001'))!.sourceLink).toBeUndefined();

    await h.globalShortcut(USERS.fremmed);
    const refused = lastOpened(h);
    expect(refused.ok).toBe(true);
    expect(modalText(refused.view)).toContain('Du er ikke med i noe forum du kan melde saker til. Ta kontakt med SLT-koordinator Kari Koordinator.');
  });
});
