import './compile-cache';
import './heap-growth';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DateTime } from 'luxon';
import { type App, createApp, DemoClock } from './app';
import { type Env, parseEnv } from './config/env';
import { norwegianHolidays } from './calendar/norwegian-holidays';
import { ConfigError, loadMunicipalities } from './config/load-municipalities';
import type { Municipality } from './core/model/municipality';
import { type Clock, systemClock } from './core/ports/clock';
import type { OutboxPort } from './scheduler/dispatch-outbox';
import { OutlookResponses } from './scheduler/outlook-responses';
import { mountCalendarFeed } from './http/calendar-route';
import { createHttpServer } from './http/http-server';
import { METRICS_PATH, mountMetrics } from './http/metrics-route';
import { errorSummary } from './observability/log-redaction';
import { createLogger, type GuardedLog } from './observability/logger';
import { Metrics } from './observability/metrics';
import { OVERDUE_SLACK_MS, readiness } from './http/readiness';
import { OUTBOX_BOUNDS } from './core/ports/outbox';
import { checkPlatformCredentials, startPlatforms } from './platforms';
import { outboxWake } from './scheduler/outbox-wake';
import { startScheduler } from './scheduler/start-scheduler';
import { createTick, walkDemoClock } from './scheduler/tick';
import { describeStore, openStore } from './store/open-store';
import { urlPassword } from './store/postgres/pg-faults';
import { databasePermissionWarnings } from './store/private-files';
import { FileClock, tickOnClockChange } from './scheduler/test-clock';
import { StartupError } from './startup-error';
import { APP_VERSION } from './version';

/** How long SIGTERM waits for messages being sent before the process exits (the rest are released for the next start). */
const SHUTDOWN_GRACE_MS = 10_000;

/** The console is on without a chat platform (Outlook events alone are no place to talk), or when asked for. */
const consoleWanted = (env: Pick<Env, 'SLT_CONSOLE' | 'SLACK_BOT_TOKEN' | 'MICROSOFT_APP_ID' | 'SLT_TEAMS'>) =>
  env.SLT_CONSOLE === 'on' || (env.SLT_CONSOLE !== 'off' && !env.SLACK_BOT_TOKEN && !env.MICROSOFT_APP_ID && env.SLT_TEAMS !== 'dev');

/** The log until the environment is read: JSON lines on stderr (pretty in the console demo). */
let log: GuardedLog = createLogger({ format: consoleWanted({ SLT_CONSOLE: process.env.SLT_CONSOLE === 'on' ? 'on' : process.env.SLT_CONSOLE === 'off' ? 'off' : undefined, SLACK_BOT_TOKEN: process.env.SLACK_BOT_TOKEN, MICROSOFT_APP_ID: process.env.MICROSOFT_APP_ID, SLT_TEAMS: process.env.SLT_TEAMS === 'dev' ? 'dev' : undefined }) ? 'pretty' : 'json' });

/** A start-up problem: one fatal line for the operator, exit code 1. */
function stop(message: string): never {
  log.fatal({ event: 'startup.failed' }, message);
  process.exit(1);
}

/** The one place that wires everything: configuration, store, core, scheduler, HTTP and adapters. */
async function main(): Promise<void> {
  const args = parseArgs({ options: { 'new-database': { type: 'boolean' } }, strict: true }).values;
  let env: Env;
  try {
    env = parseEnv(process.env);
  } catch (e) {
    stop(e instanceof Error ? e.message : String(e));
  }
  const consoleOn = consoleWanted(env);
  // the operator's log: JSON lines on stderr (a readable form in the console demo), no secret in any of them
  log = createLogger({
    level: env.LOG_LEVEL, format: consoleOn ? 'pretty' : 'json',
    secrets: [env.SLACK_BOT_TOKEN, env.SLACK_SIGNING_SECRET, env.SLACK_APP_TOKEN, env.MICROSOFT_APP_PASSWORD, env.GRAPH_CLIENT_SECRET, env.SLT_CALENDAR_SECRET, env.METRICS_TOKEN, urlPassword(env.DATABASE_URL)],
  });
  const demo = env.SLT_NOW ? new DemoClock(DateTime.fromISO(env.SLT_NOW, { zone: 'Europe/Oslo' }).toJSDate()) : undefined;
  // TEST ONLY: several processes share one fake clock (refused with NODE_ENV=production; src/scheduler/test-clock.ts)
  const testClock = env.SLT_TEST_CLOCK_FILE ? new FileClock(env.SLT_TEST_CLOCK_FILE) : undefined;
  const clock: Clock = testClock ?? demo ?? systemClock;
  // the configuration, then the platforms' credentials: a bad file or a refused token stops the bot before the database is touched
  let municipalities: Municipality[];
  try {
    municipalities = loadMunicipalities(env.SLT_DATA, norwegianHolidays(), DateTime.fromJSDate(clock.now()).toISODate() as string);
  } catch (e) {
    if (e instanceof ConfigError) stop(`The configuration has errors; nothing was started or written:\n${e.message}`);
    throw e;
  }
  const checked = await checkPlatformCredentials(env, municipalities).catch((e: unknown) => stop(e instanceof Error ? e.message : String(e)));
  const deployed = Boolean(env.SLACK_BOT_TOKEN || env.MICROSOFT_APP_ID || env.SLT_TEAMS) || env.NODE_ENV === 'production';
  // before the database is opened (a new one is created private): an existing one others can read is reported
  if (!env.DATABASE_URL) for (const warning of databasePermissionWarnings(env.SLT_DB)) log.warn({ event: 'security.permissions' }, warning);
  // PostgreSQL when DATABASE_URL is set, else the SQLite file SLT_DB (src/store/open-store.ts)
  const storeChoice = { databaseUrl: env.DATABASE_URL, dbFile: env.SLT_DB, poolSize: env.DATABASE_POOL_SIZE };
  const policy = { allowNew: Boolean(args['new-database']) || env.SLT_NEW_DATABASE === 'yes', requireExisting: deployed };
  // the scheduler's last sign of life, for /readyz and the metrics
  let lastTickAt = Date.now();
  let app: App;
  const metrics = new Metrics({ counts: (now) => app.store.read.operationalCounts(now.toISOString()), now: () => clock.now(), lastTickAt: () => lastTickAt }, { processMetrics: true });
  try {
    app = await createApp({
      store: () => openStore(storeChoice, { policy, nowUtc: DateTime.fromJSDate(clock.now()).toUTC().toISO() as string, log }),
      data: municipalities,
      clock,
      logger: log,
      commands: metrics,
      ...(env.PUBLIC_URL ? { publicUrl: env.PUBLIC_URL } : {}),
      ...(env.SLT_CALENDAR_SECRET ? { calendarSecret: env.SLT_CALENDAR_SECRET } : {}),
    });
  } catch (e) {
    if (e instanceof ConfigError) stop(`The configuration has errors; nothing was started or written:\n${e.message}`);
    if (e instanceof StartupError) stop(e.message);
    throw e;
  }
  log.guard.addSecret(app.calendarSecret);
  const synced = await app.sync();
  for (const { binding: b, reason } of app.directory.ignoredBindings) {
    log.warn({ event: 'bind.ignored', platform: b.platform, channel: b.channelId, forum: `${b.municipalityId}/${b.forumId}` }, `bind: the stored binding of ${b.platform} channel ${b.channelId} to ${b.municipalityId}/${b.forumId} is ignored (${reason === 'unknown forum'
      ? 'that forum is not in the configuration' : "the configuration gives that channel to another municipality's forum"})`);
  }

  const http = createHttpServer(() => ({ municipalities: app.municipalities.length }), () => readiness({
    storageProblem: () => app.store.writeProblem(DateTime.fromJSDate(clock.now()).toUTC().toISO() as string),
    lastTickAt: () => lastTickAt,
    overdueMessages: () => app.store.outbox.countOverdue(new Date(clock.now().getTime() - OUTBOX_BOUNDS.giveUpAfterMs - OVERDUE_SLACK_MS).toISOString()),
  }), log);
  mountCalendarFeed(http.app, { directory: app.directory, store: app.store.read, clock, secret: app.calendarSecret });
  const metricsAccess = mountMetrics(http.app, metrics, { ...(env.PUBLIC_URL ? { publicUrl: env.PUBLIC_URL } : {}), ...(env.METRICS_TOKEN ? { token: env.METRICS_TOKEN } : {}) });
  if (metricsAccess === 'closed') log.warn({ event: 'metrics.closed' }, `metrics: ${METRICS_PATH} is off: PUBLIC_URL is set and METRICS_TOKEN is not (set METRICS_TOKEN to scrape it with that bearer token)`);
  const ports: OutboxPort[] = [];
  let platforms;
  try {
    platforms = await startPlatforms(env, app, http, log, checked);
  } catch (e) {
    await app.close();
    stop(e instanceof Error ? e.message : String(e));
  }
  ports.push(...platforms.ports, ...(platforms.calendar ? [platforms.calendar] : []));

  // messages are queued only for what runs here; what an older version queued for anything else expires
  const running = [...ports.map((p) => p.platform), ...(consoleOn ? ['console' as const] : [])];
  app.setRunningPlatforms(running);
  metrics.knownPlatforms(running);
  const dispatcher = app.dispatcher(ports, { expireOtherPlatforms: true, leaseMs: env.SLT_OUTBOX_LEASE_SECONDS * 1000, onProgress: () => void (lastTickAt = Date.now()), observer: metrics });
  // the answers to the Outlook invitations are read back after each tick's sending
  const answers = platforms.calendar && new OutlookResponses(app, platforms.calendar, log, metrics);
  const tick = createTick(app, dispatcher, { logger: log, observer: metrics, ...(answers ? { after: () => answers.run() } : {}) });
  // one tick at a time, whether the cron, a console command or the demo clock asked for it
  let chain = Promise.resolve();
  // (a tick logs its own error; the next one runs all the same)
  const queue = (work: () => Promise<void>) => (chain = chain.then(work).catch(() => {}));
  const runTick = () => queue(async () => {
    lastTickAt = Date.now();
    await tick();
    lastTickAt = Date.now();
  });
  // what a command queued is sent right after it committed, between ticks (the command does not wait for it)
  app.onMessagesQueued(outboxWake(() => dispatcher.run(), queue));
  const scheduler = testClock
    ? tickOnClockChange(testClock, async (at) => {
      await runTick();
      log.info({ event: 'test-clock.ticked', at: at.toISOString() }, `test clock: ticked at ${at.toISOString()}`);
    })
    : startScheduler(runTick, () => {});
  let shuttingDown = false;
  const shutdown = async () => {
    if (shuttingDown) return;
    shuttingDown = true;
    scheduler.stop();
    // no new sends; the one in flight may finish; claimed messages go back to the queue for the next start
    await dispatcher.stop(SHUTDOWN_GRACE_MS);
    await platforms.stop();
    await http.close();
    await app.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown());
  process.on('SIGINT', () => void shutdown());

  try {
    const port = await http.listen(env.PORT);
    const routes = ['/healthz', '/readyz', ...(metricsAccess === 'closed' ? [] : [`${METRICS_PATH} (${metricsAccess === 'open' ? 'open' : 'bearer token'})`]), '/calendar', ...platforms.routes];
    log.info({ event: 'http.listening', port }, `HTTP on port ${port}: ${routes.join(', ')}`);
  } catch (e) {
    if (!consoleOn) throw e;
    log.warn({ event: 'http.busy', port: env.PORT, err: e }, `HTTP port ${env.PORT} is busy; the console runs without it (${errorSummary(e)})`);
  }
  log.info({ event: 'started', version: APP_VERSION, node: process.version, database: describeStore(storeChoice), meetings: synced, platforms: platforms.names },
    `SLT-boten ${APP_VERSION} on Node ${process.version}; database ${describeStore(storeChoice)}; meetings +${synced.inserted} ~${synced.updated} -${synced.cancelled}; platforms: ${platforms.names.join(', ') || 'none'}`);
  if (!consoleOn) {
    void runTick(); // interrupted sends are checked, and what fell due while the bot was down is sent, now
    return;
  }

  let demoPendingMs = 0; // fast-forwards typed but not yet played
  const demoControl = demo && {
    now: () => demo.now(),
    advance: (ms: number) => {
      demoPendingMs += ms;
      const played = queue(async () => {
        await walkDemoClock(demo, ms, tick);
        demoPendingMs -= ms;
      });
      return { until: new Date(demo.now().getTime() + demoPendingMs), played };
    },
  };
  // the files the bot sends (invitations' .ics) beside the database: var/invitations by default
  const filesDir = path.join(path.dirname(env.SLT_DB), 'invitations');
  const { runConsole } = await import('../adapters/console/run-console'); // loaded only when the console runs
  const consoleRun = runConsole(app, process.stdin, process.stdout, (p) => ports.push(p), () => void runTick(), demoControl, filesDir);
  void runTick();
  await consoleRun.closed;
  await chain;
  consoleRun.flush();
  await shutdown();
}

main().catch((e) => {
  log.fatal({ event: 'crashed', err: e }, `the bot stopped: ${errorSummary(e)}`);
  process.exit(1);
});
