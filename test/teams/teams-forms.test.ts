import { FakeClock, testApp } from '../helpers';
import { cardProblems } from './card-validation';
import { AAD, TeamsHarness } from './teams-harness';

type CardJson = { body: { type: string; id?: string; text?: string; value?: string; color?: string; inlines?: { text?: string; color?: string }[] }[]; actions?: { verb: string; data: Record<string, unknown> }[] };
/** the text of a card element: a TextBlock's, or the runs of a RichTextBlock (how the adapter shows every text) */
const textOf = (b: CardJson['body'][number] | undefined) => b?.text ?? b?.inlines?.map((r) => r.text ?? '').join('');

test('a refused form keeps its heading and everything typed, except text the personal-data guard refused', async () => {
  const clock = new FakeClock('2027-01-08T10:00');
  const app = await testApp(clock);
  const h = await new TeamsHarness(app).start();
  try {
    await h.installPersonal(AAD.politi);
    await h.message(AAD.politi, 'agenda add --forum team', { personal: true });
    const opened = h.connector.to(h.personalConversation(AAD.politi)).at(-1)!;
    const form = (opened.body.attachments as { content: CardJson }[])[0]!.content;
    expect(cardProblems(form)).toEqual([]);
    const submit = form.actions!.find((a) => a.verb === 'form')!;
    const typed = { title: 'Ring 41234567', description: 'Mye uro i helgene', kind: 'case', category: 'rus', meeting: '2027-02-03' };
    const r = await h.invoke(AAD.politi, 'form', { ...submit.data, ...typed }, opened.resultId!);
    const card = r.body!.value as CardJson;
    expect(textOf(card.body[0])).toBe('Meld opp sak');
    const input = (id: string) => card.body.find((b) => b.id === id)!;
    expect(input('description').value).toBe('Mye uro i helgene');
    expect(input('kind').value).toBe('case');
    expect(input('category').value).toBe('rus');
    expect(input('meeting').value).toBe('2027-02-03');
    expect(input('title').value).toBeUndefined(); // never echoed
    expect(JSON.stringify(card)).not.toContain('41234567');
    const titleError = card.body[card.body.indexOf(input('title')) + 1]!;
    expect(titleError.inlines?.[0]).toMatchObject({ color: 'Attention', text: expect.stringMatching(/telefonnummer/) });
    expect(cardProblems(card)).toEqual([]);
    // a text refused only for its length is kept, so it can be shortened
    const long = 'x'.repeat(151);
    const r2 = await h.invoke(AAD.politi, 'form', { ...submit.data, ...typed, title: long }, opened.resultId!);
    expect((r2.body!.value as CardJson).body.find((b) => b.id === 'title')!.value).toBe(long);
    // corrected, it is taken
    await h.invoke(AAD.politi, 'form', { ...submit.data, ...typed, title: 'Uro ved klubben' }, opened.resultId!);
    expect(await app.store.read.item('TEAM-2027-001')).toMatchObject({ title: 'Uro ved klubben', description: 'Mye uro i helgene', kind: 'case', category: 'rus', meetingId: 'testby/team/2027-02-03' });
  } finally {
    await h.stop();
    await app.close();
  }
});

test('a refused reason keeps the form heading and the text when it was only too long', async () => {
  const clock = new FakeClock('2027-01-08T10:00');
  const app = await testApp(clock);
  const h = await new TeamsHarness(app).start();
  try {
    await h.installPersonal(AAD.leder);
    await h.message(AAD.politi, 'agenda add "Tema"');
    const formCard = (await h.invoke(AAD.leder, 'reject', { ref: 'TEAM-2027-001' }, 'card-1')).body!.value as CardJson;
    const submit = formCard.actions!.find((a) => a.verb === 'form')!;
    const long = 'y'.repeat(2001);
    const card = (await h.invoke(AAD.leder, 'form', { ...submit.data, text: long }, 'card-1')).body!.value as CardJson;
    expect(textOf(card.body[0])).toBe('Avvis TEAM-2027-001');
    expect(card.body.find((b) => b.id === 'text')!.value).toBe(long);
  } finally {
    await h.stop();
    await app.close();
  }
});
