import type { App } from '../../src/app';
import { messages } from '../../src/core/i18n';
import { DECISION_VERBS, decisionVerbs, PHASE, refusalOf, type Refusal, TRANSITIONS } from '../../src/core/model/item-lifecycle';
import { Municipality } from '../../src/core/model/municipality';
import { ITEM_STATES, type ItemState } from '../../src/core/model/records';
import { FakeClock, fixtureInput, replyText, testApp , inTx } from '../helpers';

let app: App;
let clock: FakeClock;
const say = async (who: string, text: string) => replyText(await app.bot.handle({ platform: 'console', userId: who, channelId: 'testby-team', text }));
const ref = (s: string) => /TEAM-\d{4}-\d{3}/.exec(s)![0];

async function start(patch: (input: ReturnType<typeof fixtureInput>) => void = () => {}) {
  clock = new FakeClock('2027-01-08T10:00');
  const input = fixtureInput();
  patch(input);
  app = await testApp(clock, [Municipality.parse(input)]);
}
afterEach(() => app.close());

describe('one life cycle: the buttons a card offers are exactly the steps the commands accept', () => {
  const put = async (r: string, state: ItemState) => inTx(app).updateItem({ ...(await app.store.read.item(r))!, state, ...(state === 'needs-info' ? { question: 'Hvilken skole?' } : {}) });
  test.each(ITEM_STATES.filter((s) => PHASE[s] !== 'closed'))('state %s', async (state) => {
    await start();
    for (const verb of DECISION_VERBS) {
      const r = ref(await say('politi', 'agenda add "Tema"'));
      await put(r, state);
      const card = (await app.bot.handle({ platform: 'console', userId: 'leder', channelId: 'testby-team', text: `item ${r}` })).views[0]!;
      const offered = (card.actions ?? []).map((a) => a.verb);
      const out = await say('leder', `${verb} ${r}${verb === 'reject' || verb === 'ask' ? ' En tekst' : verb === 'defer' ? ' next' : ''}`);
      const accepted = (await app.store.read.item(r))!.state !== state || (await app.store.read.item(r))!.meetingId !== 'testby/team/2027-01-20';
      expect({ verb, offered: offered.includes(verb) }).toEqual({ verb, offered: accepted });
      if (!accepted) expect(out).toBe(messages('nb').stepRefused(refusalOf(verb, state)!, r, state));
    }
  });

  test('every refusal of the table is a whole sentence in all three languages (no gluing of a state name into a verb phrase)', () => {
    const refusals = new Set<Refusal>();
    for (const verb of Object.keys(TRANSITIONS) as (keyof typeof TRANSITIONS)[]) for (const s of ITEM_STATES) { const r = refusalOf(verb, s); if (r) refusals.add(r); }
    expect([...refusals].sort()).toEqual(['already-approved', 'already-asked', 'ask-decided', 'closed', 'nothing-to-answer', 'reject-approved']);
    for (const lang of ['nb', 'nn', 'en'] as const) {
      for (const s of ITEM_STATES) {
        for (const r of refusals) {
          if (r === 'closed' && PHASE[s] !== 'closed') continue;
          const text = messages(lang).stepRefused(r, 'TEAM-2027-001', s);
          expect(text).toMatch(/^(?=.*TEAM-2027-001)\S.*[.]$/);
          expect(text).not.toMatch(/undefined|er venter|kan ikke få|cannot be queried/);
        }
      }
    }
  });

  test('the Ask button is gone while a question is open, and comes back after the answer', async () => {
    await start();
    const r = ref(await say('politi', 'agenda add "Tema"'));
    await say('koord', `ask ${r} Hvilken skole?`);
    expect(decisionVerbs((await app.store.read.item(r))!.state, { ownItem: false, secondDeciderRule: false })).toEqual(['approve', 'reject', 'defer']);
    await say('politi', `answer ${r} Ungdomsskolen`);
    expect(decisionVerbs((await app.store.read.item(r))!.state, { ownItem: false, secondDeciderRule: false })).toEqual(['approve', 'reject', 'defer', 'ask']);
  });
});

describe('four eyes (requireSecondDecider)', () => {
  test('a decider cannot approve their own item; the reply says who can; their card has no approve button', async () => {
    await start((i) => { i.forums![0]!.requireSecondDecider = true; });
    const r = ref(await say('leder', 'agenda add "Eget tema"'));
    expect(await say('leder', `approve ${r}`)).toBe(`Du meldte ${r} selv, og i Tverrfaglig team må saken godkjennes av en annen: Kari Koordinator (SLT-koordinator).`);
    const card = (await app.bot.handle({ platform: 'console', userId: 'leder', channelId: 'testby-team', text: `item ${r}` })).views[0]!;
    expect(card.actions!.map((a) => a.verb)).toEqual(['reject', 'defer', 'ask']);
    expect(await say('koord', `approve ${r}`)).toMatch(/er godkjent/);
  });

  test('off by default; where nobody else can decide, the refusal says so', async () => {
    await start();
    expect(await say('leder', `approve ${ref(await say('leder', 'agenda add "Eget tema"'))}`)).toMatch(/er godkjent/);
    await app.close();
    await start((i) => { i.forums![1]!.requireSecondDecider = true; });
    const r = /RAD-\d{4}-\d{3}/.exec(await say('koord', 'agenda add "Tema" --forum rad'))![0];
    expect(await say('koord', `approve ${r}`)).toMatch(/krever at en annen godkjenner den, men ingen andre kan godkjenne saker i forumet/);
  });
});
