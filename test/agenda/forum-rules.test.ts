import type { App } from '../../src/app';
import { Municipality } from '../../src/core/model/municipality';
import { FakeClock, fixtureInput, replyText, testApp } from '../helpers';

let app: App;
let clock: FakeClock;
const say = async (who: string, text: string, channelId = 'testby-team') => replyText(await app.bot.handle({ platform: 'console', userId: who, channelId, text }));
const ref = (s: string) => /[A-Z]+-\d{4}-\d{3}/.exec(s)![0];

async function start(patch: (input: ReturnType<typeof fixtureInput>) => void = () => {}, at = '2027-01-08T10:00') {
  clock = new FakeClock(at);
  const input = fixtureInput();
  patch(input);
  app = await testApp(clock, [Municipality.parse(input)]);
}
afterEach(() => app.close());

test('a member refused a decision is told whom to contact, by name', async () => {
  await start();
  const r = ref(await say('politi', 'agenda add "Tema"'));
  expect(await say('politi', `approve ${r}`)).toBe('Bare innkaller eller SLT-koordinator kan behandle saker. Ta kontakt med Lise Teamleder (Teamleder) eller Kari Koordinator (SLT-koordinator).');
  expect(await say('leder', 'bind team')).toBe('Bare SLT-koordinator kan knytte kanaler til fora. Ta kontakt med Kari Koordinator (SLT-koordinator).');
});

test('the referral rule names the forum\'s actual convener by job title', async () => {
  await start();
  expect(await say('politi', 'next')).toMatch(/Saker meldes til teamleder senest 7 dager før møtet\./);
  expect(await say('politi', 'next rad')).toMatch(/Saker meldes til SLT-koordinator senest 7 dager før møtet\./);
});

describe('a forum without a referral deadline (people make contact beforehand)', () => {
  beforeEach(() => start((i) => { i.forums![0]!.referralDeadlineDays = null; }));

  test('an item counts for the meeting until it starts; the rule and the meeting say so', async () => {
    clock.set('2027-01-20T08:59');
    const out = await say('politi', 'agenda add "Rett før møtet"');
    expect(await app.store.read.item(ref(out))).toMatchObject({ state: 'submitted', late: false, meetingId: 'testby/team/2027-01-20' });
    expect(out).toMatch(/meldt opp som TEAM-2027-001 til møtet onsdag 20\. januar 2027 kl\. 09:00; innkaller avgjør/);
    const next = await say('politi', 'next');
    expect(next).toMatch(/Frist for å melde saker: ingen fast frist; ta kontakt før møtet/);
    expect(next).toMatch(/Forumet har ingen frist for å melde saker: ta kontakt med teamleder før møtet\./);
  });

  test('no deadline reminders; the agenda is published on the meeting\'s morning, and that post is the reminder', async () => {
    clock.set('2027-01-12T00:00');
    for (let i = 0; i < 9 * 24; i++) {
      await app.runDue();
      clock.advance({ hours: 1 });
    }
    const channel = (await app.store.outbox.list()).filter((r) => r.platform === 'console' && r.targetKind === 'channel' && r.key.includes('2027-01-20'));
    expect(channel.map((r) => r.key.split('@')[0])).toEqual(['agenda:testby/team/2027-01-20:v1']);
    expect((await app.store.read.publication('testby/team/2027-01-20'))!.publishedAt).toBe('2027-01-20T07:00:00.000Z'); // 08:00 Oslo
  });
});

test('a late item when no later meeting is planned: a whole sentence', async () => {
  await start((i) => { i.forums![0]!.cadence = { kind: 'dates', dates: ['2027-01-20'] }; });
  clock.set('2027-01-14T10:00');
  expect(await say('politi', 'agenda add "Sent"')).toMatch(/ellers flyttes den til neste møte når et nytt møte er planlagt\./);
});

test('a raised item shows its link on both agendas, under the receiving forum\'s standing item for items from other levels', async () => {
  await start((i) => {
    i.forums![1]!.standingItems = ['Vold og overgrep mot barn', 'Saker fra andre nivåer'];
    i.forums![1]!.raisedItemsUnder = 'Saker fra andre nivåer';
  });
  const r = ref(await say('politi', 'agenda add "Uro ved ungdomsklubben"'));
  await say('leder', `approve ${r}`);
  const raised = ref((await say('leder', `raise ${r} rad`)).replace(r, ''));
  await say('koord', `approve ${raised}`);
  expect(await say('politi', 'agenda')).toMatch(new RegExp(`• ${r} · Tema: Uro ved ungdomsklubben \\(annet\\) \\(Løftet til ${raised}\\)`));
  const rad = await say('koord', 'agenda rad');
  expect(rad).toMatch(new RegExp(`Faste punkter\\n• Vold og overgrep mot barn\\n• Saker fra andre nivåer\\n   • ${raised} · Tema: Uro ved ungdomsklubben \\(annet\\) \\(Løftet fra ${r}\\)\\nSaker\\nIngen saker ennå\\.`));
});

test('raisedItemsUnder must name one of the forum\'s standing items', () => {
  const input = fixtureInput();
  input.forums![1]!.raisedItemsUnder = 'Finnes ikke';
  const parsed = Municipality.safeParse(input);
  expect(parsed.success).toBe(false);
  expect(parsed.error!.issues[0]).toMatchObject({ path: ['forums', 1, 'raisedItemsUnder'] });
  expect(parsed.error!.issues[0]!.message).toMatch(/must be one of the forum's standingItems \("Vold og overgrep mot barn"\)/);
});

test('the submitter of a case is shown the municipality\'s consent form, where the forum links one', async () => {
  await start((i) => { i.forums![0]!.consentFormUrl = 'https://www.example.org/testby/samtykkeskjema.docx'; });
  const reply = await app.bot.handle({ platform: 'console', userId: 'politi', channelId: 'testby-team', text: 'agenda add "Elev" --case' });
  expect(reply.views[0]!.link).toEqual({ label: 'Kommunens samtykkeskjema', url: 'https://www.example.org/testby/samtykkeskjema.docx' });
  expect(replyText(reply)).toMatch(/kommer på sakslisten først når samtykke/);
  const topic = await app.bot.handle({ platform: 'console', userId: 'politi', channelId: 'testby-team', text: 'agenda add "Tema"' });
  expect(topic.views[0]!.link).toBeUndefined();
  const form = (await app.bot.handle({ platform: 'console', userId: 'politi', channelId: 'testby-team', text: 'agenda add' })).views[0]!.form!;
  expect(form.fields.find((f) => f.id === 'kind')!.hint).toMatch(/samtykkeskjema: https:\/\/www\.example\.org\/testby\/samtykkeskjema\.docx/);
  expect(Municipality.safeParse({ ...fixtureInput(), forums: [{ ...fixtureInput().forums![0]!, consentFormUrl: 'javascript:alert(1)' }] }).success).toBe(false);
});
