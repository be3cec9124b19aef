import { App, HTTPReceiver, type Logger, LogLevel, SocketModeReceiver } from '@slack/bolt';
import { WebClient } from '@slack/web-api';
import { DateTime } from 'luxon';
import type { SltBot } from '../../src/core/bot';
import type { ChatPort } from '../../src/core/ports/chat-port';
import type { Directory } from '../../src/core/model/directory';
import type { Clock } from '../../src/core/ports/clock';
import type { SltStore } from '../../src/core/ports/store';
import type { RawRouter } from '../../src/http/raw-routes';
import { silentLog, type Log } from '../../src/observability/logger';
import { checkSlackCredentials, type SlackIdentity, socketStartError } from './credentials';
import { registerHandlers } from './handlers';
import { registerHomeHandlers } from './home-handlers';
import { registerShortcuts } from './shortcuts';
import { linkMembersByEmail } from './identity';
import { boltLine, slackRequestCheck } from './request-checks';
import { SlackChatPort } from './slack-chat-port';
import { SlackRoutes } from './slack-routes';
import { errorSummary } from '../../src/observability/log-redaction';

export interface SlackAdapterOptions {
  bot: SltBot;
  directory: Directory;
  store: SltStore;
  clock: Clock;
  /** xoxb-… */
  botToken: string;
  /** HTTP mode: requests to POST /slack/events are verified with it */
  signingSecret?: string;
  /** xapp-…: Socket Mode (no public URL needed) */
  appToken?: string;
  /** tests: a local fake Web API, e.g. http://127.0.0.1:PORT/api/ */
  slackApiUrl?: string;
  /** HTTP mode: the shared HTTP server, to serve POST /slack/events on (a raw route: no express on the way) */
  http?: RawRouter;
  lookupByEmail?: boolean;
  /** answer Slack only after the handler finished (serverless, tests); default false: ack first */
  processBeforeResponse?: boolean;
  /** who the bot token belongs to, when already checked (auth.test); otherwise start() checks it */
  identity?: SlackIdentity;
  /** the operator's log; default: nothing is logged */
  logger?: Log;
}

export interface SlackAdapter {
  chatPort: ChatPort;
  mode: 'http' | 'socket';
  start(): Promise<void>;
  stop(): Promise<void>;
}

export const SLACK_EVENTS_PATH = '/slack/events';

/** Bolt's warnings and errors go to our log (refused signatures included), never with a body; debug and info are dropped. */
function boltLogger(log: Log): Logger {
  let level = LogLevel.WARN;
  return {
    debug: () => {}, info: () => {},
    warn: (...m: unknown[]) => log.warn({ event: 'slack.bolt' }, `slack: ${boltLine(m)}`),
    error: (...m: unknown[]) => log.error({ event: 'slack.bolt' }, `slack: ${boltLine(m)}`),
    setLevel: (l: LogLevel) => { level = l; },
    getLevel: () => level,
    setName: () => {},
  };
}

/** The Slack side of the bot: /slt, @SLT mentions, buttons and modals, all translated to the core. */
export function createSlackAdapter(opts: SlackAdapterOptions): SlackAdapter {
  const log = opts.logger ?? silentLog();
  const socket = Boolean(opts.appToken);
  // the outbox retries (and honours Retry-After), so the Web API client must not retry on its own; a
  // request that hangs is given up well within the outbox's lease
  const clientOptions = { ...(opts.slackApiUrl ? { slackApiUrl: opts.slackApiUrl } : {}), retryConfig: { retries: 0 }, rejectRateLimitedCalls: true, timeout: 20_000 };
  const logger = boltLogger(log);
  // the token is checked once at start (auth.test); requests use the answer and never wait for Slack
  let identity = opts.identity;
  const authorize = async () => {
    identity ??= await checkSlackCredentials(opts.botToken, clientOptions);
    return { botToken: opts.botToken, botId: identity.botId, botUserId: identity.botUserId };
  };
  // no conversation store: nothing here keeps state in Bolt's context.conversation, and Bolt's default
  // (an in-memory store) builds an Error, stack trace and all, for every event of a conversation it has nothing for
  // and no ignoreSelf middleware: the routes (slack-routes.ts) leave out what the bot itself caused
  const appOptions = { authorize, clientOptions, logger, convoStore: false as const, ignoreSelf: false };
  let app: App;
  if (socket) {
    // the Socket Mode client opens its connection through the Web API too (apps.connections.open)
    const receiver = new SocketModeReceiver({ appToken: opts.appToken!, logger, installerOptions: { clientOptions } });
    app = new App({ ...appOptions, receiver });
  } else {
    if (!opts.signingSecret) throw new Error('Slack in HTTP mode needs SLACK_SIGNING_SECRET (or set SLACK_APP_TOKEN for Socket Mode)');
    if (!opts.http) throw new Error('Slack in HTTP mode needs the HTTP server to mount /slack/events on');
    // Bolt's own HTTP receiver (as a bare Bolt app has it) on a raw route of our server, behind our checks
    // (request-checks.ts: timestamp either way, body size, signature); it parses the body it is handed,
    // answers url_verification and ssl_check, and acks
    const receiver = new HTTPReceiver({ signingSecret: opts.signingSecret, signatureVerification: false, endpoints: SLACK_EVENTS_PATH, processBeforeResponse: opts.processBeforeResponse ?? false, logger });
    app = new App({ ...appOptions, receiver });
    const check = slackRequestCheck(opts.signingSecret, log);
    opts.http.raw('POST', SLACK_EVENTS_PATH, (req, res) => check(req, res, () => receiver.requestListener(req, res)));
  }
  const client = new WebClient(opts.botToken, clientOptions);
  app.error(async (e) => {
    log.error({ event: 'slack.error', err: e }, `slack: ${errorSummary(e)}`);
  });
  // one global middleware finds each request's handler (slack-routes.ts), instead of a Bolt listener per route
  const routes = new SlackRoutes();
  registerHandlers(routes, { bot: opts.bot, log });
  registerHomeHandlers(routes, { bot: opts.bot, log });
  registerShortcuts(routes, { bot: opts.bot, log });
  app.use(routes.middleware);
  return {
    chatPort: new SlackChatPort(client),
    mode: socket ? 'socket' : 'http',
    async start() {
      identity ??= await checkSlackCredentials(opts.botToken, clientOptions);
      if (socket) await app.start().catch((e: unknown) => { throw socketStartError(e); });
      if (opts.lookupByEmail) {
        const n = await linkMembersByEmail(client, opts.directory, opts.store, DateTime.fromJSDate(opts.clock.now()).toUTC().toISO()!, log);
        if (n) log.info({ event: 'slack.linked', count: n }, `slack: linked ${n} members by e-mail`);
      }
    },
    async stop() {
      if (socket) await app.stop();
    },
  };
}
