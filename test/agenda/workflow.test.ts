import type { SqliteApp } from '../../src/app';
import { FakeClock, replyText, testApp } from '../helpers';

const CH = 'testby-team';
let clock: FakeClock;
let app: SqliteApp;
const say = (who: string, text: string, channelId: string | undefined = CH, requestId?: string) =>
  app.bot.handle({ platform: 'console', userId: who, text, ...(channelId ? { channelId } : {}), ...(requestId ? { requestId } : {}) });
const text = async (who: string, line: string, channelId?: string) => replyText(await say(who, line, channelId));
const refOf = (s: string) => /TEAM-\d{4}-\d{3}/.exec(s)![0];

beforeEach(async () => {
  clock = new FakeClock('2027-01-08T10:00');
  app = await testApp(clock);
});
afterEach(() => app.close());

describe('submitting', () => {
  test('an item before the deadline goes to the next meeting as submitted, deciders get a DM card', async () => {
    const out = await text('politi', 'agenda add "Uro på ungdomsklubben" Flere meldinger om uro i helgene');
    const ref = refOf(out);
    expect(ref).toBe('TEAM-2027-001');
    expect(out).toMatch(/meldt opp som TEAM-2027-001 til møtet onsdag 20\. januar 2027 kl\. 09:00/);
    const item = (await app.store.read.item(ref))!;
    expect(item).toMatchObject({ state: 'submitted', late: false, kind: 'topic', title: 'Uro på ungdomsklubben', meetingId: 'testby/team/2027-01-20' });
    const dms = (await app.store.outbox.list()).filter((r) => r.targetKind === 'dm' && r.platform === 'console');
    expect(dms.map((r) => r.target).sort()).toEqual(['koord', 'leder']);
    expect(dms[0]!.view.actions!.map((a) => a.verb)).toEqual(['approve', 'reject', 'defer', 'ask']);
  });

  test('exactly at the deadline is in time, one second after is late', async () => {
    clock.set('2027-01-13T09:00:00'); // deadline of the 20 January meeting
    expect((await app.store.read.item(refOf(await text('politi', 'agenda add "Akkurat i tide"'))))!.state).toBe('submitted');
    clock.set('2027-01-13T09:00:01');
    const out = await text('politi', 'agenda add "Ett sekund for sent"');
    const late = (await app.store.read.item(refOf(out)))!;
    expect(late).toMatchObject({ state: 'late', late: true, meetingId: 'testby/team/2027-01-20' });
    expect(out).toMatch(/kom etter fristen \(onsdag 13\. januar 2027 kl\. 09:00\)/);
    expect(out).toMatch(/ellers flyttes den til møtet onsdag 3\. februar 2027/);
    const dm = (await app.store.outbox.list()).find((r) => r.target === 'leder' && r.view.itemRef === late.ref)!;
    // a late item's three choices first; a question may be asked too (the life cycle allows it from `late`)
    expect(dm.view.actions!.map((a) => a.label)).toEqual(['Ta med likevel', 'Flytt til neste møte', 'Avslå', 'Spør']);
  });

  test('the deadline boundary in the week DST starts (meeting 2027-03-31, deadline 2027-03-24 09:00 CET)', async () => {
    clock.set('2027-03-24T09:00:00');
    expect((await app.store.read.item(refOf(await text('politi', 'agenda add "I tide"'))))!.state).toBe('submitted');
    clock.set('2027-03-24T09:00:01');
    expect((await app.store.read.item(refOf(await text('politi', 'agenda add "For sent"'))))!.state).toBe('late');
    expect((await app.store.read.meeting('testby/team/2027-03-31'))!.deadlineUtc).toBe('2027-03-24T08:00:00.000Z');
    expect((await app.store.read.meeting('testby/team/2027-03-31'))!.startUtc).toBe('2027-03-31T07:00:00.000Z');
  });

  test('personal data is refused, not stored, not echoed', async () => {
    const out = await text('politi', 'agenda add "Elev 01019912345" ring 41234567');
    expect(out).not.toMatch(/41234567|01019912345/);
    // 01019912345 may or may not have valid check digits; the phone number alone is enough to refuse
    expect(out).toMatch(/telefonnummer/);
    expect(app.db.prepare('SELECT COUNT(*) AS n FROM agenda_items').get()).toEqual({ n: 0 });
    expect(JSON.stringify(app.db.prepare('SELECT * FROM audit_log').all())).not.toMatch(/41234567/);
  });

  test('a case in a forum that takes no cases is refused with an explanation', async () => {
    expect(await text('politi', 'agenda add "Sak" --case --forum rad')).toMatch(/tar ikke opp enkeltsaker/);
  });

  test('a retried delivery with the same request id creates one item', async () => {
    const a = await say('politi', 'agenda add "Samme sak"', CH, 'retry-1');
    const b = await say('politi', 'agenda add "Samme sak"', CH, 'retry-1');
    expect(b).toEqual(a);
    expect(app.db.prepare('SELECT COUNT(*) AS n FROM agenda_items').get()).toEqual({ n: 1 });
  });

  test('without arguments a form is returned; a form submission with problems comes back per field', async () => {
    const reply = await say('politi', 'agenda add');
    expect(reply.views[0]!.kind).toBe('form');
    const form = reply.views[0]!.form!;
    expect(form.fields.map((f) => f.id)).toEqual(['title', 'description', 'kind', 'category', 'meeting']);
    const bad = await app.bot.handle({ platform: 'console', userId: 'politi', text: '', form: { id: 'agenda-add', context: form.context, values: { title: '', description: 'e-post ola@example.org', kind: 'case', meeting: form.fields[4]!.choices![0]!.value } } });
    expect(Object.keys(bad.views[0]!.fieldErrors!).sort()).toEqual(['description', 'title']);
    const good = await app.bot.handle({ platform: 'console', userId: 'politi', text: '', form: { id: 'agenda-add', context: form.context, values: { title: 'Fra skjema', kind: 'topic', category: 'rus', meeting: '2027-02-03' } } });
    expect(await app.store.read.item(refOf(replyText(good)))).toMatchObject({ title: 'Fra skjema', category: 'rus', meetingId: 'testby/team/2027-02-03' });
  });
});

describe('deciding', () => {
  test('transitions are validated: approving a rejected item, acting on a held meeting', async () => {
    const ref = refOf(await text('politi', 'agenda add "Tema"'));
    expect(await text('leder', `reject ${ref}`)).toMatch(/Skriv en begrunnelse/);
    expect(await text('leder', `reject ${ref} Hører hjemme i koordineringsgruppa`)).toMatch(/er avvist/);
    expect(await text('leder', `approve ${ref}`)).toBe(`${ref} er avvist og kan ikke behandles videre. Innsenderen kan melde saken opp på nytt.`);
    const ref2 = refOf(await text('politi', 'agenda add "Tema 2"'));
    const ref3 = refOf(await text('politi', 'agenda add "Tema 3"'));
    await text('leder', `approve ${ref3}`);
    clock.set('2027-01-20T09:00');
    // an undecided item of a meeting that has started counts for the next meeting; one on the agenda stays where it was
    expect(await text('leder', `approve ${ref2}`)).toMatch(/er godkjent[\s\S]*Møtet onsdag 20\. januar 2027 kl\. 09:00 var allerede begynt, så dette gjelder møtet onsdag 3\. februar 2027/);
    expect(await app.store.read.item(ref2)).toMatchObject({ state: 'approved', meetingId: 'testby/team/2027-02-03', carriedFrom: 'testby/team/2027-01-20' });
    expect(await text('leder', `defer ${ref3} next`)).toMatch(/allerede holdt/);
    expect(await text('politi', `withdraw ${ref3}`)).toMatch(/allerede holdt/);
  });

  test('a case needs consent before approval; agencies outside the consent leave the meeting', async () => {
    // submitted by vara (Barnevernet, inside the consent); politi (Politiet) is outside it and reads the agenda
    const ref = refOf(await text('vara', 'agenda add "Bekymring for elev i 10. trinn" Gjentatt fravær --case --category skolefravaer'));
    expect(await text('koord', `approve ${ref}`)).toMatch(/kan ikke godkjennes før samtykke/);
    expect(await text('koord', `consent ${ref} --guardian-signed 2027-01-05`)).toMatch(/Oppgi hvilke instanser/);
    // an agency spelled unlike the configuration would silently send that agency out: refused, with the closest one
    expect(await text('koord', `consent ${ref} --guardian-signed 2027-01-05 --agencies Helse,Barnevern`))
      .toMatch(/Kjenner ikke instansen «Barnevern» – mente du «Barnevernet»\? Instansene i kommunen: Barnevernet, Helse, Kommunen, Politiet, Skolen\./);
    expect(await app.store.read.consent(ref)).toBeUndefined();
    expect(await text('koord', `consent ${ref} --guardian-signed 2027-01-05 --agencies helse,Barnevernet --parents-attend`)).toMatch(/Samtykke for .* Instanser: Helse, Barnevernet\./);
    expect(await text('koord', `approve ${ref}`)).toMatch(/er godkjent/);
    const agenda = await text('politi', 'agenda');
    expect(agenda).toMatch(new RegExp(`${ref} · Enkeltsak \\(skolefravær\\) · Foresatte deltar · Forlater møtet under saken: Politiet`));
    expect(agenda).not.toMatch(/Bekymring for elev/);
    expect(await text('koord', `log ${ref}`)).toMatch(/submit[\s\S]*consent[\s\S]*approve/);
  });

  test('consent that expires before the meeting blocks approval', async () => {
    const ref = refOf(await text('politi', 'agenda add "Sak" --case'));
    await text('koord', `consent ${ref} --guardian-signed 2027-01-01 --agencies Politiet --expires 2027-01-10`);
    expect(await text('koord', `approve ${ref}`)).toMatch(/gjelder bare til 10\.01\.2027, og møtet er 20\.01\.2027/);
  });

  test('ask and answer, defer to next, withdraw by the submitter only', async () => {
    const ref = refOf(await text('politi', 'agenda add "Tema"'));
    expect(await text('leder', `ask ${ref} Gjelder dette flere skoler?`)).toMatch(/Spørsmålet er sendt/);
    expect((await app.store.read.item(ref))!.state).toBe('needs-info');
    expect(await text('vara', `answer ${ref} Ja`)).toMatch(/Bare den som meldte saken/);
    expect(await text('politi', `answer ${ref} Ja, to skoler`)).toMatch(/venter igjen/);
    expect((await app.store.read.item(ref))!.state).toBe('submitted');
    expect(await text('leder', `defer ${ref} next`)).toMatch(/utsatt til møtet onsdag 3\. februar 2027/);
    expect(await app.store.read.item(ref)).toMatchObject({ state: 'deferred', meetingId: 'testby/team/2027-02-03', carriedFrom: 'testby/team/2027-01-20' });
    expect(await text('politi', `withdraw ${ref}`)).toMatch(/er trukket/);
  });

  test('a late item can be moved to the next meeting, where it is in time', async () => {
    clock.set('2027-01-14T10:00');
    const ref = refOf(await text('politi', 'agenda add "Sent"'));
    expect(await text('leder', `defer ${ref}`)).toMatch(/flyttet til møtet onsdag 3\. februar/);
    expect(await app.store.read.item(ref)).toMatchObject({ state: 'submitted', late: false, meetingId: 'testby/team/2027-02-03' });
  });

  test('publish posts the public agenda to the channel; a second publish replaces it', async () => {
    const ref = refOf(await text('politi', 'agenda add "Rusmidler på fest" --category rus'));
    await text('leder', `approve ${ref}`);
    await text('politi', 'agenda add "Ikke godkjent ennå"');
    expect(await text('leder', 'publish')).toMatch(/publisert/);
    const posts = (await app.store.outbox.list()).filter((r) => r.targetKind === 'channel' && r.platform === 'console');
    expect(posts).toHaveLength(1);
    const body = JSON.stringify(posts[0]!.view);
    expect(body).toMatch(/Rusmidler på fest/);
    expect(body).not.toMatch(/Ikke godkjent ennå/);
    await text('leder', 'publish');
    const again = (await app.store.outbox.list()).filter((r) => r.targetKind === 'channel' && r.platform === 'console');
    expect(again[1]!.replacesKey).toBe(`${posts[0]!.key}`);
  });

  test('after publication, a change the channel would see updates the posted agenda in place; other changes do not', async () => {
    const first = refOf(await text('politi', 'agenda add "Første tema"'));
    const pending = refOf(await text('politi', 'agenda add "Andre tema"'));
    const kase = refOf(await text('politi', 'agenda add "Sak" --case'));
    await text('leder', `approve ${first}`);
    await text('leder', 'publish');
    const agendaPosts = async () => (await app.store.outbox.list()).filter((r) => r.targetKind === 'channel' && r.platform === 'console' && r.key.startsWith('agenda:'));
    expect(await agendaPosts()).toHaveLength(1);
    await text('leder', `ask ${pending} Hvilken skole gjelder det?`); // pending items are not in the public agenda
    expect(await agendaPosts()).toHaveLength(1);
    await text('leder', `approve ${pending}`); // not allowed from needs-info: nothing changes
    await text('politi', `answer ${pending} Ungdomsskolen`);
    await text('leder', `approve ${pending}`);
    expect(await agendaPosts()).toHaveLength(2);
    expect((await agendaPosts())[1]).toMatchObject({ replacesKey: (await agendaPosts())[0]!.key });
    expect(JSON.stringify((await agendaPosts())[1]!.view)).toMatch(/Første tema[\s\S]*Andre tema/);
    await text('koord', `consent ${kase} --guardian-signed 2027-01-05 --agencies Helse,Politiet`);
    expect(await agendaPosts()).toHaveLength(2); // consent of an item not on the public agenda
    await text('koord', `approve ${kase}`);
    expect(JSON.stringify((await agendaPosts())[2]!.view)).toMatch(new RegExp(`${kase} · Enkeltsak \\(annet\\) · Forlater møtet under saken: Barnevernet`));
    await text('politi', `withdraw ${first}`);
    expect(JSON.stringify((await agendaPosts())[3]!.view)).not.toMatch(/Første tema/);
    expect((await agendaPosts()).map((r) => r.replacesKey ?? null)).toEqual([null, ...Array(3).fill((await agendaPosts())[0]!.key)]);
  });
});

describe('a reason or question asked as a form', () => {
  test('reject without a reason gives the decider a one-field form; its submission decides; personal data comes back on the field', async () => {
    const ref = refOf(await text('politi', 'agenda add "Tema"'));
    const reply = await say('leder', `reject ${ref}`);
    const form = reply.views[0]!.form!;
    expect(form).toMatchObject({ id: 'decision-text', context: { verb: 'reject', ref }, fields: [{ id: 'text', label: 'Begrunnelse' }] });
    const submit = (value: string) => app.bot.handle({ platform: 'console', userId: 'leder', text: '', form: { id: form.id, context: form.context, values: { text: value } } });
    const bad = await submit('Ring 41234567');
    expect(bad.views[0]!.fieldErrors!.text).toMatch(/telefonnummer/);
    expect(bad.views[0]!.form!.id).toBe('decision-text');
    expect((await app.store.read.item(ref))!.state).toBe('submitted');
    expect(replyText(await submit('Passer bedre i koordineringsgruppa'))).toMatch(/er avvist/);
    expect(await app.store.read.item(ref)).toMatchObject({ state: 'rejected', reason: 'Passer bedre i koordineringsgruppa' });
  });

  test('someone without the right gets the refusal, not the form', async () => {
    const ref = refOf(await text('politi', 'agenda add "Tema"'));
    const reply = await say('vara', `ask ${ref}`);
    expect(reply.views[0]!.form).toBeUndefined();
    expect(replyText(reply)).toMatch(/Bare innkaller eller SLT-koordinator/);
  });
});
