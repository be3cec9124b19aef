import type { SqliteApp } from '../../src/app';
import type { CommandRequest } from '../../src/core/commands/types';
import type { Reply } from '../../src/core/model/view';
import { FakeClock, replyText, testApp } from '../helpers';

/**
 * Every text a person sends is checked for length first (each field against its own limit, the
 * whole line against LINE_MAX) and cleaned of control, bidi and invisible characters once, in
 * SltBot.handle, on every path (typed line, form values, form context). Issue 13, findings 1 and 4.
 */
let app: SqliteApp;
let n = 0;
beforeEach(async () => {
  app = await testApp(new FakeClock('2027-01-08T10:00'));
});
afterEach(() => app.close());

const handle = (extra: Partial<CommandRequest>): Promise<Reply> =>
  app.bot.handle({ platform: 'console', userId: 'politi', channelId: 'testby-team', text: '', requestId: `in-${++n}`, ...extra });
const say = async (text: string, userId = 'politi') => replyText(await handle({ text, userId }));
const form = (values: Record<string, string>, context: Record<string, string> = { municipality: 'testby', forum: 'team' }) =>
  handle({ form: { id: 'agenda-add', context, values: { kind: 'topic', category: 'annet', meeting: '2027-01-20', ...values } } });
const items = () => (app.db.prepare('SELECT COUNT(*) AS n FROM agenda_items').get() as { n: number }).n;

describe('limits first (finding 1)', () => {
  test('a title over 150 characters is refused for its length, even when it also holds a phone number (the guard never reads it)', async () => {
    const out = await say(`agenda add "${'x'.repeat(140)} ring 41234567"`);
    expect(out).toBe('Tittel kan være høyst 150 tegn.');
    expect(items()).toBe(0);
  });

  test('a description over 2,000 characters, a reason and a note: each refused with its field and its limit', async () => {
    expect(await say(`agenda add "Tema" ${'y'.repeat(2001)}`)).toBe('Beskrivelse kan være høyst 2000 tegn.');
    await say('agenda add "Tema"');
    expect(await say(`reject TEAM-2027-001 ${'z'.repeat(2001)}`, 'leder')).toBe('Teksten kan være høyst 2000 tegn.');
    expect((await app.store.read.item('TEAM-2027-001'))!.state).toBe('submitted');
  });

  test('a typed line over 4,000 characters is refused at once, naming the limit', async () => {
    expect(await say(`agenda add "Tema" ${'w'.repeat(4000)}`)).toMatch(/en kommando kan være høyst 4000 tegn/);
    expect(items()).toBe(0);
  });

  test('a flag value over its limit is refused naming the flag and the limit', async () => {
    await say('agenda add "Sak" --case');
    expect(await say(`consent TEAM-2027-001 --legal-basis ${'l'.repeat(501)}`, 'koord')).toBe('--legal-basis kan være høyst 500 tegn.');
    expect(await say(`consent TEAM-2027-001 --legal-basis Lov --covers ${'c'.repeat(501)}`, 'koord')).toBe('--covers kan være høyst 500 tegn.');
    expect(await say(`agenda add "Tema" --forum ${'f'.repeat(101)}`)).toBe('--forum kan være høyst 100 tegn.');
    expect(await app.store.read.consent('TEAM-2027-001')).toBeUndefined();
  });

  test('form values: the title over its limit comes back on its field; an oversized value or too many fields are refused at once', async () => {
    const long = await form({ title: 't'.repeat(151) });
    expect(long.views[0]!.fieldErrors).toEqual({ title: 'Tittel kan være høyst 150 tegn.' });
    const huge = await form({ title: 'Tema', description: 'd'.repeat(4001) });
    expect(huge.views[0]!.fieldErrors).toEqual({ description: 'description kan være høyst 4000 tegn.' });
    const many = await form(Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`f${i}`, 'x'])));
    expect(replyText(many)).toMatch(/flere felt enn boten tar imot/);
    expect(items()).toBe(0);
  });

  test('what a refusal repeats of the user text is at most 40 characters', async () => {
    const out = await say(`item ${'Q'.repeat(500)}`);
    expect(out).toMatch(/^Finner ingen sak med referansen Q{39}…\.$/);
    expect(await say(`${'k'.repeat(300)}`)).toMatch(/kommandoen «k{39}…»/);
  });

  test('a flag named like an object property is an unknown flag, not a crash', async () => {
    expect(await say('agenda add "Tema" --constructor x')).toMatch(/Valget --constructor finnes ikke/);
    expect(await say('agenda add "Tema" --__proto__ x')).toMatch(/Valget --__proto__ finnes ikke/);
    expect(items()).toBe(0);
  });

  test('a very long delivery id is remembered by its hash: the retry is answered from memory and acts once', async () => {
    const id = 'r'.repeat(10_000);
    const first = await handle({ text: 'agenda add "Bare én gang"', requestId: id });
    const again = await handle({ text: 'agenda add "Bare én gang"', requestId: id });
    expect(replyText(again)).toBe(replyText(first));
    expect(items()).toBe(1);
    const keys = app.db.prepare('SELECT request_key FROM processed_requests').all() as { request_key: string }[];
    expect(Math.max(...keys.map((k) => k.request_key.length))).toBeLessThan(100);
  });
});

describe('control, bidi and invisible characters are stripped on input, on every path (finding 4)', () => {
  const HOSTILE = 'Uro\u202e ved\u0000 klubben\u001b[31m\u2066\u200b\u00ad\ufeff\ud800';

  test('typed title and description', async () => {
    await say(`agenda add "${HOSTILE}" Mer\u0007 om\u0085 saken\u2028neste linje\r\nog\u202a den siste`);
    const item = (await app.store.read.item('TEAM-2027-001'))!;
    expect(item.title).toBe('Uro ved klubben[31m');
    expect(item.description).toBe('Mer om saken neste linje og den siste'); // typed words are joined by spaces
  });

  test('form values and a reason given in a form', async () => {
    await form({ title: HOSTILE, description: 'a\u202eb' });
    expect(await app.store.read.item('TEAM-2027-001')).toMatchObject({ title: 'Uro ved klubben[31m', description: 'ab' });
    await handle({ userId: 'leder', form: { id: 'decision-text', context: { verb: 'reject', ref: 'TEAM-2027-001\u0000' }, values: { text: `Avvist\u202e ${HOSTILE}` } } });
    expect(await app.store.read.item('TEAM-2027-001')).toMatchObject({ state: 'rejected', reason: 'Avvist Uro ved klubben[31m' });
  });

  test('emoji sequences and letters survive', async () => {
    await say('agenda add "Familie 👨‍👩‍👧 på tur, ÆØÅ æøå ü ñ"');
    expect((await app.store.read.item('TEAM-2027-001'))!.title).toBe('Familie 👨‍👩‍👧 på tur, ÆØÅ æøå ü ñ');
  });

  test('invisible characters cannot hide personal data from the guard', async () => {
    expect(await say('agenda add "Ring 4123\u200b4567 i kveld"')).toMatch(/telefonnummer/);
    expect(await say('agenda add "Skriv til ola\u00ad@example.org"')).toMatch(/e-postadresse/);
    expect(items()).toBe(0);
  });

  test('nothing stored anywhere holds a control or bidi character', async () => {
    await say(`agenda add "${HOSTILE}" ${HOSTILE} --case`);
    await say(`ask TEAM-2027-001 Hvem\u202e?`, 'leder');
    await say(`answer TEAM-2027-001 Svar\u0000\u001b[2J`);
    const dump = JSON.stringify([
      app.db.prepare('SELECT * FROM agenda_items').all(),
      app.db.prepare('SELECT * FROM outbox').all(),
      app.db.prepare('SELECT * FROM processed_requests').all(),
    ]);
    // JSON writes control characters as \u00XX escapes and leaves the others as they are
    expect(dump).not.toMatch(/\\u00[01][0-9a-f]|[\u007f-\u009f\u202a-\u202e\u2066-\u2069\u200b\ufeff]/i);
    expect(await app.store.read.item('TEAM-2027-001')).toMatchObject({ question: 'Hvem?', answer: 'Svar[2J' });
  });
});
