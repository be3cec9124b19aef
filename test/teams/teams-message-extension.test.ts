import type { App } from '../../src/app';
import { FakeClock, fixture, testApp, dumpAllTables } from '../helpers';
import { cardProblems } from './card-validation';
import { activityText } from './fake-connector';
import { AAD, TeamsHarness } from './teams-harness';

type Input = { type: string; id?: string; text?: string; value?: string; color?: string; choices?: { value: string }[] };
type Card = { body: Input[]; actions?: { type: string; title: string; data: Record<string, unknown> }[] };
type TaskResponse = { task: { type: string; value: { title?: string; card?: { contentType: string; content: Card } } | string } };

const LINK = 'https://teams.microsoft.com/l/message/19:team@thread.tacv2/1700000000123?tenantId=t1&parentMessageId=1700000000123&createdTime=1700000000123';
const messagePayload = (html: string) => ({
  id: '1700000000123', createdDateTime: '2027-01-08T09:00:00Z', messageType: 'message', linkToMessage: LINK,
  body: { contentType: 'html', content: html }, from: { user: { id: 'aad-vara', displayName: 'Vera Vara' } },
});
const fetchTask = (h: TeamsHarness, aad: string, value: Record<string, unknown>, opts: { personal?: boolean; thread?: string } = {}) =>
  h.extension(aad, 'composeExtension/fetchTask', { commandId: 'addToAgenda', context: { theme: 'default' }, ...value }, opts);
const dialogCard = (r: { status: number; body: Record<string, unknown> | undefined }) => {
  const t = (r.body as TaskResponse).task;
  expect(t.type).toBe('continue');
  const v = t.value as { title: string; card: { contentType: string; content: Card } };
  expect(v.card.contentType).toBe('application/vnd.microsoft.card.adaptive');
  return { title: v.title, card: v.card.content };
};
const input = (c: Card, id: string) => c.body.find((b) => b.id === id);
const text = (c: Card) => activityText({ attachments: [{ content: c }] });
/** Submit the dialog's form as Teams does: the submit button's data merged with the values typed. */
const submit = (h: TeamsHarness, aad: string, card: Card, values: Record<string, string>, opts: { personal?: boolean; thread?: string } = {}) =>
  h.extension(aad, 'composeExtension/submitAction', { commandId: 'addToAgenda', commandContext: 'message', data: { ...card.actions![0]!.data, ...values } }, opts);

describe('Teams: "Meld opp som SLT-sak" on a message (message extension)', () => {
  let app: App;
  let h: TeamsHarness;
  beforeEach(async () => {
    app = await testApp(new FakeClock('2027-01-08T10:00'), [fixture()]);
    h = await new TeamsHarness(app).start();
  });
  afterEach(async () => {
    await h.stop();
    await app.close();
  });

  test('fetchTask on a channel message answers a valid dialog card prefilled from the message; submitAction creates the item with the link back and says where it went', async () => {
    const r = await fetchTask(h, AAD.politi, { commandContext: 'message', messagePayload: messagePayload('<p>Uro ved <at id="0">Vera Vara</at> sin klubb &amp; mer.</p><p>Se <a href="https://example.org/r">rapporten</a></p>') }, { thread: '1700000000123' });
    expect(r.status).toBe(200);
    const { title, card } = dialogCard(r);
    expect(title).toBe('Meld opp sak');
    expect(cardProblems(card)).toEqual([]);
    expect(input(card, 'description')!.value).toBe('Uro ved @Vera Vara sin klubb & mer.\nSe rapporten (https://example.org/r)');
    expect(input(card, 'forum')).toBeUndefined(); // the channel's forum
    expect(input(card, 'meeting')!.value).toBe('2027-01-20');
    expect(text(card)).toContain('Lenken til meldingen lagres med saken og vises bare for deg, innkaller og SLT-koordinator.');
    expect(card.actions).toEqual([{ type: 'Action.Submit', title: 'Send inn', data: { formId: 'agenda-add', context: { municipality: 'testby', forum: 'team', source: LINK } } }]);

    const done = await submit(h, AAD.politi, card, { title: 'Uro ved klubben', description: input(card, 'description')!.value!, kind: 'topic', category: 'miljo', meeting: '2027-01-20' }, { thread: '1700000000123' });
    const answer = dialogCard(done);
    expect(cardProblems(answer.card)).toEqual([]);
    expect(text(answer.card)).toMatch(/Saken er meldt opp som TEAM-2027-001 til møtet onsdag 20\. januar 2027 kl\. 09:00/);
    // no buttons to act with in the answer: only the link back to the message (shown to its submitter)
    expect(answer.card.actions).toEqual([{ type: 'Action.OpenUrl', title: 'Meldingen saken kom fra', url: LINK }]);
    expect(await app.store.read.item('TEAM-2027-001')).toMatchObject({ title: 'Uro ved klubben', submitterId: 'politi', sourceLink: LINK });
    // the deciders' card links back to the message
    await h.installPersonal(AAD.leder);
    await app.dispatcher([h.adapter.chatPort], { sleep: async () => {} }).run();
    const dm = h.connector.to(h.personalConversation(AAD.leder)).map((c) => JSON.stringify(c.body)).join('\n');
    expect(dm).toContain(JSON.stringify({ type: 'Action.OpenUrl', title: 'Meldingen saken kom fra', url: LINK }));
  });

  test('personal data in the message: the dialog opens with the description empty and says why; nothing of it is stored', async () => {
    const r = await fetchTask(h, AAD.politi, { commandContext: 'message', messagePayload: messagePayload('<p>Ring mor på 412&nbsp;34&nbsp;567</p>') });
    const { card } = dialogCard(r);
    expect(cardProblems(card)).toEqual([]);
    expect(input(card, 'description')!.value).toBeUndefined();
    expect(text(card)).toContain('Teksten i meldingen er ikke kopiert inn, fordi den ser ut til å inneholde et telefonnummer.');
    expect(JSON.stringify(r.body)).not.toMatch(/412.{0,8}34.{0,8}567/);
    const dump = await dumpAllTables(app);
    expect(dump).not.toMatch(/412.{0,8}34.{0,8}567/);
  });

  test('a refused submission shows the dialog again with what was typed and the error at the field; from a personal chat the person picks the forum', async () => {
    const r = await fetchTask(h, AAD.politi, { commandContext: 'compose' }, { personal: true });
    const { card } = dialogCard(r);
    expect(cardProblems(card)).toEqual([]);
    expect(input(card, 'forum')!.choices!.map((c) => c.value)).toEqual(['testby/team', 'testby/rad']);
    expect(input(card, 'forum')!.value).toBe(''); // none chosen
    expect(input(card, 'description')!.value).toBeUndefined(); // from the compose box: nothing to prefill
    const refused = await submit(h, AAD.politi, card, { forum: 'testby/rad', title: 'Tema', description: 'Beskrivelse', kind: 'case', category: 'rus' }, { personal: true });
    const again = dialogCard(refused);
    expect(cardProblems(again.card)).toEqual([]);
    expect(again.title).toBe('Meld opp sak');
    expect(input(again.card, 'forum')!.value).toBe('testby/rad');
    expect(input(again.card, 'title')!.value).toBe('Tema');
    expect(input(again.card, 'description')!.value).toBe('Beskrivelse');
    expect(text(again.card)).toMatch(/Politirådet tar ikke opp enkeltsaker/);
    expect(await app.store.read.itemsBetween('testby', '0000', '9999')).toEqual([]); // nothing stored
    const taken = await submit(h, AAD.politi, again.card, { forum: 'testby/rad', title: 'Tema', description: 'Beskrivelse', kind: 'topic', category: 'rus' }, { personal: true });
    expect(text(dialogCard(taken).card)).toMatch(/RAD-2027-001/);
    expect((await app.store.read.item('RAD-2027-001'))!.sourceLink).toBeUndefined();
  });

  test('someone the bot does not know, or who is in no forum, gets a dialog saying whom to ask', async () => {
    const r = await fetchTask(h, AAD.fremmed, { commandContext: 'message', messagePayload: messagePayload('<p>Tema</p>') });
    const { card } = dialogCard(r);
    expect(cardProblems(card)).toEqual([]);
    expect(text(card)).toContain('Du er ikke med i noe forum du kan melde saker til. Ta kontakt med SLT-koordinator Kari Koordinator.');
    expect(card.actions).toBeUndefined();
  });
});
