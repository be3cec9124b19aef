import './compile-cache';
import { DateTime } from 'luxon';
import { runConsole } from '../adapters/console/run-console';
import { type App, createApp, DemoClock } from './app';
import { parseEnv } from './config/env';
import { ConfigError } from './config/load-municipalities';
import type { ChatPort } from './core/chat-port';
import { type Clock, systemClock } from './core/ports';
import { mountCalendarFeed } from './http/calendar-route';
import { createHttpServer } from './http/http-server';
import { startScheduler } from './scheduler/start-scheduler';
import { createTick, walkDemoClock } from './scheduler/tick';
import { startPlatforms } from './platforms';
import { APP_VERSION } from './version';

/** The one place that wires everything: configuration, store, core, scheduler, HTTP and adapters. */
async function main(): Promise<void> {
  const env = parseEnv(process.env);
  const demo = env.SLT_NOW ? new DemoClock(DateTime.fromISO(env.SLT_NOW, { zone: 'Europe/Oslo' }).toJSDate()) : undefined;
  const clock: Clock = demo ?? systemClock;
  const log = (line: string) => console.error(`[${new Date().toISOString()}] ${line}`);
  let app: App;
  try {
    app = createApp({
      dbFile: env.SLT_DB,
      data: env.SLT_DATA,
      clock,
      reportError: (e, where) => log(`error in command ${where.command} on ${where.platform}: ${e instanceof Error ? e.stack : String(e)}`),
      ...(env.PUBLIC_URL ? { publicUrl: env.PUBLIC_URL } : {}),
      ...(env.SLT_CALENDAR_SECRET ? { calendarSecret: env.SLT_CALENDAR_SECRET } : {}),
    });
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(`The configuration has errors; nothing was started or written:\n${e.message}`);
      process.exit(1);
    }
    throw e;
  }
  const synced = app.sync();

  const http = createHttpServer(() => ({ municipalities: app.municipalities.length }));
  mountCalendarFeed(http.app, { directory: app.directory, store: app.store, clock, secret: app.calendarSecret });
  const ports: ChatPort[] = [];
  let platforms;
  try {
    platforms = await startPlatforms(env, app, http.app, log);
  } catch (e) {
    console.error(e instanceof Error ? e.message : String(e));
    app.close();
    process.exit(1);
  }
  ports.push(...platforms.ports);

  const tick = createTick(app, app.dispatcher(ports), log);
  // one tick at a time, whether the cron, a console command or the demo clock asked for it
  let chain = Promise.resolve();
  const queue = (work: () => Promise<void>) => (chain = chain.then(work).catch((e) => log(`scheduler: ${e instanceof Error ? e.stack : String(e)}`)));
  const runTick = () => queue(tick);
  const scheduler = startScheduler(runTick, () => {});

  const consoleOn = env.SLT_CONSOLE === 'on' || (env.SLT_CONSOLE !== 'off' && platforms.names.length === 0);
  try {
    const port = await http.listen(env.PORT);
    log(`HTTP on port ${port}: /healthz, /calendar${platforms.names.length ? `, ${platforms.routes.join(', ')}` : ''}`);
  } catch (e) {
    if (!consoleOn) throw e;
    log(`HTTP port ${env.PORT} is busy; the console runs without it (${e instanceof Error ? e.message : String(e)})`);
  }
  log(`SLT-boten ${APP_VERSION} on Node ${process.version}; database ${env.SLT_DB}; meetings +${synced.inserted} ~${synced.updated} -${synced.cancelled}; platforms: ${platforms.names.join(', ') || 'none'}`);
  const shutdown = async () => {
    scheduler.stop();
    await platforms.stop();
    await http.close();
    app.close();
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown());
  process.once('SIGINT', () => void shutdown());
  if (!consoleOn) return;

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
  const consoleRun = runConsole(app, process.stdin, process.stdout, (p) => ports.push(p), () => void runTick(), demoControl);
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
