import './compile-cache';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DateTime } from 'luxon';
import { runConsole } from '../adapters/console/run-console';
import { type App, createApp, DemoClock } from './app';
import { parseEnv } from './config/env';
import { norwegianHolidays } from './calendar/norwegian-holidays';
import { ConfigError, loadMunicipalities } from './config/load-municipalities';
import type { Municipality } from './core/model/municipality';
import { type Clock, systemClock } from './core/ports/clock';
import { StorageUnavailableError } from './core/ports/store';
import type { OutboxPort } from './scheduler/dispatch-outbox';
import { OutlookResponses } from './scheduler/outlook-responses';
import { mountCalendarFeed } from './http/calendar-route';
import { createHttpServer } from './http/http-server';
import { OVERDUE_SLACK_MS, readiness } from './http/readiness';
import { OUTBOX_BOUNDS } from './core/ports/outbox';
import { checkPlatformCredentials, startPlatforms } from './platforms';
import { startScheduler } from './scheduler/start-scheduler';
import { createTick, walkDemoClock } from './scheduler/tick';
import { describeStore, openStore } from './store/open-store';
import { databasePermissionWarnings } from './store/private-files';
import { FileClock, tickOnClockChange } from './scheduler/test-clock';
import { StartupError } from './startup-error';
import { APP_VERSION } from './version';

/** How long SIGTERM waits for messages being sent before the process exits (the rest are released for the next start). */
const SHUTDOWN_GRACE_MS = 10_000;

/** A start-up problem: one line for the operator, exit code 1. */
function stop(message: string): never {
  console.error(message);
  process.exit(1);
}

/** An error for the log: storage faults as one line, anything else with its stack. */
const describe = (e: unknown) => (e instanceof StorageUnavailableError ? e.message : e instanceof Error ? e.stack : String(e));

/** The one place that wires everything: configuration, store, core, scheduler, HTTP and adapters. */
async function main(): Promise<void> {
  const args = parseArgs({ options: { 'new-database': { type: 'boolean' } }, strict: true }).values;
  const env = parseEnv(process.env);
  const demo = env.SLT_NOW ? new DemoClock(DateTime.fromISO(env.SLT_NOW, { zone: 'Europe/Oslo' }).toJSDate()) : undefined;
  // TEST ONLY: several processes share one fake clock (refused with NODE_ENV=production; src/scheduler/test-clock.ts)
  const testClock = env.SLT_TEST_CLOCK_FILE ? new FileClock(env.SLT_TEST_CLOCK_FILE) : undefined;
  const clock: Clock = testClock ?? demo ?? systemClock;
  const log = (line: string) => console.error(`[${new Date().toISOString()}] ${line}`);
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
  if (!env.DATABASE_URL) for (const warning of databasePermissionWarnings(env.SLT_DB)) log(warning);
  // PostgreSQL when DATABASE_URL is set, else the SQLite file SLT_DB (src/store/open-store.ts)
  const storeChoice = { databaseUrl: env.DATABASE_URL, dbFile: env.SLT_DB, poolSize: env.DATABASE_POOL_SIZE };
  const policy = { allowNew: Boolean(args['new-database']) || env.SLT_NEW_DATABASE === 'yes', requireExisting: deployed };
  let app: App;
  try {
    app = await createApp({
      store: () => openStore(storeChoice, { policy, nowUtc: DateTime.fromJSDate(clock.now()).toUTC().toISO() as string, log }),
      data: municipalities,
      clock,
      log,
      reportError: (e, where) => log(`error in command ${where.command} on ${where.platform}: ${describe(e)}`),
      ...(env.PUBLIC_URL ? { publicUrl: env.PUBLIC_URL } : {}),
      ...(env.SLT_CALENDAR_SECRET ? { calendarSecret: env.SLT_CALENDAR_SECRET } : {}),
    });
  } catch (e) {
    if (e instanceof ConfigError) stop(`The configuration has errors; nothing was started or written:\n${e.message}`);
    if (e instanceof StartupError) stop(e.message);
    throw e;
  }
  const synced = await app.sync();
  for (const { binding: b, reason } of app.directory.ignoredBindings) {
    log(`bind: the stored binding of ${b.platform} channel ${b.channelId} to ${b.municipalityId}/${b.forumId} is ignored (${reason === 'unknown forum'
      ? 'that forum is not in the configuration' : "the configuration gives that channel to another municipality's forum"})`);
  }

  // the scheduler's last sign of life, for /readyz
  let lastTickAt = Date.now();
  const http = createHttpServer(() => ({ municipalities: app.municipalities.length }), () => readiness({
    storageProblem: () => app.store.writeProblem(DateTime.fromJSDate(clock.now()).toUTC().toISO() as string),
    lastTickAt: () => lastTickAt,
    overdueMessages: () => app.store.outbox.countOverdue(new Date(clock.now().getTime() - OUTBOX_BOUNDS.giveUpAfterMs - OVERDUE_SLACK_MS).toISOString()),
  }), log);
  mountCalendarFeed(http.app, { directory: app.directory, store: app.store.read, clock, secret: app.calendarSecret });
  const ports: OutboxPort[] = [];
  let platforms;
  try {
    platforms = await startPlatforms(env, app, http.app, log, checked);
  } catch (e) {
    await app.close();
    stop(e instanceof Error ? e.message : String(e));
  }
  ports.push(...platforms.ports, ...(platforms.calendar ? [platforms.calendar] : []));

  // the console is on without a chat platform (Outlook events alone are no place to talk)
  const consoleOn = env.SLT_CONSOLE === 'on' || (env.SLT_CONSOLE !== 'off' && platforms.ports.length === 0);
  // messages are queued only for what runs here; what an older version queued for anything else expires
  app.setRunningPlatforms([...ports.map((p) => p.platform), ...(consoleOn ? ['console' as const] : [])]);
  const dispatcher = app.dispatcher(ports, { expireOtherPlatforms: true, leaseMs: env.SLT_OUTBOX_LEASE_SECONDS * 1000, onProgress: () => void (lastTickAt = Date.now()) });
  // the answers to the Outlook invitations are read back after each tick's sending
  const answers = platforms.calendar && new OutlookResponses(app, platforms.calendar, log);
  const tick = createTick(app, dispatcher, log, answers ? () => answers.run() : undefined);
  // one tick at a time, whether the cron, a console command or the demo clock asked for it
  let chain = Promise.resolve();
  const queue = (work: () => Promise<void>) => (chain = chain.then(work).catch((e) => log(`scheduler: ${describe(e)}`)));
  const runTick = () => queue(async () => {
    lastTickAt = Date.now();
    await tick();
    lastTickAt = Date.now();
  });
  const scheduler = testClock
    ? tickOnClockChange(testClock, async (at) => {
      await runTick();
      log(`test clock: ticked at ${at.toISOString()}`);
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
    log(`HTTP on port ${port}: /healthz, /readyz, /calendar${platforms.routes.length ? `, ${platforms.routes.join(', ')}` : ''}`);
  } catch (e) {
    if (!consoleOn) throw e;
    log(`HTTP port ${env.PORT} is busy; the console runs without it (${e instanceof Error ? e.message : String(e)})`);
  }
  log(`SLT-boten ${APP_VERSION} on Node ${process.version}; database ${describeStore(storeChoice)}; meetings +${synced.inserted} ~${synced.updated} -${synced.cancelled}; platforms: ${platforms.names.join(', ') || 'none'}`);
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
  const consoleRun = runConsole(app, process.stdin, process.stdout, (p) => ports.push(p), () => void runTick(), demoControl, filesDir);
  void runTick();
  await consoleRun.closed;
  await chain;
  consoleRun.flush();
  await shutdown();
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
