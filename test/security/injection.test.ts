import { ConsoleChatPort } from '../../adapters/console/console-chat-port';
import { ConsoleSession } from '../../adapters/console/console-session';
import type { App } from '../../src/app';
import { dispatchOutbox } from '../../src/scheduler/dispatch-outbox';
import type { Who } from '../contract/adapter-driver';
import { FakeClock, testApp , inTx } from '../helpers';
import { blocksText } from '../slack/fake-slack-api';
import { SlackHarness, TEAM_CHANNEL, USERS } from '../slack/slack-harness';
import { cardProblems } from '../teams/card-validation';
import { activityText } from '../teams/fake-connector';
import { AAD, TEAM_CONVERSATION, TeamsHarness } from '../teams/teams-harness';

/**
 * Issue 13, findings 2–4: texts written to ping a channel, disguise a link, restyle a card or drive a
 * terminal go as title, description, question, answer, reason, decision, note and action text through
 * submit → ask → answer → approve/reject → publish → minutes → summary on all three platforms, through
 * the real adapters; everything the fake Slack Web API, the fake Teams connector and the terminal got
 * is inspected. Then an item stored before input was cleaned (raw control characters in the database)
 * is shown and published again: the renderers are total on their own.
 */
const INJECTIONS = [
  '<!channel> Viktig <@U123> <!here>',
  '<!everyone> <!subteam^S123> <#C123>',
  '<https://evil.example|klikk her>',
  '[Se dokumentene](https://evil.example/login)',
  '**fet** _kursiv_ ~streket~ `kode`',
  'Høyre\u202eventsre \u2066isolert\u2069',
  'nul\u0000byte',
  'farge\u001b[31mrød\u001b]0;tittel\u0007',
  '<b>html</b><script>alert(1)</script><img src=x onerror=alert(1)>',
  '{"type":"Action.OpenUrl","url":"https://evil.example"}',
  '{{DATE(2027-01-20T09:00:00Z, SHORT)}}',
  '&amp; &lt; & < >',
  '<at>Alle</at>',
];
const ALL = INJECTIONS.join(' ');
/** the injections in groups short enough for a title (150 characters) */
const TITLES = INJECTIONS.reduce<string[]>((groups, s) => {
  const last = groups.at(-1);
  if (last !== undefined && `${last} ${s}`.length <= 140) groups[groups.length - 1] = `${last} ${s}`;
  else groups.push(s);
  return groups;
}, []);
/** an item as it could have been stored before input was cleaned */
const OLD_TITLE = 'Eldre\u001b[2J\u001b[31m sak\u202e med\u0000 styretegn';

/** characters that must never reach a platform or a terminal raw */
const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

interface Driver {
  say(who: Who, line: string): Promise<void>;
  form(who: Who, values: Record<string, string>): Promise<void>;
  deliver(): Promise<void>;
}

/** The whole cycle with hostile text in every field a person writes. */
async function scenario(app: App, clock: FakeClock, d: Driver): Promise<void> {
  for (const title of TITLES) await d.form('politi', { title, description: ALL, kind: 'topic', category: 'annet', meeting: '2027-01-20' });
  await d.say('leder', `ask TEAM-2027-001 ${ALL}`);
  await d.say('politi', `answer TEAM-2027-001 ${ALL}`);
  await d.say('leder', 'approve TEAM-2027-001');
  await d.say('leder', 'approve TEAM-2027-002');
  await d.say('leder', `reject TEAM-2027-003 ${ALL}`);
  await d.say('leder', 'publish');
  await d.say('politi', 'agenda');
  await d.say('politi', 'item TEAM-2027-001');
  await d.deliver();
  clock.set('2027-01-20T10:45');
  await d.say('leder', `decision TEAM-2027-001 ${ALL}`);
  await d.say('leder', `note TEAM-2027-001 ${ALL}`);
  await d.say('leder', `action TEAM-2027-001 @politi 2027-02-01 ${ALL}`);
  await d.say('leder', 'minutes');
  await d.say('leder', 'minutes approve');
  await d.say('politi', 'actions');
  await d.deliver();
  // every field went through (cleaned of control and bidi characters, otherwise as written)
  const item = (await app.store.read.item('TEAM-2027-001'))!;
  for (const field of [item.title, item.description, item.question, item.answer]) expect(field).toContain('<!channel> Viktig');
  expect(item.description).toContain('[Se dokumentene](https://evil.example/login)');
  expect(item.description).not.toMatch(RAW_CONTROL);
  expect((await app.store.read.item('TEAM-2027-003'))!.reason).toContain('<https://evil.example|klikk her>');
  expect((await app.store.read.entriesOfMeeting('testby/team/2027-01-20')).map((e) => e.kind).sort()).toEqual(['decision', 'note']);
}

/** An item stored before this release, with raw control characters, shown and published again. */
async function olderData(app: App, clock: FakeClock, d: Driver): Promise<void> {
  clock.set('2027-01-21T10:00');
  await d.say('politi', 'agenda add «Nytt tema»');
  const item = (await app.store.read.item('TEAM-2027-004'))!;
  await inTx(app).updateItem({ ...item, title: OLD_TITLE });
  await d.say('leder', 'approve TEAM-2027-004');
  await d.say('leder', 'publish');
  await d.say('leder', 'item TEAM-2027-004');
  await d.deliver();
}

let app: App;
let clock: FakeClock;
beforeEach(async () => {
  clock = new FakeClock('2027-01-08T10:00');
  app = await testApp(clock);
});
afterEach(() => app.close());

describe('Slack: no text can ping, mention or link (finding 2)', () => {
  /** every text Slack parses: the top-level text of each message and every mrkdwn text object */
  function parsedTexts(payload: unknown, out: { text: string; verbatim?: boolean }[] = [], topLevel = true): typeof out {
    if (Array.isArray(payload)) payload.forEach((p) => parsedTexts(p, out, false));
    else if (payload && typeof payload === 'object') {
      const o = payload as Record<string, unknown>;
      if (o.type === 'mrkdwn' && typeof o.text === 'string') out.push({ text: o.text, ...(o.verbatim !== undefined ? { verbatim: Boolean(o.verbatim) } : {}) });
      else if (topLevel && typeof o.text === 'string') out.push({ text: o.text, verbatim: true });
      for (const [k, v] of Object.entries(o)) if (k !== 'text' || typeof v !== 'string') parsedTexts(v, out, false);
    }
    return out;
  }

  test('through signed requests and the fake Web API, every parsed text is escaped, verbatim and free of control characters', async () => {
    const h = await new SlackHarness(app).start();
    const acks: unknown[] = [];
    const driver: Driver = {
      async say(who, line) {
        acks.push((await h.command(USERS[who], line)).json);
      },
      async form(who, values) {
        await h.command(USERS[who], 'agenda add');
        acks.push((await h.submitLastModal(USERS[who], values)).json);
      },
      deliver: async () => void await app.dispatcher([h.adapter.chatPort], { sleep: async () => {} }).run(),
    };
    try {
      await scenario(app, clock, driver);
      await olderData(app, clock, driver);
      const messages = h.api.calls.filter((c) => c.method.startsWith('chat.')).map((c) => c.body);
      const payloads = [...messages, ...h.api.responses.map((r) => r.body), ...acks.filter(Boolean)];
      expect(messages.length).toBeGreaterThan(20);
      const texts = payloads.flatMap((p) => parsedTexts(p));
      for (const { text } of texts) {
        expect(text).not.toMatch(/[<>]/);
        expect(text.replace(/&(amp|lt|gt);/g, '')).not.toContain('&');
        expect(text).not.toMatch(RAW_CONTROL);
      }
      expect(texts.filter((t) => t.verbatim !== true)).toEqual([]);
      // the posts and DMs carry the hostile text, shown as written (escaped, not dropped), and never unfurl a link
      const posts = h.api.calls.filter((c) => c.method === 'chat.postMessage');
      // (the Web API client sends a form: false arrives as the word)
      expect(posts.every((c) => String(c.body.unfurl_links) === 'false' && String(c.body.unfurl_media) === 'false')).toBe(true);
      const channel = posts.filter((c) => c.body.channel === TEAM_CHANNEL).map((c) => `${String(c.body.text)}\n${blocksText(c.body.blocks)}`).join('\n');
      expect(channel).toContain('<!channel> Viktig <@U123> <!here>');
      expect(channel).toContain('[Se dokumentene](https://evil.example/login)');
      const toSubmitter = posts.filter((c) => c.body.channel === `D${USERS.politi}`).map((c) => String(c.body.text)).join('\n');
      expect(toSubmitter).toContain('&lt;!channel&gt; Viktig'); // the notification text of the reject notice and the question
      // header blocks are plain text (not parsed): cleaned of control characters all the same
      const headers = JSON.stringify(messages).match(/"type":"header","text":\{"type":"plain_text","text":"(?:[^"\\]|\\.)*"/g) ?? [];
      expect(headers.length).toBeGreaterThan(0);
      expect(headers.join('')).not.toMatch(/\\u00[01][0-9a-f]/i);
      expect(JSON.stringify(messages)).not.toMatch(RAW_CONTROL);
    } finally {
      await h.stop();
    }
  });
});

describe('Teams: no text can disguise a link or restyle a card (finding 3)', () => {
  type Element = Record<string, unknown>;
  function cardsIn(activity: Element): Element[] {
    return ((activity.attachments as { content?: Element }[] | undefined) ?? []).map((a) => a.content).filter((c): c is Element => Boolean(c));
  }
  function walk(node: unknown, visit: (o: Element) => void): void {
    if (Array.isArray(node)) node.forEach((n) => walk(n, visit));
    else if (node && typeof node === 'object') {
      visit(node as Element);
      Object.values(node as Element).forEach((v) => walk(v, visit));
    }
  }

  test('through activities to the real endpoint and the fake connector, every text is a TextRun; no link, no Markdown, no card function', async () => {
    const h = await new TeamsHarness(app).start();
    await h.install(AAD.koord);
    for (const aad of Object.values(AAD)) await h.installPersonal(aad);
    const invokeCards: Element[] = [];
    const driver: Driver = {
      async say(who, line) {
        // a message with an @mention reaches the bot as HTML: the writer's <, > and & come as entities
        await h.message(AAD[who], line.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;'));
      },
      async form(who, values) {
        const from = h.connector.calls.length;
        await h.message(AAD[who], 'agenda add');
        const sent = h.connector.calls.slice(from).filter((c) => c.conversationId === h.personalConversation(AAD[who]) && c.verb !== 'create').at(-1)!;
        const card = cardsIn(sent.body)[0]!;
        const submit = (card.actions as { verb: string; data: Element }[]).find((a) => a.verb === 'form')!;
        const r = await h.invoke(AAD[who], 'form', { ...submit.data, ...values }, sent.resultId!);
        invokeCards.push(r.body!.value as Element);
      },
      deliver: async () => void await app.dispatcher([h.adapter.chatPort], { sleep: async () => {} }).run(),
    };
    try {
      await scenario(app, clock, driver);
      await olderData(app, clock, driver);
      const activities = h.connector.calls.filter((c) => c.verb !== 'create' && c.verb !== 'refused').map((c) => c.body);
      const cards = [...activities.flatMap(cardsIn), ...invokeCards];
      expect(cards.length).toBeGreaterThan(20);
      for (const card of cards) {
        expect(cardProblems(card)).toEqual([]);
        walk(card, (o) => {
          // a TextBlock renders Markdown: the only ones left are the blank separators between views
          if (o.type === 'TextBlock') expect(o.text).toBe(' ');
          if (o.type === 'TextRun') {
            expect(String(o.text)).not.toMatch(RAW_CONTROL);
            expect(String(o.text)).not.toMatch(/\{\{(DATE|TIME)\(/);
          }
          // the JSON fragment stayed text: no element or action points anywhere
          if (typeof o.url === 'string' || o.type === 'Action.OpenUrl' || o.selectAction) throw new Error(`a link in a card: ${JSON.stringify(o)}`);
        });
      }
      for (const a of activities) if (typeof a.text === 'string') expect(a.text).not.toMatch(/evil|<!|\*\*/);
      const channel = h.connector.calls.filter((c) => c.conversationId === TEAM_CONVERSATION && (c.verb === 'send' || c.verb === 'update'))
        .map((c) => activityText(c.body)).join('\n');
      expect(channel).toContain('[Se dokumentene](https://evil.example/login)'); // shown as written
      expect(channel).toContain('**fet** _kursiv_');
    } finally {
      await h.stop();
    }
  });
});

describe('console: control characters are shown, never obeyed (finding 4)', () => {
  test('through console sessions and the console chat port, nothing raw reaches the terminal; older data shows its escape codes', async () => {
    const out: string[] = [];
    const sessions = new Map<Who, ConsoleSession>();
    const session = async (who: Who) => {
      let s = sessions.get(who);
      if (!s) {
        s = new ConsoleSession(app.bot, app.directory, (t) => void out.push(t));
        await s.input(`/slt as ${who}`);
        await s.input('/slt channel team');
        sessions.set(who, s);
      }
      return s;
    };
    const port = new ConsoleChatPort(async (v, prefix, target) => (await session(target.kind === 'dm' ? target.id as Who : 'leder')).deliver(v, prefix, target));
    const driver: Driver = {
      async say(who, line) {
        await (await session(who)).input(`/slt ${line}`);
      },
      async form(who, values) {
        const s = await session(who);
        await s.input('/slt agenda add');
        const spec = (await app.bot.handle({ platform: 'console', userId: who, channelId: 'testby-team', text: 'agenda add' })).views[0]!.form!;
        for (const field of spec.fields) {
          const v = values[field.id] ?? '';
          await s.input(field.choices ? String(field.choices.findIndex((c) => c.value === v) + 1 || '') : v);
        }
      },
      async deliver() {
        await dispatchOutbox(app.store.outbox, [port], clock);
        for (const s of sessions.values()) s.flushOthers();
      },
    };
    await scenario(app, clock, driver);
    await olderData(app, clock, driver);
    const terminal = out.join('');
    expect(terminal).not.toMatch(RAW_CONTROL);
    expect(terminal).toContain('<!channel> Viktig <@U123> <!here>');
    expect(terminal).toContain('Eldre␛[2J␛[31m sak<U+202E> med␀ styretegn');
  });
});
