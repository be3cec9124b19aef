import type express from 'express';
import type { SlackIdentity } from '../adapters/slack/credentials';
import type { App } from './app';
import type { Env } from './config/env';
import type { ChatPort } from './core/chat-port';

export interface RunningPlatforms {
  names: string[];
  routes: string[];
  ports: ChatPort[];
  stop(): Promise<void>;
}

/** What the platforms said about the bot's credentials at start. */
export interface CheckedCredentials {
  slack?: SlackIdentity;
}

const teamsCredentials = (env: Env) => ({
  ...(env.MICROSOFT_APP_ID ? { appId: env.MICROSOFT_APP_ID } : {}),
  ...(env.MICROSOFT_APP_PASSWORD ? { appPassword: env.MICROSOFT_APP_PASSWORD } : {}),
  ...(env.MICROSOFT_APP_TENANT_ID ? { appTenantId: env.MICROSOFT_APP_TENANT_ID } : {}),
  ...(env.MICROSOFT_APP_TYPE ? { appType: env.MICROSOFT_APP_TYPE } : {}),
});

/**
 * Before anything else: Slack's auth.test for SLACK_BOT_TOKEN and, with MICROSOFT_APP_ID, a token from
 * Microsoft Entra ID. A refusal throws a StartupError (one line naming the variable).
 */
export async function checkPlatformCredentials(env: Env): Promise<CheckedCredentials> {
  const checked: CheckedCredentials = {};
  if (env.SLACK_BOT_TOKEN) {
    const { checkSlackCredentials } = await import('../adapters/slack/credentials');
    checked.slack = await checkSlackCredentials(env.SLACK_BOT_TOKEN, { ...(env.SLACK_API_URL ? { slackApiUrl: env.SLACK_API_URL } : {}), retryConfig: { retries: 0 } });
  }
  if (env.MICROSOFT_APP_ID) {
    const { checkTeamsCredentials } = await import('../adapters/teams/credentials');
    await checkTeamsCredentials(teamsCredentials(env));
  }
  return checked;
}

/**
 * Start Slack and Teams when their credentials are in the environment (wired from main).
 * Each adapter (and its SDK: Bolt, botbuilder) is loaded only when configured: together they
 * cost about a quarter of a second of start-up that a console-only or one-platform bot never uses.
 */
export async function startPlatforms(env: Env, app: App, http: express.Express, log: (line: string) => void, checked: CheckedCredentials = {}): Promise<RunningPlatforms> {
  const running: RunningPlatforms = { names: [], routes: [], ports: [], stop: async () => {} };
  const stops: (() => Promise<void>)[] = [];
  if (env.SLACK_BOT_TOKEN) {
    const { createSlackAdapter, SLACK_EVENTS_PATH } = await import('../adapters/slack');
    const slack = createSlackAdapter({
      bot: app.bot, directory: app.directory, store: app.store, clock: app.clock, http, log,
      botToken: env.SLACK_BOT_TOKEN,
      ...(env.SLACK_SIGNING_SECRET ? { signingSecret: env.SLACK_SIGNING_SECRET } : {}),
      ...(env.SLACK_APP_TOKEN ? { appToken: env.SLACK_APP_TOKEN } : {}),
      ...(env.SLACK_API_URL ? { slackApiUrl: env.SLACK_API_URL } : {}),
      lookupByEmail: env.SLACK_LOOKUP_BY_EMAIL === 'on',
      ...(checked.slack ? { identity: checked.slack } : {}),
    });
    await slack.start();
    running.names.push(`Slack (${slack.mode === 'socket' ? 'Socket Mode' : 'HTTP'})`);
    if (slack.mode === 'http') running.routes.push(`POST ${SLACK_EVENTS_PATH}`);
    running.ports.push(slack.chatPort);
    stops.push(() => slack.stop());
  }
  // Teams: with MICROSOFT_APP_ID (authenticated), or SLT_TEAMS=dev for local tries without a tenant
  if (env.MICROSOFT_APP_ID || env.SLT_TEAMS === 'dev') {
    const { createTeamsAdapter, TEAMS_MESSAGES_PATH } = await import('../adapters/teams');
    const teams = createTeamsAdapter({
      bot: app.bot, directory: app.directory, store: app.store, clock: app.clock, http, log,
      production: env.NODE_ENV === 'production',
      ...teamsCredentials(env),
    });
    running.names.push(teams.authenticated ? 'Teams' : 'Teams (development, unauthenticated)');
    running.routes.push(`POST ${TEAMS_MESSAGES_PATH}`);
    running.ports.push(teams.chatPort);
  }
  running.stop = async () => {
    for (const stop of stops) await stop();
  };
  return running;
}
