import fs from 'node:fs';
import YAML from 'yaml';
import { LIMITS, toMessages } from '../../adapters/slack/from-core';
import { SlackChatPort } from '../../adapters/slack/slack-chat-port';
import { SLACK_EVENTS_PATH } from '../../adapters/slack';
import { SHORTCUTS } from '../../adapters/slack/shortcuts';
import { PermanentSendError, RetryableSendError } from '../../src/core/ports/chat-port';
import { view } from '../../src/core/model/view';
import { WebClient } from '@slack/web-api';
import { FakeClock, fixture, testApp } from '../helpers';
import { blocksText, FakeSlackApi, signedHeaders } from './fake-slack-api';
import { SECRET, SlackHarness, TEAM_CHANNEL, USERS } from './slack-harness';

describe('Slack chat port against the fake Web API', () => {
  let api: FakeSlackApi;
  let port: SlackChatPort;
  beforeEach(async () => {
    api = new FakeSlackApi();
    await api.start();
    port = new SlackChatPort(new WebClient('xoxb-test', { slackApiUrl: api.apiUrl, retryConfig: { retries: 0 }, rejectRateLimitedCalls: true }));
  });
  afterEach(() => api.stop());

  test('a post returns channel:ts; a replacement is a chat.update of that message', async () => {
    const id = await port.send({ kind: 'channel', id: 'C1' }, view('info', 'Hei', { lines: ['a'] }), undefined, 'key-1');
    expect(id).toMatch(/^C1:\d+\.000100$/);
    expect(api.of('chat.postMessage')[0]!.metadata).toEqual({ event_type: 'slt_outbox', event_payload: { key: 'key-1' } });
    await port.send({ kind: 'channel', id: 'C1' }, view('info', 'Hei igjen', { lines: ['b'] }), id);
    expect(api.of('chat.update')[0]).toMatchObject({ channel: 'C1', ts: id.split(':')[1] });
    expect(await port.findSent({ kind: 'channel', id: 'C1' }, 'key-1')).toBeDefined();
    expect(await port.findSent({ kind: 'channel', id: 'C1' }, 'key-2')).toBeUndefined();
  });

  test('a DM opens the conversation first', async () => {
    await port.send({ kind: 'dm', id: 'U9' }, view('info', 'Hei', { lines: [] }));
    expect(api.calls.map((c) => c.method)).toEqual(['conversations.open', 'chat.postMessage']);
    expect(api.of('chat.postMessage')[0]!.channel).toBe('DU9');
  });

  test('429 becomes a retryable error with Retry-After; channel_not_found a permanent one; 500 retryable', async () => {
    api.failNext('chat.postMessage', { status: 429, retryAfter: 7 });
    const e1 = await port.send({ kind: 'channel', id: 'C1' }, view('info', 'x', { lines: [] })).catch((e) => e);
    expect(e1).toBeInstanceOf(RetryableSendError);
    expect((e1 as RetryableSendError).retryAfterSeconds).toBe(7);
    api.failNext('chat.postMessage', { status: 200, error: 'channel_not_found' });
    expect(await port.send({ kind: 'channel', id: 'C1' }, view('info', 'x', { lines: [] })).catch((e) => e)).toBeInstanceOf(PermanentSendError);
    api.failNext('chat.postMessage', { status: 500 });
    expect(await port.send({ kind: 'channel', id: 'C1' }, view('info', 'x', { lines: [] })).catch((e) => e)).toBeInstanceOf(RetryableSendError);
    expect(api.of('chat.postMessage')).toHaveLength(3); // the client itself never retried
  });

  test('through the outbox: 429 waits Retry-After, channel_not_found stops and is reported', async () => {
    const clock = new FakeClock('2027-01-08T10:00');
    const app = await testApp(clock);
    const m = fixture();
    await app.notify({ key: 'post', to: { kind: 'forum', ref: { municipality: m, forum: m.forums[0]! } }, view: view('info', 'x', { lines: [] }) });
    api.failNext('chat.postMessage', { status: 429, retryAfter: 3 });
    const d = app.dispatcher([port], { sleep: async () => {} });
    await d.run();
    const row = async () => (await app.store.outbox.list()).find((r) => r.key === `post@slack:${TEAM_CHANNEL}`)!;
    expect(await row()).toMatchObject({ status: 'pending', attempts: 1 });
    await d.run();
    expect(api.of('chat.postMessage').filter((b) => b.channel === TEAM_CHANNEL)).toHaveLength(1);
    clock.advance({ seconds: 3 });
    api.failNext('chat.postMessage', { status: 200, error: 'channel_not_found' });
    await d.run();
    expect(await row()).toMatchObject({ status: 'failed', attempts: 2 });
    clock.advance({ hours: 1 });
    await d.run();
    expect(api.of('chat.postMessage').filter((b) => b.channel === TEAM_CHANNEL)).toHaveLength(2);
    expect(api.of('chat.postMessage').some((b) => b.channel === `D${USERS.koord}` && blocksText(b.blocks).includes('En melding kom ikke fram'))).toBe(true);
    await app.close();
  });
});

describe('Block Kit limits', () => {
  test('an agenda of 80 items becomes messages of at most 50 blocks, every text within its limit; buttons stay last', () => {
    const long = view('agenda', 'Saksliste: '.padEnd(200, 'x'), ...Array.from({ length: 80 }, (_, i) => ({ heading: `Sak ${i}`, lines: [`• TEAM-2027-${i} ${'lang tekst '.repeat(40)}`] })));
    long.actions = [{ verb: 'approve', itemRef: 'TEAM-2027-001', label: 'Godkjenn'.repeat(20), command: 'approve TEAM-2027-001' }];
    const msgs = toMessages(long);
    expect(msgs.length).toBeGreaterThan(1);
    for (const m of msgs) {
      expect(m.blocks.length).toBeLessThanOrEqual(LIMITS.blocksPerMessage);
      for (const b of m.blocks as { type: string; text?: { text: string }; elements?: { text?: { text: string } }[] }[]) {
        if (b.type === 'header') expect(b.text!.text.length).toBeLessThanOrEqual(LIMITS.header);
        if (b.type === 'section') expect(b.text!.text.length).toBeLessThanOrEqual(LIMITS.sectionText);
        for (const e of b.elements ?? []) if (e.text) expect(e.text.text.length).toBeLessThanOrEqual(LIMITS.button);
      }
    }
    expect(msgs.at(-1)!.blocks.at(-1)).toMatchObject({ type: 'actions' });
    expect(msgs.flatMap((m) => m.blocks).filter((b) => (b as { type: string }).type === 'section')).toHaveLength(80);
  });
});

describe('the manifest matches the code', () => {
  const manifest = YAML.parse(fs.readFileSync('manifests/slack/manifest.yml', 'utf8'));
  test('the slash command and every request URL exist in the code', () => {
    const handlers = fs.readdirSync('adapters/slack').filter((f) => f.endsWith('.ts')).map((f) => fs.readFileSync(`adapters/slack/${f}`, 'utf8')).join('\n');
    for (const c of manifest.features.slash_commands) {
      expect(handlers).toContain(`app.command('${c.command}'`);
      expect(new URL(c.url).pathname).toBe(SLACK_EVENTS_PATH);
    }
    expect(new URL(manifest.settings.interactivity.request_url).pathname).toBe(SLACK_EVENTS_PATH);
    expect(new URL(manifest.settings.event_subscriptions.request_url).pathname).toBe(SLACK_EVENTS_PATH);
    for (const e of manifest.settings.event_subscriptions.bot_events) expect(handlers).toContain(`app.event('${e}'`);
    expect(manifest.oauth_config.scopes.bot).toEqual(expect.arrayContaining(['commands', 'chat:write', 'im:write', 'users:read.email', 'app_mentions:read']));
    expect(typeof manifest.settings.socket_mode_enabled).toBe('boolean');
  });

  test('the App Home is enabled and its event subscribed', () => {
    expect(manifest.features.app_home).toMatchObject({ home_tab_enabled: true });
    expect(manifest.settings.event_subscriptions.bot_events).toContain('app_home_opened');
  });

  test('the message and global shortcuts are the ones the code handles, within Slack\'s limits', () => {
    const shortcuts = manifest.features.shortcuts as { name: string; type: string; callback_id: string; description: string }[];
    expect(shortcuts.map((s) => `${s.type}:${s.callback_id}`)).toEqual([`message:${SHORTCUTS.message}`, `global:${SHORTCUTS.global}`]);
    for (const s of shortcuts) {
      expect(s.name.length).toBeLessThanOrEqual(24);
      expect(s.description.length).toBeLessThanOrEqual(150);
    }
  });

  test('descriptions in bokmål, with English in the long description, within Slack\'s limits', () => {
    const d = manifest.display_information as { name: string; description: string; long_description: string };
    expect(d.name.length).toBeLessThanOrEqual(35);
    expect(d.description.length).toBeLessThan(140);
    expect(d.long_description.length).toBeGreaterThanOrEqual(174);
    expect(d.long_description.length).toBeLessThanOrEqual(4000);
    expect(d.long_description).toMatch(/^SLT-boten kaller inn til møter/);
    expect(d.long_description).toMatch(/\nIn English: the SLT bot/);
  });

  test('every Web API method the adapter calls has its bot scopes in the manifest (Slack\'s method reference)', () => {
    // the scopes each method needs; conversations.history reads channels, private channels and DMs alike
    const SCOPES: Record<string, string[]> = {
      'auth.test': [], 'views.open': [], 'views.publish': [], 'chat.getPermalink': [],
      'pins.add': ['pins:write'], 'pins.remove': ['pins:write'],
      'chat.postMessage': ['chat:write'], 'chat.update': ['chat:write'], 'chat.delete': ['chat:write'], 'chat.postEphemeral': ['chat:write'],
      'conversations.open': ['im:write'], 'conversations.history': ['channels:history', 'groups:history', 'im:history'],
      'users.lookupByEmail': ['users:read.email'],
      'files.getUploadURLExternal': ['files:write'], 'files.completeUploadExternal': ['files:write'],
    };
    const code = fs.readdirSync('adapters/slack').filter((f) => f.endsWith('.ts')).map((f) => fs.readFileSync(`adapters/slack/${f}`, 'utf8')).join('\n');
    const used = [...new Set([...code.matchAll(/client\.([a-zA-Z]+)\.([a-zA-Z]+)\(/g)].map((x) => `${x[1]}.${x[2]}`))].sort();
    expect(used).toEqual(expect.arrayContaining(['files.completeUploadExternal', 'files.getUploadURLExternal']));
    for (const method of used) {
      expect(SCOPES).toHaveProperty([method]);
      expect(manifest.oauth_config.scopes.bot).toEqual(expect.arrayContaining(SCOPES[method]!));
    }
  });
});

describe('Slack: mentions, identity by e-mail', () => {
  test('@SLT in a channel is the same grammar; a retried event (same event_id) acts once', async () => {
    const clock = new FakeClock('2027-01-08T10:00');
    const app = await testApp(clock);
    const h = await new SlackHarness(app).start();
    const event = { token: 'x', team_id: 'T1', api_app_id: 'A1', type: 'event_callback', event_id: 'Ev1', event_time: 1, authorizations: [{ user_id: 'UBOT', is_bot: true }],
      event: { type: 'app_mention', user: USERS.politi, channel: TEAM_CHANNEL, ts: '1.1', text: '<@UBOT> agenda add "Fra omtale"' } };
    const body = JSON.stringify(event);
    const headers = { ...signedHeaders(SECRET, body), 'content-type': 'application/json' };
    expect((await h.post(body, headers)).status).toBe(200);
    expect((await h.post(body, { ...headers, 'x-slack-retry-num': '1' })).status).toBe(200);
    expect(app.db.prepare('SELECT COUNT(*) AS n FROM agenda_items').get()).toEqual({ n: 1 });
    expect(await app.store.read.item('TEAM-2027-001')).toMatchObject({ title: 'Fra omtale', submitterId: 'politi' });
    const eph = h.api.of('chat.postEphemeral');
    expect(eph[0]).toMatchObject({ channel: TEAM_CHANNEL, user: USERS.politi });
    expect(blocksText(eph[0]!.blocks)).toMatch(/TEAM-2027-001/);
    await h.stop();
    await app.close();
  });

  test('a member with only an e-mail address is linked once by users.lookupByEmail', async () => {
    const clock = new FakeClock('2027-01-08T10:00');
    const input = require('../helpers').fixtureInput();
    delete input.members[2].identities.slack;
    input.members[2].email = 'per.politi@example.org';
    const app = await testApp(clock, [require('../../src/core/model/municipality').Municipality.parse(input)]);
    const api = new FakeSlackApi();
    await api.start();
    api.usersByEmail.set('per.politi@example.org', 'UNEWPOL');
    const { createSlackAdapter } = await import('../../adapters/slack');
    const { createHttpServer } = await import('../../src/http/http-server');
    const adapter = createSlackAdapter({ bot: app.bot, directory: app.directory, store: app.store, clock, botToken: 'xoxb-t', signingSecret: SECRET, slackApiUrl: api.apiUrl, http: createHttpServer(), lookupByEmail: true });
    try {
      expect(app.directory.actor('slack', 'UNEWPOL')).toBeUndefined();
      await adapter.start();
      expect(app.directory.actor('slack', 'UNEWPOL')?.member.id).toBe('politi');
      expect(await app.store.read.identityLinks()).toEqual([{ platform: 'slack', userId: 'UNEWPOL', municipalityId: 'testby', memberId: 'politi' }]);
      expect(api.of('users.lookupByEmail')).toEqual([{ email: 'per.politi@example.org' }]);
      await adapter.start();
      expect(api.of('users.lookupByEmail')).toHaveLength(1); // once: the link is remembered
    } finally {
      await api.stop();
      await app.close();
    }
  });
});
