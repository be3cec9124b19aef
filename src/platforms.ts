import type { SlackIdentity } from '../adapters/slack/credentials';
import { checkGraphCredentials, type GraphVariableNames } from '../adapters/graph/credentials';
import { GraphCalendarPort, type GraphOptions } from '../adapters/graph/graph-calendar-port';
import type { App } from './app';
import type { Env } from './config/env';
import type { HttpServer } from './http/http-server';
import type { CalendarPort } from './core/ports/calendar';
import type { ChatPort } from './core/ports/chat-port';
import { Directory } from './core/model/directory';
import type { Municipality } from './core/model/municipality';
import { outlookOrganizer } from './core/views/outlook-view';
import type { Log } from './observability/logger';
import { StartupError } from './startup-error';

export interface RunningPlatforms {
  names: string[];
  routes: string[];
  ports: ChatPort[];
  /** Outlook events, when a municipality configures them */
  calendar?: CalendarPort;
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

/** The Graph settings when some municipality wants Outlook events (`calendar.provider: graph`); a missing variable is a StartupError. */
export function graphOptions(env: Env, municipalities: readonly Municipality[]): { opts: GraphOptions; names: GraphVariableNames; organizers: string[] } | undefined {
  const users = municipalities.filter((m) => m.calendar);
  if (!users.length) return undefined;
  const pick = (own: keyof Env, teams: keyof Env, what: string) => {
    const value = env[own] ?? env[teams];
    if (typeof value !== 'string' || !value) {
      throw new StartupError(`Outlook events (calendar.provider: graph, ${users.map((m) => m.id).join(', ')}) need ${own} (or ${teams}): ${what}`);
    }
    return { value, name: env[own] ? own : teams };
  };
  const tenant = pick('GRAPH_TENANT_ID', 'MICROSOFT_APP_TENANT_ID', 'the directory (tenant) id of the Azure app registration');
  const client = pick('GRAPH_CLIENT_ID', 'MICROSOFT_APP_ID', 'the app registration\'s application (client) id');
  const secret = pick('GRAPH_CLIENT_SECRET', 'MICROSOFT_APP_PASSWORD', 'a client secret of the app registration');
  const directory = new Directory(users);
  const organizers = [...new Set(users.flatMap((m) => m.forums.flatMap((forum) => outlookOrganizer(directory, { municipality: m, forum }) ?? [])))];
  return {
    opts: { tenantId: tenant.value, clientId: client.value, clientSecret: secret.value, authorityUrl: env.GRAPH_AUTHORITY_URL, apiUrl: env.GRAPH_API_URL },
    names: { tenantId: tenant.name, clientId: client.name, clientSecret: secret.name },
    organizers,
  };
}

/**
 * Before anything else: Slack's auth.test for SLACK_BOT_TOKEN and, with MICROSOFT_APP_ID, a token from
 * Microsoft Entra ID. A refusal throws a StartupError (one line naming the variable).
 */
export async function checkPlatformCredentials(env: Env, municipalities: readonly Municipality[] = []): Promise<CheckedCredentials> {
  const checked: CheckedCredentials = {};
  if (env.SLACK_BOT_TOKEN) {
    const { checkSlackCredentials } = await import('../adapters/slack/credentials');
    checked.slack = await checkSlackCredentials(env.SLACK_BOT_TOKEN, env.SLACK_API_URL ? { slackApiUrl: env.SLACK_API_URL } : {});
  }
  if (env.MICROSOFT_APP_ID) {
    const { checkTeamsCredentials } = await import('../adapters/teams/credentials');
    await checkTeamsCredentials(teamsCredentials(env));
  }
  const graph = graphOptions(env, municipalities);
  if (graph) await checkGraphCredentials(graph.opts, graph.names, graph.organizers);
  return checked;
}

/**
 * Start Slack and Teams when their credentials are in the environment, and Outlook events when configured (wired from main).
 * Slack's and Teams' adapters (and their SDKs: Bolt, botbuilder) are loaded only when configured: together
 * they cost about a quarter of a second of start-up that a console-only or one-platform bot never uses.
 */
export async function startPlatforms(env: Env, app: App, http: HttpServer, log: Log, checked: CheckedCredentials = {}): Promise<RunningPlatforms> {
  const running: RunningPlatforms = { names: [], routes: [], ports: [], stop: async () => {} };
  const stops: (() => Promise<void>)[] = [];
  if (env.SLACK_BOT_TOKEN) {
    const { createSlackAdapter, SLACK_EVENTS_PATH } = await import('../adapters/slack');
    const slack = createSlackAdapter({
      bot: app.bot, directory: app.directory, store: app.store, clock: app.clock, http, logger: log,
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
      bot: app.bot, directory: app.directory, store: app.store, clock: app.clock, http, logger: log,
      production: env.NODE_ENV === 'production',
      ...teamsCredentials(env),
    });
    running.names.push(teams.authenticated ? 'Teams' : 'Teams (development, unauthenticated)');
    running.routes.push(`POST ${TEAMS_MESSAGES_PATH}`);
    running.ports.push(teams.chatPort);
  }
  // Outlook events: when a municipality configures `calendar.provider: graph`
  const graph = graphOptions(env, app.municipalities);
  if (graph) {
    running.calendar = new GraphCalendarPort(graph.opts);
    running.names.push('Outlook (Microsoft Graph)');
  }
  running.stop = async () => {
    for (const stop of stops) await stop();
  };
  return running;
}
