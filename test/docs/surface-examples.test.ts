import fs from 'node:fs';
import path from 'node:path';
import { FakeClock, fixture, testApp, inTx } from '../helpers';
import { viewProblems } from '../slack/block-kit-rules';
import { SlackHarness, TEAM_CHANNEL, USERS } from '../slack/slack-harness';
import { cardProblems } from '../teams/card-validation';
import { AAD, TeamsHarness } from '../teams/teams-harness';

/**
 * The README's "screenshots": what Slack and Teams are sent for each surface, produced by the real adapters
 * against the local fakes and kept in docs/surfaces/. This test fails when they are no longer what the bot
 * sends; `UPDATE_SURFACES=1 npx jest test/docs` writes them again.
 */
const DIR = 'docs/surfaces';

function same(file: string, value: unknown): void {
  const text = `${JSON.stringify(value, null, 2)}\n`;
  const where = path.join(DIR, file);
  if (process.env.UPDATE_SURFACES === '1') {
    fs.mkdirSync(DIR, { recursive: true });
    fs.writeFileSync(where, text);
  }
  expect(fs.existsSync(where) ? fs.readFileSync(where, 'utf8') : `(missing: ${where})`).toBe(text);
}

test('the Slack surfaces as the README shows them: the App Home, the form from a message, the answer', async () => {
  const app = await testApp(new FakeClock('2027-01-08T10:00'), [fixture()]);
  const h = await new SlackHarness(app).start();
  try {
    await h.command(USERS.politi, 'agenda add "Uro ved ungdomsklubben" Flere meldinger om uro i helgene');
    await h.command(USERS.vara, 'agenda add "Skolevegring på mellomtrinnet" --category skolefravaer');
    await inTx(app).addAction({ municipalityId: 'testby', forumId: 'team', meetingId: 'testby/team/2027-01-20', itemRef: 'TEAM-2027-001', ownerId: 'leder', due: '2027-01-29', text: 'Snakke med klubbleder', status: 'open', createdBy: 'koord', createdAt: '2027-01-08T09:00:00.000Z' });
    await h.openHome(USERS.leder);
    const home = h.api.homes.get(USERS.leder)!;
    expect(viewProblems(home, 'home')).toEqual([]);
    same('slack-app-home.json', home);

    await h.messageShortcut(USERS.politi, TEAM_CHANNEL, { ts: '1799999999.000100', text: 'Flere foreldre har meldt om *uro* ved busstoppet etter skoletid. Kan vi ta det opp i teamet?' });
    const form = h.api.calls.filter((c) => c.method === 'views.open').at(-1)!;
    expect(form.result).toMatchObject({ ok: true });
    same('slack-message-shortcut-form.json', form.body.view);

    await h.messageShortcut(USERS.politi, TEAM_CHANNEL, { ts: '1799999999.000200', text: 'Mor ringer fra 412 34 567 om sønnen' });
    same('slack-message-shortcut-personal-data.json', h.api.calls.filter((c) => c.method === 'views.open').at(-1)!.body.view);

    const done = await h.submitLastModal(USERS.politi, { title: 'Uro ved busstoppet', description: 'Flere foreldre har meldt om uro ved busstoppet etter skoletid.', kind: 'topic', category: 'miljo', meeting: '2027-01-20' });
    same('slack-message-shortcut-answer.json', done.json);
  } finally {
    await h.stop();
    await app.close();
  }
});

test('the Teams surfaces as the README shows them: the dialog from a message\'s "More actions", the answer', async () => {
  const app = await testApp(new FakeClock('2027-01-08T10:00'), [fixture()]);
  const h = await new TeamsHarness(app).start();
  try {
    const payload = { body: { contentType: 'html', content: '<p>Flere foreldre har meldt om uro ved busstoppet etter skoletid. Kan vi ta det opp i teamet?</p>' }, linkToMessage: 'https://teams.microsoft.com/l/message/19:team@thread.tacv2/1799999999000?tenantId=t1' };
    const opened = await h.extension(AAD.politi, 'composeExtension/fetchTask', { commandId: 'addToAgenda', commandContext: 'message', messagePayload: payload }, { thread: '1799999999000' });
    const card = ((opened.body as { task: { value: { card: { content: { actions: { data: Record<string, unknown> }[] } } } } }).task.value.card.content);
    expect(cardProblems(card)).toEqual([]);
    same('teams-message-extension-dialog.json', opened.body);
    const done = await h.extension(AAD.politi, 'composeExtension/submitAction', {
      commandId: 'addToAgenda', commandContext: 'message',
      data: { ...card.actions[0]!.data, title: 'Uro ved busstoppet', description: 'Flere foreldre har meldt om uro ved busstoppet etter skoletid.', kind: 'topic', category: 'miljo', meeting: '2027-01-20' },
    }, { thread: '1799999999000' });
    same('teams-message-extension-answer.json', done.body);
  } finally {
    await h.stop();
    await app.close();
  }
});
