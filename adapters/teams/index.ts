import { CloudAdapter } from 'botbuilder';
import { messages } from '../../src/core/i18n';
import express from 'express';
import type { SltBot } from '../../src/core/bot';
import type { ChatPort } from '../../src/core/chat-port';
import type { Directory } from '../../src/core/directory';
import type { Clock, SltStore } from '../../src/core/ports';
import { type TeamsCredentials, teamsAuthentication } from './credentials';
import { SltTeamsBot } from './teams-bot';
import { TeamsChatPort } from './teams-chat-port';

export interface TeamsAdapterOptions extends TeamsCredentials {
  bot: SltBot;
  directory: Directory;
  store: SltStore;
  clock: Clock;
  /** the shared express app: POST /api/messages is mounted on it */
  http: express.Express;
  /** NODE_ENV=production: refuse to run without an app id (requests would not be authenticated) */
  production: boolean;
  log?: (line: string) => void;
}

export interface TeamsAdapter {
  chatPort: ChatPort;
  /** false when running unauthenticated for local development */
  authenticated: boolean;
}

export const TEAMS_MESSAGES_PATH = '/api/messages';

/**
 * The Teams side of the bot on Bot Framework's CloudAdapter. Every botbuilder import stays in this
 * folder: the SDK is archived, and moving to @microsoft/agents-hosting changes only these files.
 */
export function createTeamsAdapter(opts: TeamsAdapterOptions): TeamsAdapter {
  const log = opts.log ?? ((l: string) => console.error(l));
  if (!opts.appId && opts.production) {
    throw new Error('Teams: MICROSOFT_APP_ID (and its password or certificate) is required when NODE_ENV=production; without it requests to /api/messages would not be authenticated');
  }
  // with an app id the SDK validates the JWT on every request; without one it accepts local, unauthenticated traffic
  const adapter = new CloudAdapter(teamsAuthentication(opts));
  adapter.onTurnError = async (ctx, error) => {
    log(`teams: ${error instanceof Error ? error.stack : String(error)}`);
    await ctx.sendActivity(messages('nb').internalError).catch(() => undefined);
  };
  const appId = opts.appId ?? '';
  const teamsBot = new SltTeamsBot({ bot: opts.bot, directory: opts.directory, store: opts.store, clock: opts.clock, appId, log }, adapter);
  opts.http.post(TEAMS_MESSAGES_PATH, express.json({ limit: '1mb' }), (req, res) => {
    void adapter.process(req, res, (ctx) => teamsBot.run(ctx)).catch((e: unknown) => {
      log(`teams: ${e instanceof Error ? e.message : String(e)}`);
      if (!res.headersSent) res.status(500).end();
    });
  });
  if (!opts.appId) log('teams: running WITHOUT authentication (no MICROSOFT_APP_ID): for local development only');
  return { chatPort: new TeamsChatPort(adapter, appId, opts.store, opts.directory, opts.clock), authenticated: Boolean(opts.appId) };
}
