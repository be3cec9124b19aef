import { Municipality } from '../../src/core/model/municipality';
import type { App } from '../../src/app';
import { FakeClock, fixtureInput, testApp, inTx } from '../helpers';
import { HOME_MIN_GAP_MS } from '../../src/scheduler/home-pacing';
import { homeToSlackView } from '../../adapters/slack/home';
import { viewProblems } from './block-kit-rules';
import { blocksText } from './fake-slack-api';
import { SlackHarness, USERS } from './slack-harness';

type Block = { type: string; block_id?: string; elements?: { action_id?: string; value?: string; text?: { text: string } }[] };

/** The fixture with Politirådet taking items without a deadline (people make contact beforehand). */
async function setup() {
  const clock = new FakeClock('2027-01-08T10:00');
  const input = fixtureInput();
  (input.forums[1] as { referralDeadlineDays: number | null }).referralDeadlineDays = null;
  const app = await testApp(clock, [Municipality.parse(input)]);
  return { clock, app };
}

const homeOf = (h: SlackHarness, user: string) => h.api.homes.get(user) as { type: string; blocks: Block[] } | undefined;
const homeText = (h: SlackHarness, user: string) => blocksText(homeOf(h, user)?.blocks);
const buttonsOf = (blocks: Block[], blockId: string) => (blocks.find((b) => b.block_id === blockId)?.elements ?? []).map((e) => `${e.action_id}=${e.value}`);
const deliver = (app: App, h: SlackHarness) => app.dispatcher([h.adapter.chatPort], { sleep: async () => {} }).run();

describe('the Slack App Home', () => {
  let app: App;
  let clock: FakeClock;
  let h: SlackHarness;
  beforeEach(async () => {
    ({ app, clock } = await setup());
    h = await new SlackHarness(app).start();
  });
  afterEach(async () => {
    await h.stop();
    await app.close();
  });

  test('opening it publishes a valid home view: per forum the next meeting and deadline with time left (or none), items to decide with the DM buttons, own items, actions', async () => {
    await h.command(USERS.politi, 'agenda add "Uro ved klubben" Flere meldinger om uro');
    await h.command(USERS.politi, 'agenda add "Elev med fravær" Fravær siden høsten --case');
    await inTx(app).addAction({ municipalityId: 'testby', forumId: 'team', meetingId: 'testby/team/2027-01-20', itemRef: 'TEAM-2027-001', ownerId: 'politi', due: '2027-01-29', text: 'Snakke med klubbleder', status: 'open', createdBy: 'leder', createdAt: '2027-01-08T09:00:00.000Z' });

    expect((await h.openHome(USERS.leder)).status).toBe(200);
    const leder = homeOf(h, USERS.leder)!;
    expect(leder.type).toBe('home');
    expect(leder.blocks.length).toBeLessThanOrEqual(100);
    const text = homeText(h, USERS.leder);
    expect(text).toContain('SLT-oversikt for Lise Teamleder');
    expect(text).toContain('Neste møte: onsdag 20. januar 2027 kl. 09:00, Rådhuset');
    expect(text).toContain('Frist for å melde saker: onsdag 13. januar 2027 kl. 09:00 (4 dager igjen)');
    expect(text).toContain('Venter på din avgjørelse');
    expect(text).toMatch(/TEAM-2027-001 · Tema: Uro ved klubben \(annet\) · meldt · 20\.01\.2027 · Meldt av Per Politi/);
    expect(text).toMatch(/TEAM-2027-002 · Enkeltsak: Elev med fravær/);
    // the same buttons as the DM card, derived from the life cycle
    expect(buttonsOf(leder.blocks, 'slt_actions:TEAM-2027-001')).toEqual(['slt_approve=TEAM-2027-001', 'slt_reject=TEAM-2027-001', 'slt_defer=TEAM-2027-001', 'slt_ask=TEAM-2027-001']);
    expect(buttonsOf(leder.blocks, 'slt_home_forum:0')).toEqual(['slt_home_submit=testby/team', 'slt_home_agenda=testby/team']);
    // descriptions are not on the overview
    expect(text).not.toContain('Fravær siden høsten');

    await h.openHome(USERS.politi);
    const politi = homeText(h, USERS.politi);
    expect(politi).toContain('Din rolle: medlem');
    expect(politi).toMatch(/\*Dine saker\*\n• TEAM-2027-001 · Uro ved klubben · meldt · møte 20\.01\.2027\n• TEAM-2027-002 · Elev med fravær · meldt · møte 20\.01\.2027/);
    expect(politi).toMatch(/\*Dine oppgaver\*\n• Oppgave #1: Snakke med klubbleder – Per Politi, frist 29\.01\.2027/);
    expect(politi).toMatch(/Politirådet\nDin rolle: medlem\nNeste møte: tirsdag 9\. februar 2027 kl\. 13:00\nFrist for å melde saker: ingen fast frist; ta kontakt før møtet/);
    expect(politi).not.toContain('Venter på din avgjørelse');

    // an observer sees the meeting and the agenda button, nothing of the unpublished items
    await h.openHome(USERS.obs);
    const obs = homeOf(h, USERS.obs)!;
    expect(blocksText(obs.blocks)).not.toMatch(/TEAM-2027|Uro ved klubben|Elev med fravær/);
    expect(buttonsOf(obs.blocks, 'slt_home_forum:0')).toEqual(['slt_home_agenda=testby/team']);

    // someone the bot does not know learns their id
    await h.openHome('UNOBODY1');
    expect(homeText(h, 'UNOBODY1')).toMatch(/Jeg vet ikke hvem du er ennå[\s\S]*`UNOBODY1`/);
  });

  test('the outbox refreshes it when something changes: one waiting refresh per person, rendered when sent, not sent when unchanged', async () => {
    await h.command(USERS.politi, 'agenda add "Uro ved klubben"');
    await h.command(USERS.politi, 'agenda add "Tema to"');
    const homes = async () => (await app.store.outbox.list()).filter((r) => r.home);
    // six Slack members in the municipality: one waiting row each, however many commands
    expect((await homes()).map((r) => `${r.target}:${r.status}`).sort()).toEqual(Object.values(USERS).sort().map((u) => `${u}:pending`));
    await deliver(app, h);
    expect(h.api.of('views.publish')).toHaveLength(6);
    expect(homeText(h, USERS.leder)).toMatch(/TEAM-2027-001[\s\S]*TEAM-2027-002/);
    // a decision changes the deciders' and the submitter's views only: the others are not published again
    await h.command(USERS.leder, 'approve TEAM-2027-001');
    expect((await homes()).filter((r) => r.status === 'pending')).toHaveLength(6);
    await deliver(app, h);
    expect(h.api.of('views.publish').slice(6).map((b) => b.user_id).sort()).toEqual([USERS.koord, USERS.leder, USERS.politi].sort());
    expect(homeText(h, USERS.leder)).not.toMatch(/TEAM-2027-001 · Tema/);
    expect(homeText(h, USERS.politi)).toContain('TEAM-2027-001 · Uro ved klubben · godkjent');
    // a reading command changes nothing: nothing is queued
    await h.command(USERS.politi, 'agenda');
    expect((await homes()).filter((r) => r.status === 'pending')).toHaveLength(0);
  });

  test('a change while a home view is being sent sends it once more, rendered after the change', async () => {
    await h.command(USERS.politi, 'agenda add "Uro ved klubben"');
    let changed = false;
    h.api.onCall = async (method, body) => {
      if (method === 'views.publish' && body.user_id === USERS.leder && !changed) {
        changed = true;
        await app.bot.handle({ platform: 'slack', userId: USERS.leder, text: 'approve TEAM-2027-001' });
      }
    };
    await deliver(app, h);
    // the first send was rendered before the decision; the row went back to pending, for a second later
    // (a person's home view is rendered at most once a second) and is sent again then
    expect((await app.store.outbox.list()).find((r) => r.home && r.target === USERS.leder)?.status).toBe('pending');
    clock.advance({ seconds: HOME_MIN_GAP_MS / 1000 });
    await deliver(app, h);
    const toLeder = h.api.of('views.publish').filter((b) => b.user_id === USERS.leder);
    expect(toLeder).toHaveLength(2);
    expect(blocksText((toLeder[0]!.view as { blocks: unknown }).blocks)).toContain('TEAM-2027-001 · Tema');
    expect(homeText(h, USERS.leder)).not.toContain('TEAM-2027-001 · Tema');
    expect((await app.store.outbox.list()).find((r) => r.home && r.target === USERS.leder)?.status).toBe('sent');
  });

  test('a decision pressed on the Home answers in a modal and publishes the Home again', async () => {
    await h.command(USERS.politi, 'agenda add "Uro ved klubben"');
    await h.command(USERS.politi, 'agenda add "Tema som avvises"');
    await h.openHome(USERS.leder);
    expect((await h.pressOnHome(USERS.leder, 'slt_approve', 'TEAM-2027-001')).status).toBe(200);
    expect((await app.store.read.item('TEAM-2027-001'))!.state).toBe('approved');
    const reply = h.api.calls.filter((c) => c.method === 'views.open').at(-1)!;
    expect(reply.result).toMatchObject({ ok: true });
    expect(blocksText((reply.body.view as { blocks: unknown }).blocks)).toContain('TEAM-2027-001 er godkjent og står på sakslisten.');
    expect(JSON.stringify(reply.body.view)).not.toContain('slt_approve');
    expect(homeText(h, USERS.leder)).not.toContain('TEAM-2027-001 · Tema');
    expect(homeText(h, USERS.leder)).toContain('TEAM-2027-002 · Tema: Tema som avvises');

    // reject asks for the reason in a modal; the answer replaces the form, and the Home is published again
    await h.pressOnHome(USERS.leder, 'slt_reject', 'TEAM-2027-002');
    expect((h.api.of('views.open').at(-1)!.view as { title: { text: string } }).title.text).toBe('Avvis TEAM-2027-002');
    const submitted = await h.submitLastModal(USERS.leder, { text: 'Hører hjemme i koordineringsgruppa' });
    expect(submitted.json).toMatchObject({ response_action: 'update', view: { type: 'modal' } });
    expect(blocksText((submitted.json!.view as { blocks: unknown }).blocks)).toContain('TEAM-2027-002 er avvist');
    expect(await app.store.read.item('TEAM-2027-002')).toMatchObject({ state: 'rejected', reason: 'Hører hjemme i koordineringsgruppa' });
    expect(homeText(h, USERS.leder)).not.toContain('Venter på din avgjørelse');
  });

  test('the Home buttons open the agenda form for the forum and the forum\'s agenda', async () => {
    await h.openHome(USERS.politi);
    await h.pressOnHome(USERS.politi, 'slt_home_submit', 'testby/team');
    const form = h.api.calls.filter((c) => c.method === 'views.open').at(-1)!;
    expect(form.result).toMatchObject({ ok: true });
    expect((form.body.view as { title: { text: string } }).title.text).toBe('Meld opp sak');
    const done = await h.submitLastModal(USERS.politi, { title: 'Fra oversikten', kind: 'topic', category: 'annet', meeting: '2027-01-20' });
    expect(done.json).toMatchObject({ response_action: 'update' });
    expect(blocksText((done.json!.view as { blocks: unknown }).blocks)).toMatch(/Saken er meldt opp som TEAM-2027-001/);
    expect(homeText(h, USERS.politi)).toContain('TEAM-2027-001 · Fra oversikten · meldt');

    await h.pressOnHome(USERS.politi, 'slt_home_agenda', 'testby/team');
    const agenda = h.api.calls.filter((c) => c.method === 'views.open').at(-1)!;
    expect(agenda.result).toMatchObject({ ok: true });
    expect(blocksText((agenda.body.view as { blocks: unknown }).blocks)).toMatch(/Saksliste: Tverrfaglig team, onsdag 20\. januar 2027/);
    // the time left counts down as the deadline nears, and says when it has passed
    clock.set('2027-01-13T08:20');
    await h.openHome(USERS.politi);
    expect(homeText(h, USERS.politi)).toContain('(40 minutter igjen)');
    clock.set('2027-01-13T09:30');
    await h.openHome(USERS.politi);
    expect(homeText(h, USERS.politi)).toContain('(fristen er ute; saker som meldes nå, er for sent meldt)');
  });
});

test('a coordinator of many forums with many items waiting gets a home within 100 blocks, every text within its limit, ending with where to see the rest', async () => {
  const clock = new FakeClock('2027-01-08T10:00');
  const input = fixtureInput();
  const team = input.forums[0]!;
  input.forums = Array.from({ length: 12 }, (_, i) => ({ ...team, id: `team${i}`, code: `T${i}`, name: `Team ${i} ${'med et langt navn '.repeat(8)}`.slice(0, 140), channels: {} }));
  const app = await testApp(clock, [Municipality.parse(input)]);
  try {
    for (let f = 0; f < 12; f++) {
      for (let i = 0; i < 7; i++) await app.bot.handle({ platform: 'slack', userId: USERS.politi, text: `agenda add "${'Lang tittel '.repeat(12).trim()} ${i}" --forum team${f}` });
    }
    const home = homeToSlackView(await app.bot.home('slack', USERS.koord));
    expect(viewProblems(home, 'home')).toEqual([]);
    expect(home.blocks.length).toBeLessThanOrEqual(100);
    const text = blocksText(home.blocks);
    expect(text).toContain('Ikke alt får plass i oversikten');
    // per forum at most five cards, then "… and 2 more" naming the command that lists them
    expect(text).toContain('… og 2 til. Se alle med `/slt agenda team0`.');
    // all forums' meetings come before any is left out: the first forums are whole
    expect(text).toMatch(/Team 0[\s\S]*Team 1[\s\S]*Team 2/);
  } finally {
    await app.close();
  }
});
