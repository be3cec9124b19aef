import type { App } from '../../src/app';
import { createHttpServer, type HttpServer } from '../../src/http/http-server';
import { createTeamsAdapter, type TeamsAdapter } from '../../adapters/teams';
import { FakeConnector } from './fake-connector';
import type { Log } from '../../src/observability/logger';
import { logTo } from '../log-capture';

export const AAD = { koord: 'aad-koord', leder: 'aad-leder', politi: 'aad-politi', vara: 'aad-vara', obs: 'aad-obs', fremmed: 'aad-fremmed' } as const;
export const TEAM_CONVERSATION = '19:team@thread.tacv2';
const BOT = { id: '28:slt-bot', name: 'SLT' };

/** The real Teams adapter on a loopback endpoint; the connector it answers to is a local fake. */
export class TeamsHarness {
  connector = new FakeConnector();
  http: HttpServer = createHttpServer();
  adapter!: TeamsAdapter;
  url = '';
  private n = 0;
  logs: string[] = [];

  /** `logger`: the adapter's log instead of `logs` */
  constructor(private readonly app: App, private readonly logger?: Log) {}

  async start(): Promise<this> {
    await this.connector.start();
    this.adapter = createTeamsAdapter({ bot: this.app.bot, directory: this.app.directory, store: this.app.store, clock: this.app.clock, http: this.http, production: false, logger: this.logger ?? logTo(this.logs) });
    this.url = `http://127.0.0.1:${await this.http.listen(0, '127.0.0.1')}/api/messages`;
    return this;
  }

  async stop(): Promise<void> {
    await this.http.close();
    await this.connector.stop();
  }

  /** `thread`: the channel message this one replies to (Teams then gives the conversation id ";messageid=<thread>") */
  base(aad: string, personal: boolean, id?: string, thread?: string): Record<string, unknown> {
    const channelConversation = thread ? `${TEAM_CONVERSATION};messageid=${thread}` : TEAM_CONVERSATION;
    return {
      id: id ?? `activity-${++this.n}`, timestamp: new Date().toISOString(), serviceUrl: this.connector.url, channelId: 'msteams',
      from: { id: `29:${aad}`, aadObjectId: aad, name: aad }, recipient: BOT,
      conversation: personal ? { id: `a:personal-29:${aad}`, conversationType: 'personal', tenantId: 't1' } : { id: channelConversation, conversationType: 'channel', isGroup: true, tenantId: 't1' },
      channelData: { tenant: { id: 't1' }, ...(personal ? {} : { channel: { id: TEAM_CONVERSATION }, team: { id: '19:team-root' } }) },
    };
  }

  async post(activity: Record<string, unknown>): Promise<{ status: number; body: Record<string, unknown> | undefined }> {
    const res = await fetch(this.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity) });
    const text = await res.text();
    return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : undefined };
  }

  /**
   * "@SLT <text>" in the team's channel (a new post, or a reply in the thread of `thread`), or a message in personal chat.
   * `expectReplies`: the activity asks for its replies in the HTTP response (deliveryMode "expectReplies") instead of through the connector.
   */
  message(aad: string, text: string, opts: { personal?: boolean; id?: string; thread?: string; expectReplies?: boolean } = {}) {
    const personal = Boolean(opts.personal);
    return this.post({
      ...this.base(aad, personal, opts.id, opts.thread), type: 'message', ...(opts.expectReplies ? { deliveryMode: 'expectReplies' } : {}),
      text: personal ? text : `<at>SLT</at> ${text}`,
      ...(personal ? {} : { entities: [{ type: 'mention', mentioned: BOT, text: '<at>SLT</at>' }] }),
    });
  }

  /** the bot is added to the team (its channel) */
  install(aad: string) {
    return this.post({ ...this.base(aad, false), type: 'conversationUpdate', membersAdded: [BOT] });
  }

  /** the app is installed for a person (org-wide deployment): the bot learns their personal chat */
  installPersonal(aad: string) {
    return this.post({ ...this.base(aad, true), type: 'installationUpdate', action: 'add' });
  }

  personalConversation(aad: string): string {
    return `a:personal-29:${aad}`;
  }

  /**
   * A message extension invoke (`composeExtension/fetchTask` or `composeExtension/submitAction`), as Teams sends it
   * from a message's "More actions" menu or the compose box: in the team's channel (in the thread of `thread`), or in
   * the personal chat. Returns the invoke's answer (a task module response).
   */
  extension(aad: string, name: 'composeExtension/fetchTask' | 'composeExtension/submitAction', value: Record<string, unknown>, opts: { personal?: boolean; thread?: string } = {}) {
    return this.post({ ...this.base(aad, Boolean(opts.personal), undefined, opts.thread), type: 'invoke', name, value });
  }

  /** The person acts on a FileConsentCard in their personal chat: Teams' `fileConsent/invoke` (an upload session when they accept) */
  fileConsent(aad: string, action: 'accept' | 'decline', context: unknown, replyToId: string, opts: { id?: string; uploadInfo?: Record<string, unknown> } = {}) {
    return this.post({ ...this.base(aad, true, opts.id), type: 'invoke', name: 'fileConsent/invoke', replyToId,
      value: { type: 'fileUpload', action, context, ...(action === 'accept' ? { uploadInfo: opts.uploadInfo } : {}) } });
  }

  /** Action.Execute on a card: an `adaptiveCard/action` invoke; returns the card the invoke answered with */
  invoke(aad: string, verb: string, data: Record<string, unknown>, replyToId: string, personal = true) {
    return this.post({ ...this.base(aad, personal), type: 'invoke', name: 'adaptiveCard/action', replyToId,
      value: { action: { type: 'Action.Execute', verb, data }, trigger: 'manual' } });
  }
}
