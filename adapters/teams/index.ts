import { type Activity, CloudAdapter, type ConfigurationBotFrameworkAuthentication, type TurnContext } from 'botbuilder';
import { messages } from '../../src/core/i18n';
import type { IncomingMessage, ServerResponse } from 'node:http';
import express from 'express';
import type { RawRouter } from '../../src/http/raw-routes';
import type { SltBot } from '../../src/core/bot';
import type { ChatPort } from '../../src/core/ports/chat-port';
import type { Directory } from '../../src/core/model/directory';
import type { Clock } from '../../src/core/ports/clock';
import type { SltStore } from '../../src/core/ports/store';
import { silentLog, type Log } from '../../src/observability/logger';
import { withRequest } from '../../src/observability/request-context';
import { type TeamsCredentials, teamsAuthentication } from './credentials';
import { authFailure, logId, tokenProblem } from './request-checks';
import { SltTeamsBot } from './teams-bot';
import { TeamsChatPort } from './teams-chat-port';

export interface TeamsAdapterOptions extends TeamsCredentials {
  bot: SltBot;
  directory: Directory;
  store: SltStore;
  clock: Clock;
  /** the HTTP server: POST /api/messages is declared on it as a raw route (served before express) */
  http: RawRouter;
  /** NODE_ENV=production: refuse to run without an app id (requests would not be authenticated) */
  production: boolean;
  /** the operator's log; default: nothing is logged */
  logger?: Log;
}

type AuthResult = Awaited<ReturnType<ConfigurationBotFrameworkAuthentication['authenticateRequest']>>;

/** CloudAdapter with the authentication done by our route (see below), so every refusal is ours to answer and log. */
class SltCloudAdapter extends CloudAdapter {
  runAuthenticated(auth: AuthResult, activity: Activity, logic: (ctx: TurnContext) => Promise<void>) {
    return this.processActivity(auth, activity, logic);
  }
}

/** What the SDK's own request handling does to an activity before its turn (dates from strings). */
function withDates(body: Record<string, unknown>): Activity {
  const a = { ...body } as Record<string, unknown>;
  for (const f of ['timestamp', 'expiration', 'localTimestamp']) {
    if (typeof a[f] === 'string') {
      a[`raw${f[0]!.toUpperCase()}${f.slice(1)}`] = a[f];
      a[f] = new Date(a[f] as string);
    }
  }
  return a as unknown as Activity;
}

/**
 * A turn's answer (an invoke's response, or the replies of an expectReplies activity) as JSON, written
 * as it is: express's res.send would also hash it for an ETag, which no caller of a POST can use.
 */
function sendAnswer(res: ServerResponse, status: number, body: unknown): void {
  if (body === undefined) {
    res.statusCode = status;
    res.end();
    return;
  }
  const json = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(json) });
  res.end(json);
}

export interface TeamsAdapter {
  chatPort: ChatPort;
  /** false when running unauthenticated for local development */
  authenticated: boolean;
  /**
   * POST /api/messages on node's own request and response (mounted on `http` by createTeamsAdapter); it
   * needs nothing from express, so it can also be served before express, as a raw route.
   */
  handleMessages: (req: IncomingMessage, res: ServerResponse) => void;
}

export const TEAMS_MESSAGES_PATH = '/api/messages';

/**
 * The Teams side of the bot on Bot Framework's CloudAdapter. Every botbuilder import stays in this
 * folder: the SDK is archived, and moving to @microsoft/agents-hosting changes only these files.
 */
export function createTeamsAdapter(opts: TeamsAdapterOptions): TeamsAdapter {
  const log = opts.logger ?? silentLog();
  if (!opts.appId && opts.production) {
    throw new Error('Teams: MICROSOFT_APP_ID (and its password or certificate) is required when NODE_ENV=production; without it requests to /api/messages would not be authenticated');
  }
  // with an app id the SDK validates the JWT on every request; without one it accepts local, unauthenticated traffic
  const auth = teamsAuthentication(opts);
  const adapter = new SltCloudAdapter(auth);
  adapter.onTurnError = async (ctx, error) => {
    log.error({ event: 'teams.turn-error', err: error }, 'teams: an activity failed in its turn; the person was told');
    await ctx.sendActivity(messages('nb').internalError).catch(() => undefined);
  };
  const appId = opts.appId ?? '';
  const teamsBot = new SltTeamsBot({ bot: opts.bot, directory: opts.directory, store: opts.store, clock: opts.clock, appId, log }, adapter);
  // body-parser's JSON reader (express.json) works on node's own request: no express needed around it
  const json = express.json({ limit: '1mb' });
  const bytes = (req: IncomingMessage) => Number(req.headers['content-length'] ?? 0);
  const size = (req: IncomingMessage) => `${bytes(req)} bytes`;
  const refused = (req: IncomingMessage, res: ServerResponse, status: number, reason: string, id?: string) => {
    log.warn({ event: 'teams.refused', status, bytes: bytes(req), reason }, `teams: ${id ? `activity ${id}` : 'request'} refused with ${status} (${size(req)}): ${reason}`);
    res.statusCode = status;
    res.end();
  };
  // Every refusal is answered here and logged as one line: an id, a size and a reason; never the body,
  // the token, a stack trace or what someone wrote.
  const handleMessages = (req: IncomingMessage, res: ServerResponse): void => json(req as express.Request, res as express.Response, (err?: unknown) => {
    if (err) {
      const e = err as { status?: number; type?: string };
      refused(req, res, e.status ?? 400, `body not accepted (${e.type ?? 'unreadable'})`);
      return;
    }
    const body: unknown = (req as { body?: unknown }).body;
    if (!body || typeof body !== 'object' || Array.isArray(body) || typeof (body as { type?: unknown }).type !== 'string') {
      refused(req, res, 400, 'not an activity');
      return;
    }
    const activity = withDates(body as Record<string, unknown>);
    // the activity's own id (Teams' delivery id) on every line written while it is handled
    withRequest({ delivery: logId(activity.id), platform: 'teams' }, () => handleActivity(req, res, activity));
  });
  opts.http.raw('POST', TEAMS_MESSAGES_PATH, handleMessages);
  const handleActivity = (req: IncomingMessage, res: ServerResponse, activity: Activity) => {
    const id = `${logId(activity.type)} ${logId(activity.id)}`;
    const header = req.headers.authorization;
    const precheck = opts.appId ? tokenProblem(header, Date.now()) : undefined;
    if (precheck) {
      refused(req, res, 401, precheck, id);
      return;
    }
    void (async () => {
      let authenticated: AuthResult;
      try {
        authenticated = await auth.authenticateRequest(activity, header ?? '');
      } catch (e) {
        const { status, reason } = authFailure(e);
        refused(req, res, status, reason, id);
        return;
      }
      try {
        const answer = await adapter.runAuthenticated(authenticated, activity, (ctx) => teamsBot.run(ctx));
        sendAnswer(res, answer?.status ?? 200, answer?.body);
      } catch (e) {
        log.error({ event: 'teams.failed', err: e }, `teams: activity ${id} failed: ${e instanceof Error ? e.name : 'error'}`);
        if (!res.headersSent) res.statusCode = 500;
        res.end();
      }
    })();
  };
  if (!opts.appId) log.warn({ event: 'teams.unauthenticated' }, 'teams: running WITHOUT authentication (no MICROSOFT_APP_ID): for local development only');
  return { chatPort: new TeamsChatPort(adapter, appId, opts.store, opts.directory, opts.clock), authenticated: Boolean(opts.appId), handleMessages };
}
