import type { App } from '../../src/app';
import { createHttpServer, type HttpServer } from '../../src/http/http-server';
import { createSlackAdapter, type SlackAdapter } from '../../adapters/slack';
import { FakeSlackApi, signedHeaders } from './fake-slack-api';
import type { Log } from '../../src/observability/logger';
import { logTo } from '../log-capture';

export const SECRET = 'test-signing-secret';
export const USERS = { koord: 'UKOORD1', leder: 'ULEDER1', politi: 'UPOLITI', vara: 'UVARA01', obs: 'UOBS001', fremmed: 'UFREMMED' } as const;
export const TEAM_CHANNEL = 'CTEAM01';

/** The real Slack adapter on a loopback HTTP server, talking to a fake Web API. */
export class SlackHarness {
  api = new FakeSlackApi();
  http: HttpServer = createHttpServer();
  adapter!: SlackAdapter;
  url = '';
  private n = 0;

  logs: string[] = [];

  /** `processBeforeResponse: false` is production's setting (acknowledge first); tests default to answering after the handler; `logger`: instead of `logs` */
  constructor(private readonly app: App, private readonly opts: { processBeforeResponse?: boolean; logger?: Log } = {}) {}

  /** `beforeStart`: set the fake up first (e.g. a slow Slack at start-up) */
  async start(beforeStart: (api: FakeSlackApi) => void = () => {}): Promise<this> {
    await this.api.start();
    beforeStart(this.api);
    this.adapter = createSlackAdapter({
      bot: this.app.bot, directory: this.app.directory, store: this.app.store, clock: this.app.clock,
      botToken: 'xoxb-test', signingSecret: SECRET, slackApiUrl: this.api.apiUrl, http: this.http,
      processBeforeResponse: this.opts.processBeforeResponse ?? true, logger: this.opts.logger ?? logTo(this.logs),
    });
    await this.adapter.start();
    this.url = `http://127.0.0.1:${await this.http.listen(0, '127.0.0.1')}/slack/events`;
    return this;
  }

  async stop(): Promise<void> {
    await this.adapter.stop();
    await this.http.close();
    await this.api.stop();
  }

  /** the body of the last request posted (to deliver it again, as Slack does on a retry) */
  lastPost?: string;

  /** POST a signed request; `body` is the urlencoded form Slack sends. */
  async post(body: string, headers: Record<string, string> = signedHeaders(SECRET, body)): Promise<{ status: number; json: Record<string, unknown> | undefined }> {
    this.lastPost = body;
    const res = await fetch(this.url, { method: 'POST', headers, body });
    const text = await res.text();
    let json: Record<string, unknown> | undefined;
    try {
      json = text ? (JSON.parse(text) as Record<string, unknown>) : undefined;
    } catch {
      json = undefined;
    }
    return { status: res.status, json };
  }

  commandBody(user: string, text: string, channel = TEAM_CHANNEL, triggerId = this.api.issueTrigger()): string {
    ++this.n;
    return new URLSearchParams({
      token: 'x', team_id: 'T1', team_domain: 'kommune', channel_id: channel, channel_name: 'tut', user_id: user, user_name: user,
      command: '/slt', text, api_app_id: 'A1', response_url: this.api.responseUrl(`cmd-${this.n}`), trigger_id: triggerId,
    }).toString();
  }

  command(user: string, text: string, channel = TEAM_CHANNEL) {
    return this.post(this.commandBody(user, text, channel));
  }

  /** A button press on a message (channel + ts) by `user`. */
  press(user: string, channel: string, ts: string, actionId: string, value: string) {
    const id = ++this.n;
    const payload = {
      type: 'block_actions', user: { id: user }, api_app_id: 'A1', token: 'x', team: { id: 'T1' }, channel: { id: channel },
      container: { type: 'message', message_ts: ts, channel_id: channel, is_ephemeral: false },
      message: { ts }, response_url: this.api.responseUrl(`act-${id}`), trigger_id: this.api.issueTrigger(),
      actions: [{ type: 'button', action_id: actionId, block_id: `slt_actions:${value}`, value, action_ts: `${1_700_000_000 + id}.1` }],
    };
    return this.post(new URLSearchParams({ payload: JSON.stringify(payload) }).toString());
  }

  /** A signed Events API delivery (e.g. app_home_opened), with its own event id. */
  event(event: Record<string, unknown>, eventId = `Ev${++this.n}`) {
    const body = JSON.stringify({ token: 'x', team_id: 'T1', api_app_id: 'A1', type: 'event_callback', event_id: eventId, event_time: 1,
      authorizations: [{ user_id: 'UBOT', is_bot: true }], event: { event_ts: `${1_700_000_000 + this.n}.1`, ...event } });
    return this.post(body, { ...signedHeaders(SECRET, body), 'content-type': 'application/json' });
  }

  /** `user` opens the bot's App Home (Slack sends app_home_opened each time). */
  openHome(user: string) {
    return this.event({ type: 'app_home_opened', user, channel: `D${user}`, tab: 'home' });
  }

  /** A button press on `user`'s App Home: no channel, no response_url; the container is the published view. */
  pressOnHome(user: string, actionId: string, value: string) {
    const id = ++this.n;
    const viewId = `VHOME-${user}`;
    const payload = {
      type: 'block_actions', user: { id: user }, api_app_id: 'A1', token: 'x', team: { id: 'T1' }, trigger_id: this.api.issueTrigger(),
      container: { type: 'view', view_id: viewId }, view: { id: viewId, type: 'home', callback_id: 'slt_home', blocks: [], state: { values: {} }, hash: `h-${id}` },
      actions: [{ type: 'button', action_id: actionId, block_id: `b-${id}`, value, action_ts: `${1_700_000_000 + id}.2` }],
    };
    return this.post(new URLSearchParams({ payload: JSON.stringify(payload) }).toString());
  }

  /** "Meld opp som SLT-sak" on a message in `channel` (a message shortcut payload, as Slack sends it). */
  messageShortcut(user: string, channel: string, message: { ts: string; text: string; thread_ts?: string; user?: string }) {
    const payload = {
      type: 'message_action', callback_id: 'slt_add_to_agenda', trigger_id: this.api.issueTrigger(), message_ts: message.ts,
      response_url: this.api.responseUrl(`sc-${++this.n}`), token: 'x', action_ts: `${1_700_000_000 + this.n}.3`,
      team: { id: 'T1', domain: 'kommune' }, user: { id: user, name: user }, channel: { id: channel, name: 'kanal' },
      message: { type: 'message', user: message.user ?? USERS.vara, ...message },
    };
    return this.post(new URLSearchParams({ payload: JSON.stringify(payload) }).toString());
  }

  /** "Meld opp SLT-sak" from the shortcuts menu (a global shortcut: no channel, no response_url). */
  globalShortcut(user: string) {
    const payload = { type: 'shortcut', callback_id: 'slt_submit_item', trigger_id: this.api.issueTrigger(), token: 'x', action_ts: `${1_700_000_000 + ++this.n}.4`, team: { id: 'T1', domain: 'kommune' }, user: { id: user, username: user, team_id: 'T1' } };
    return this.post(new URLSearchParams({ payload: JSON.stringify(payload) }).toString());
  }

  /**
   * Submit the modal the bot last opened, with these values per block id. Like Slack, every submission
   * of one opened modal carries the same view id and hash (the modal stays open after a field error)
   * and a new trigger id.
   */
  submitLastModal(user: string, values: Record<string, string>) {
    const call = this.api.calls.filter((c) => c.method === 'views.open').at(-1)!;
    const opened = call.body.view as { callback_id: string; private_metadata: string; blocks: { block_id: string; element: { type: string } }[] };
    const viewId = String((call.result?.view as { id?: string } | undefined)?.id ?? 'V-unknown');
    const state: Record<string, Record<string, unknown>> = {};
    for (const b of opened.blocks) {
      const v = values[b.block_id];
      if (v === undefined) continue;
      state[b.block_id] = { value: b.element.type === 'static_select' ? { type: 'static_select', selected_option: { value: v } } : { type: 'plain_text_input', value: v } };
    }
    const payload = {
      type: 'view_submission', team: { id: 'T1' }, user: { id: user }, api_app_id: 'A1', token: 'x', trigger_id: this.api.issueTrigger(),
      view: { id: viewId, hash: `h-${viewId}`, type: 'modal', callback_id: opened.callback_id, private_metadata: opened.private_metadata, state: { values: state } },
    };
    return this.post(new URLSearchParams({ payload: JSON.stringify(payload) }).toString());
  }
}
