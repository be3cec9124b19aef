/**
 * Issue 20: every word in the reader's language and platform. One test per finding of the issue,
 * each driven through the real core (and the real renderers of Slack, Teams and the console).
 */
import fs from 'node:fs';
import { createApp, type App } from '../../src/app';
import { ConsoleChatPort } from '../../adapters/console/console-chat-port';
import { consoleStamp, ConsoleSession, languageOfTarget } from '../../adapters/console/console-session';
import { formToModal, toMessages } from '../../adapters/slack/from-core';
import { cardText, viewsToCard, viewToCard } from '../../adapters/teams/from-core';
import { commandText } from '../../adapters/teams/to-core';
import { messages } from '../../src/core/i18n';
import { meetingDescription } from '../../src/core/views/calendar-entry';
import { FakeClock, fixture, replyText, testApp } from '../helpers';

const aukra = async (): Promise<App> => {
  const app = await createApp({ dbFile: ':memory:', data: 'data/municipalities', clock: new FakeClock('2027-01-11T10:00') });
  await app.sync();
  return app;
};

describe('Aukra (nynorsk) reads no bokmål', () => {
  let app: App;
  beforeAll(async () => { app = await aukra(); });
  afterAll(async () => { await app.close(); });
  const say = async (text: string) => replyText(await app.bot.handle({ platform: 'console', userId: 'aukra.koordinator', channelId: 'aukra-koordineringsgruppa', text }));

  test('help and usage errors name their placeholders in nynorsk ([skildring], <grunngiving>)', async () => {
    const help = await say('help agenda add');
    expect(help).toMatch(/skildring/);
    expect(help).not.toMatch(/beskrivelse/);
    const usage = await say('reject');
    expect(usage).not.toMatch(/begrunnelse/);
    expect(usage).toMatch(/grunngiving/);
  });

  test('an unknown category lists the categories by their nynorsk names', async () => {
    const out = await say('agenda add "Tema" --category fotball');
    expect(out).toMatch(/Ukjend kategori/);
    expect(out).not.toMatch(/skolefravaer|annet\b/);
    expect(out).toMatch(/skulefråvær/);
    expect(out).toMatch(/anna\b/);
  });

  test("the console's delivery stamps name the weekday in nynorsk", async () => {
    const shown: string[] = [];
    const at = new Date('2027-01-12T09:00:00Z'); // a Tuesday
    const port = new ConsoleChatPort((_v, prefix) => void shown.push(prefix), (target) => consoleStamp(at, app.directory, target), undefined, (target) => messages(languageOfTarget(app.directory, target)));
    await port.send({ kind: 'dm', id: 'aukra.rektor' }, { kind: 'info', sections: [] });
    await port.send({ kind: 'channel', id: 'aukra-koordineringsgruppa' }, { kind: 'info', sections: [] });
    expect(shown.join('')).toMatch(/tys.*tys/s);
    expect(shown.join('')).not.toMatch(/tir\./);
  });

  test('the Teams form carries no bokmål word', async () => {
    const reply = await app.bot.handle({ platform: 'teams', userId: '00000000-0000-4000-8000-00000000a001', channelId: '19:aukra-koordineringsgruppa@thread.tacv2', text: 'agenda add' });
    const card = JSON.stringify(viewsToCard(reply.views));
    expect(card).not.toMatch(/\bikke\b|\bstandard\b|beskrivelse|Skriv ikke/);
  });
});

describe('English municipalities read English', () => {
  let app: App;
  beforeAll(async () => { app = await testApp(new FakeClock('2027-01-08T10:00'), [fixture({ language: 'en' })]); });
  afterAll(async () => { await app.close(); });

  test('usage texts are English', async () => {
    const out = replyText(await app.bot.handle({ platform: 'console', userId: 'politi', channelId: 'testby-team', text: 'help agenda add' }));
    expect(out).toMatch(/<title>/);
    expect(out).not.toMatch(/tittel|beskrivelse|kategori|ÅÅÅÅ/);
  });

  test('the Slack modal closes with an English word', async () => {
    const reply = await app.bot.handle({ platform: 'slack', userId: 'UPOLITI', channelId: 'CTEAM01', text: 'agenda add' });
    const form = reply.views.find((v) => v.form)!.form!;
    const modal = formToModal(form, { kind: 'form' }, messages('en'));
    expect(JSON.stringify(modal)).not.toMatch(/Avbryt/);
  });
});

test('Norwegian help names the command placeholder in Norwegian ([kommando], not [command])', async () => {
  const app = await testApp(new FakeClock('2027-01-08T10:00'));
  const out = replyText(await app.bot.handle({ platform: 'console', userId: 'politi', text: 'help' }));
  expect(out).not.toMatch(/\[command\]/);
  expect(out).toMatch(/help \[kommando\]/);
  await app.close();
});

describe('Teams users read Teams', () => {
  let app: App;
  beforeAll(async () => { app = await testApp(new FakeClock('2027-01-08T10:00')); });
  afterAll(async () => { await app.close(); });
  const teams = (userId: string, text: string) => app.bot.handle({ platform: 'teams', userId, channelId: '19:team@thread.tacv2', text });

  test('commands are written as @SLT …, never /slt, and no backtick shows', async () => {
    const card = viewsToCard((await teams('aad-politi', 'help')).views);
    const text = cardText(card);
    expect(text).toMatch(/@SLT agenda add/);
    expect(text).not.toMatch(/\/slt /);
    expect(text).not.toMatch(/`/);
  });

  test('an unknown Teams user is not told about the console', async () => {
    const text = cardText(viewsToCard((await teams('aad-nobody', 'agenda add "x"')).views));
    expect(text).not.toMatch(/\bas <|konsoll/);
  });

  test('every card has a summary and fallback text for notifications and screen readers', async () => {
    const card = viewToCard((await teams('aad-politi', 'next')).views[0]!);
    expect(card.fallbackText).toMatch(/Neste møte i Tverrfaglig team/);
    expect(card.speak).toMatch(/Neste møte i Tverrfaglig team/);
  });

  test('a person @mentioned in Teams reaches the core as that person', () => {
    const text = commandText({
      text: '<at>SLT</at> deputy <at>Vera Vara</at> 2027-01-20', recipient: { id: '28:slt-bot', name: 'SLT' },
      entities: [{ type: 'mention', mentioned: { id: '28:slt-bot', name: 'SLT' }, text: '<at>SLT</at>' }, { type: 'mention', mentioned: { id: '29:vara', name: 'Vera Vara' }, text: '<at>Vera Vara</at>' }],
    } as never);
    expect(text).toBe('deputy @«Vera Vara» 2027-01-20');
  });
});

test('README names the buttons as the cards show them (Norwegian, English in brackets)', () => {
  const readme = fs.readFileSync('README.md', 'utf8');
  const nb = messages('nb');
  const en = messages('en');
  for (const k of ['buttonApprove', 'buttonReject', 'buttonDefer', 'buttonAsk', 'buttonAccept', 'buttonMove', 'buttonDecline', 'homeSubmit', 'homeAgenda'] as const) {
    expect(readme).toContain(`**${nb[k]}** (${en[k]})`);
  }
});

describe('whole sentences, never glued fragments', () => {
  test("an item card says who decided in one sentence per state, in every language", async () => {
    const expected = { nb: ['Status: godkjent av Lise Teamleder (Teamleder)', 'Status: avvist av Lise Teamleder (Teamleder)', 'Status: venter på mer informasjon'], nn: ['Status: godkjend av Lise Teamleder (Teamleder)', 'Status: avvist av Lise Teamleder (Teamleder)', 'Status: ventar på meir informasjon'], en: ['Status: approved by Lise Teamleder (Teamleder)', 'Status: rejected by Lise Teamleder (Teamleder)', 'Status: waiting for more information'] } as const;
    for (const lang of ['nb', 'nn', 'en'] as const) {
      const app = await testApp(new FakeClock('2027-01-08T10:00'), [fixture({ language: lang })]);
      const say = async (who: string, text: string) => replyText(await app.bot.handle({ platform: 'console', userId: who, channelId: 'testby-team', text }));
      for (const t of ['En', 'To', 'Tre']) await say('politi', `agenda add "${t}"`);
      await say('leder', 'approve TEAM-2027-001');
      await say('leder', 'reject TEAM-2027-002 Passer ikke');
      await say('leder', 'ask TEAM-2027-003 Hvem?');
      const cards = [await say('leder', 'item TEAM-2027-001'), await say('leder', 'item TEAM-2027-002'), await say('leder', 'item TEAM-2027-003')];
      cards.forEach((card, i) => expect(card.split('\n')).toContain(expected[lang][i]));
      await app.close();
    }
  });
});

test("the calendar file's text gives the deadline in the reader's language and zone, never as UTC", async () => {
  const app = await testApp(new FakeClock('2027-01-08T10:00'));
  const ref = app.directory.forumById('testby', 'team')!;
  const [mt] = await app.store.read.meetingsOfForum('testby', 'team');
  const text = meetingDescription(app.directory, messages('nb'), ref, mt!);
  expect(text).toMatch(/Frist for saker: onsdag 13\. januar 2027 kl\. 09:00/);
  expect(text).not.toMatch(/\d{4}-\d{2}-\d{2}T|Z\b/);
  await app.close();
});

describe('naming a person', () => {
  let app: App;
  beforeEach(async () => {
    app = await createApp({ dbFile: ':memory:', data: 'data/municipalities', clock: new FakeClock('2027-01-11T10:00') });
    await app.sync();
  });
  afterEach(async () => { await app.close(); });
  const as = (who: string, text: string) => app.bot.handle({ platform: 'console', userId: who, channelId: 'loten-tut', text });

  test('an unknown member is answered with the closest members of the forum by name and id, not the input as example', async () => {
    const out = replyText(await as('loten.koordinator', 'deputy @politi'));
    expect(out).not.toMatch(/f\.eks\. @politi/);
    expect(out).toMatch(/politi-ungdom/);
  });

  test('an unambiguous part of a name, a console handle or an id names the member', async () => {
    const dir = app.directory;
    const loten = dir.municipalities.find((m) => m.id === 'loten')!;
    const police = loten.members.find((m) => m.id === 'politi-ungdom')!;
    const surname = police.name.split(' ').at(-1)!;
    for (const written of [`@${police.id}`, police.identities.console!, `«${surname}»`]) {
      const out = replyText(await as('loten.koordinator', `deputy ${written}`));
      expect(out).toContain(police.name);
    }
  });
});

test('the date pattern that validates arguments is declared once', () => {
  const hits: string[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = `${dir}/${e.name}`;
      if (e.isDirectory()) walk(p);
      else if (p.endsWith('.ts') && fs.readFileSync(p, 'utf8').includes('\\d{4}-\\d{2}-\\d{2}$/')) hits.push(p);
    }
  };
  walk('src');
  walk('adapters');
  expect(hits).toEqual(['src/core/model/primitives.ts']);
});


test('a category may be written by its name in the reader\'s language', async () => {
  const app = await aukra();
  await app.bot.handle({ platform: 'console', userId: 'aukra.koordinator', channelId: 'aukra-koordineringsgruppa', text: 'agenda add "Tema" --category "skulefråvær"' });
  const [item] = await app.store.read.itemsBetween('aukra', '', '9999');
  expect(item?.category).toBe('skolefravaer');
  await app.close();
});

describe('the core names a command; each platform writes it in its own syntax', () => {
  test('Slack writes `/slt …` as code, the console bare, Teams as @SLT … in a monospace run', async () => {
    const app = await testApp(new FakeClock('2027-01-08T10:00'));
    const reply = await app.bot.handle({ platform: 'console', userId: 'politi', channelId: 'testby-team', text: 'approve' });
    const slack = JSON.stringify(toMessages(reply.views[0]!)[0]!.blocks);
    expect(slack).toContain('Bruk: `/slt approve &lt;ref&gt;`');
    const out: string[] = [];
    const session = new ConsoleSession(app.bot, app.directory, (t) => void out.push(t));
    await session.input('as politi');
    await session.input('approve');
    expect(out.join('')).toContain('Bruk: approve <ref>');
    expect(out.join('')).not.toMatch(/\/slt approve|`/);
    const card = viewToCard(reply.views[0]!);
    expect(JSON.stringify(card.body)).toContain('{"type":"TextRun","text":"@SLT approve <ref>","fontType":"Monospace"');
    await app.close();
  });
});
