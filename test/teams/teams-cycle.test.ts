import type { SqliteApp } from '../../src/app';
import { viewToCard } from '../../adapters/teams/from-core';
import { view } from '../../src/core/model/view';
import { FakeClock, fixture, testApp } from '../helpers';
import { cardProblems } from './card-validation';
import { activityText } from './fake-connector';
import { AAD, TEAM_CONVERSATION, TeamsHarness } from './teams-harness';

let app: SqliteApp;
let clock: FakeClock;
let h: TeamsHarness;
beforeEach(async () => {
  clock = new FakeClock('2027-01-08T10:00');
  app = await testApp(clock);
  h = await new TeamsHarness(app).start();
  await h.install(AAD.koord);
  for (const aad of Object.values(AAD)) await h.installPersonal(aad);
});
afterEach(async () => {
  await h.stop();
  await app.close();
});
const deliver = () => app.dispatcher([h.adapter.chatPort], { sleep: async () => {} }).run();
const cards = () => h.connector.calls.flatMap((c) => ((c.body.attachments as { content: unknown }[] | undefined) ?? []).map((a) => a.content));
const cardFor = (aad: string, ref: string) => h.connector.calls.filter((c) => c.conversationId === h.personalConversation(aad) && JSON.stringify(c.body).includes(ref)).at(-1)!;

test('the whole agenda cycle through Teams activities; every card is valid Adaptive Cards 1.5', async () => {
  await h.message(AAD.politi, 'agenda add "Uro ved ungdomsklubben" Flere meldinger om uro');
  await h.message(AAD.politi, 'agenda add "Elev med fravær" Fravær siden høsten --case --category skolefravaer');
  await h.message(AAD.vara, 'agenda add "Tema som avvises"');
  await h.message(AAD.vara, 'agenda add "Tema som kan vente"');
  clock.set('2027-01-14T08:00');
  await h.message(AAD.politi, 'agenda add "Etter fristen"');
  expect(activityText(h.connector.to(h.personalConversation(AAD.politi)).at(-1)!.body)).toMatch(/TEAM-2027-005 kom etter fristen/);
  await deliver();

  await h.message(AAD.koord, 'consent TEAM-2027-002 --guardian-signed 2027-01-05 --agencies "Helse,Barnevernet" --parents-attend');
  // the convener's DM card: its buttons are there for the convener; Approve updates it in place for everyone
  for (const ref of ['TEAM-2027-001', 'TEAM-2027-002']) {
    const card = cardFor(AAD.leder, ref);
    expect(JSON.stringify(card.body)).toContain('"verb":"approve"');
    const r = await h.invoke(AAD.leder, 'approve', { ref }, card.resultId!);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ statusCode: 200, type: 'application/vnd.microsoft.card.adaptive' });
    const update = h.connector.calls.filter((c) => c.verb === 'update').at(-1)!;
    expect(update.activityId).toBe(card.resultId);
    expect(activityText(update.body)).toMatch(/Status: godkjent av Lise Teamleder/);
    expect(JSON.stringify(update.body)).not.toContain('Action.Execute');
  }
  // reject: the card turns into a reason form; its submission decides
  const r = cardFor(AAD.leder, 'TEAM-2027-003');
  const formCard = (await h.invoke(AAD.leder, 'reject', { ref: 'TEAM-2027-003' }, r.resultId!)).body!.value as { actions: { verb: string; data: Record<string, unknown> }[] };
  const submit = formCard.actions.find((a) => a.verb === 'form')!;
  const bad = await h.invoke(AAD.leder, 'form', { ...submit.data, text: 'Ring 41234567' }, r.resultId!);
  expect(JSON.stringify(bad.body)).toMatch(/telefonnummer/);
  expect(JSON.stringify(bad.body)).not.toMatch(/41234567/);
  await h.invoke(AAD.leder, 'form', { ...submit.data, text: 'Tas opp i koordineringsgruppa' }, r.resultId!);
  expect(await app.store.read.item('TEAM-2027-003')).toMatchObject({ state: 'rejected', reason: 'Tas opp i koordineringsgruppa' });
  const d = cardFor(AAD.leder, 'TEAM-2027-004');
  await h.invoke(AAD.leder, 'defer', { ref: 'TEAM-2027-004' }, d.resultId!);
  expect(await app.store.read.item('TEAM-2027-004')).toMatchObject({ state: 'deferred' });
  await h.message(AAD.leder, 'defer TEAM-2027-005');
  expect(await app.store.read.item('TEAM-2027-005')).toMatchObject({ state: 'submitted', meetingId: 'testby/team/2027-02-03' });

  await h.message(AAD.leder, 'publish');
  await deliver();
  const posts = h.connector.calls.filter((c) => c.conversationId === TEAM_CONVERSATION && c.verb === 'send').map((c) => activityText(c.body)).join('\n');
  expect(posts).toMatch(/Saksliste: Tverrfaglig team, onsdag 20\. januar 2027 kl\. 09:00/);
  expect(posts).toMatch(/TEAM-2027-002 · Enkeltsak \(skolefravær\) · Foresatte deltar · Forlater møtet under saken: Politiet/);
  expect(posts).not.toMatch(/Elev med fravær|Fravær siden høsten|TEAM-2027-00[345]/);
  // what people typed in the channel was answered privately; the channel only got a short note
  const notes = h.connector.calls.filter((c) => c.conversationId === TEAM_CONVERSATION && c.verb === 'reply').map((c) => String(c.body.text));
  expect(new Set(notes)).toEqual(new Set(['Svaret er sendt deg som personlig melding fra SLT-boten.']));

  const all = cards();
  expect(all.length).toBeGreaterThan(15);
  for (const c of all) expect(cardProblems(c)).toEqual([]);
});

test('a resent activity (same id) is processed once, and its answer is shown once', async () => {
  await h.message(AAD.politi, 'agenda add "Én gang"', { id: 'same-activity' });
  await h.message(AAD.politi, 'agenda add "Én gang"', { id: 'same-activity' });
  expect(app.db.prepare('SELECT COUNT(*) AS n FROM agenda_items').get()).toEqual({ n: 1 });
  const answers = h.connector.to(h.personalConversation(AAD.politi)).filter((c) => activityText(c.body).includes('meldt opp som TEAM-2027-001'));
  expect(answers).toHaveLength(1);
  const notes = h.connector.calls.filter((c) => c.conversationId === TEAM_CONVERSATION && c.verb === 'reply');
  expect(notes).toHaveLength(1);
});

test('a proactive post to a conversation the bot was removed from (403) is marked unreachable and not retried', async () => {
  const m = fixture();
  await app.notify({ key: 'post', to: { kind: 'forum', ref: { municipality: m, forum: m.forums[0]! } }, view: view('info', 'Hei', { lines: [] }) });
  h.connector.fail(TEAM_CONVERSATION, 403, { code: 'BotNotInConversationRoster' });
  await deliver();
  const row = (await app.store.outbox.list()).find((x) => x.key === `post@teams:${TEAM_CONVERSATION}`)!;
  expect(row.status).toBe('failed');
  expect((await app.store.read.conversationRef(`teams:channel:${TEAM_CONVERSATION}`))!.reachable).toBe(false);
  const attempts = h.connector.calls.filter((c) => c.conversationId === TEAM_CONVERSATION).length;
  h.connector.heal(TEAM_CONVERSATION);
  clock.advance({ hours: 2 });
  await deliver();
  expect(h.connector.calls.filter((c) => c.conversationId === TEAM_CONVERSATION).length).toBe(attempts);
  // the coordinator is told
  expect(h.connector.calls.some((c) => c.conversationId === h.personalConversation(AAD.koord) && activityText(c.body).includes('En melding kom ikke fram'))).toBe(true);
  // a new activity from that channel (the bot was added back) makes it reachable again
  await h.install(AAD.koord);
  expect((await app.store.read.conversationRef(`teams:channel:${TEAM_CONVERSATION}`))!.reachable).toBe(true);
});

test('429 from the connector: the message waits Retry-After and is delivered once', async () => {
  const m = fixture();
  await app.notify({ key: 'slow', to: { kind: 'forum', ref: { municipality: m, forum: m.forums[0]! } }, view: view('info', 'Hei', { lines: [] }) });
  h.connector.fail(TEAM_CONVERSATION, 429, { retryAfter: 1, once: true });
  await deliver();
  const calls = h.connector.calls.filter((c) => c.conversationId === TEAM_CONVERSATION);
  expect(calls.map((c) => c.verb)).toEqual(['refused', 'send']);
  expect(calls[1]!.at! - calls[0]!.at!).toBeGreaterThanOrEqual(950); // Retry-After: 1 second
  expect((await app.store.outbox.list()).find((x) => x.key === `slow@teams:${TEAM_CONVERSATION}`)!.status).toBe('sent');
});

test('decision buttons in a channel card are only for the deciders (refresh.userIds); the refresh gives them the buttons', async () => {
  await h.message(AAD.politi, 'agenda add "Tema"');
  const itemView = (await app.bot.handle({ platform: 'teams', userId: AAD.leder, text: 'item TEAM-2027-001' })).views[0]!;
  const channelCard = viewToCard(itemView, { deciderTeamsIds: ['aad-leder', 'aad-koord'] });
  expect(channelCard.actions).toBeUndefined();
  expect(channelCard.refresh).toEqual({ action: { type: 'Action.Execute', verb: 'refresh', data: { ref: 'TEAM-2027-001' } }, userIds: ['aad-leder', 'aad-koord'] });
  expect(cardProblems(channelCard)).toEqual([]);
  const forLeder = (await h.invoke(AAD.leder, 'refresh', { ref: 'TEAM-2027-001' }, 'x', false)).body!.value as { actions?: { verb: string }[] };
  expect(forLeder.actions!.map((a) => a.verb)).toEqual(['approve', 'reject', 'defer', 'ask']);
  const forVara = (await h.invoke(AAD.vara, 'refresh', { ref: 'TEAM-2027-001' }, 'x', false)).body!.value as { actions?: unknown[] };
  expect(forVara.actions).toBeUndefined();
});
