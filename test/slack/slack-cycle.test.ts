import { WebSocketServer } from 'ws';
import { createSlackAdapter } from '../../adapters/slack';
import { FakeClock, testApp } from '../helpers';
import { blocksText, FakeSlackApi } from './fake-slack-api';
import { SlackHarness, TEAM_CHANNEL, USERS } from './slack-harness';

test('the whole agenda cycle through signed Slack payloads', async () => {
  const clock = new FakeClock('2027-01-08T10:00');
  const app = await testApp(clock);
  const h = await new SlackHarness(app).start();
  const deliver = () => app.dispatcher([h.adapter.chatPort], { sleep: async () => {} }).run();
  const cardTo = (user: string, ref: string) => {
    const c = h.api.calls.filter((x) => x.method === 'chat.postMessage' && x.body.channel === `D${user}` && JSON.stringify(x.body.blocks).includes(`"value":"${ref}"`)).at(-1)!;
    return { channel: String(c.body.channel), ts: String(c.result!.ts) };
  };
  try {
    await h.command(USERS.politi, 'agenda add "Uro ved ungdomsklubben" Flere meldinger om uro');
    await h.command(USERS.politi, 'agenda add "Elev med fravær" Fravær siden høsten --case --category skolefravaer');
    await h.command(USERS.vara, 'agenda add "Tema som avvises"');
    await h.command(USERS.vara, 'agenda add "Tema som kan vente"');
    clock.set('2027-01-14T08:00');
    const late = await h.command(USERS.politi, 'agenda add "Etter fristen"');
    expect(blocksText(late.json!.blocks)).toMatch(/TEAM-2027-005 kom etter fristen/);
    await deliver();

    const consent = await h.command(USERS.koord, 'consent TEAM-2027-002 --guardian-signed 2027-01-05 --agencies "Helse,Barnevernet" --parents-attend');
    expect(blocksText(consent.json!.blocks)).toMatch(/Samtykke for TEAM-2027-002 er registrert/);
    // approve by button: the DM card is updated in place with the outcome and who decided
    for (const ref of ['TEAM-2027-001', 'TEAM-2027-002']) {
      const card = cardTo(USERS.leder, ref);
      await h.press(USERS.leder, card.channel, card.ts, 'slt_approve', ref);
      const update = h.api.of('chat.update').at(-1)!;
      expect(update).toMatchObject({ channel: card.channel, ts: card.ts });
      expect(blocksText(update.blocks)).toMatch(/Status: godkjent av Lise Teamleder/);
      expect(JSON.stringify(update.blocks)).not.toContain('slt_approve');
    }
    // reject by button: a modal asks for the reason, then the card is updated
    const r = cardTo(USERS.leder, 'TEAM-2027-003');
    await h.press(USERS.leder, r.channel, r.ts, 'slt_reject', 'TEAM-2027-003');
    expect((h.api.of('views.open').at(-1)!.view as { title: { text: string } }).title.text).toBe('Avvis TEAM-2027-003');
    await h.submitLastModal(USERS.leder, { text: 'Tas opp i koordineringsgruppa' });
    expect(await app.store.read.item('TEAM-2027-003')).toMatchObject({ state: 'rejected', reason: 'Tas opp i koordineringsgruppa' });
    expect(blocksText(h.api.of('chat.update').at(-1)!.blocks)).toMatch(/Status: avvist av Lise Teamleder/);
    // defer by button; move the late item by command
    const d = cardTo(USERS.leder, 'TEAM-2027-004');
    await h.press(USERS.leder, d.channel, d.ts, 'slt_defer', 'TEAM-2027-004');
    expect(await app.store.read.item('TEAM-2027-004')).toMatchObject({ state: 'deferred', meetingId: 'testby/team/2027-02-03' });
    const moved = await h.command(USERS.leder, 'defer TEAM-2027-005');
    expect(blocksText(moved.json!.blocks)).toMatch(/flyttet til møtet onsdag 3\. februar 2027/);

    const pub = await h.command(USERS.leder, 'publish');
    expect(blocksText(pub.json!.blocks)).toMatch(/publisert/);
    await deliver();
    const posts = h.api.of('chat.postMessage').filter((b) => b.channel === TEAM_CHANNEL).map((b) => blocksText(b.blocks)).join('\n');
    expect(posts).toMatch(/Saksliste: Tverrfaglig team, onsdag 20\. januar 2027 kl\. 09:00/);
    expect(posts).toMatch(/TEAM-2027-001 · Tema: Uro ved ungdomsklubben/);
    expect(posts).toMatch(/TEAM-2027-002 · Enkeltsak \(skolefravær\) · Foresatte deltar · Forlater møtet under saken: Politiet/);
    expect(posts).not.toMatch(/Elev med fravær|Fravær siden høsten|TEAM-2027-00[345]/);
    // the submitter of the rejected item was told by DM
    expect(h.api.of('chat.postMessage').filter((b) => b.channel === `D${USERS.vara}`).map((b) => blocksText(b.blocks)).join('\n'))
      .toMatch(/TEAM-2027-003 \(«Tema som avvises»\) ble avvist\. Begrunnelse: Tas opp i koordineringsgruppa/);
  } finally {
    await h.stop();
    await app.close();
  }
});

test('Socket Mode: connects through apps.connections.open and answers a slash command over the socket', async () => {
  const clock = new FakeClock('2027-01-08T10:00');
  const app = await testApp(clock);
  const api = new FakeSlackApi();
  await api.start();
  const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  await new Promise((r) => wss.once('listening', r));
  const wsUrl = `ws://127.0.0.1:${(wss.address() as { port: number }).port}/`;
  const origAnswer = (api as unknown as { answer: (m: string, b: Record<string, unknown>) => Record<string, unknown> }).answer.bind(api);
  (api as unknown as { answer: unknown }).answer = (m: string, b: Record<string, unknown>) => (m === 'apps.connections.open' ? { ok: true, url: wsUrl } : origAnswer(m, b));
  const acked = new Promise<Record<string, unknown>>((resolve) => {
    wss.on('connection', (ws) => {
      ws.send(JSON.stringify({ type: 'hello', num_connections: 1 }));
      ws.send(JSON.stringify({
        envelope_id: 'env-1', type: 'slash_commands', accepts_response_payload: true,
        payload: { token: 'x', team_id: 'T1', channel_id: TEAM_CHANNEL, user_id: USERS.politi, command: '/slt', text: 'agenda add "Over socket"', api_app_id: 'A1', response_url: api.responseUrl('s1'), trigger_id: 'trig-s1' },
      }));
      ws.on('message', (data) => {
        const msg = JSON.parse(String(data)) as Record<string, unknown>;
        if (msg.envelope_id === 'env-1') resolve(msg);
      });
    });
  });
  const adapter = createSlackAdapter({ bot: app.bot, directory: app.directory, store: app.store, clock, botToken: 'xoxb-t', appToken: 'xapp-t', slackApiUrl: api.apiUrl });
  expect(adapter.mode).toBe('socket');
  try {
    await adapter.start();
    const ack = await acked;
    expect(blocksText((ack.payload as { blocks: unknown }).blocks)).toMatch(/meldt opp som TEAM-2027-001/);
    expect(await app.store.read.item('TEAM-2027-001')).toMatchObject({ title: 'Over socket', submitterId: 'politi' });
    expect(api.of('apps.connections.open')).toHaveLength(1);
  } finally {
    await adapter.stop();
    for (const c of wss.clients) c.terminate();
    await new Promise((r) => wss.close(r));
    await api.stop();
    await app.close();
  }
});
