import { runConsole } from '../adapters/console/run-console';
import { type App, createApp, offsetClock } from './app';
import { ConfigError } from './config/load-municipalities';
import { parseEnv } from './config/env';
import type { ChatPort } from './core/chat-port';
import { systemClock } from './core/ports';
import { dispatchOutbox } from './scheduler/dispatch-outbox';
import { startScheduler } from './scheduler/start-scheduler';
import { DateTime } from 'luxon';

/** The one place that wires everything: configuration, store, core, scheduler and adapters. */
async function main(): Promise<void> {
  const env = parseEnv(process.env);
  const clock = env.SLT_NOW ? offsetClock(DateTime.fromISO(env.SLT_NOW, { zone: 'Europe/Oslo' }).toJSDate()) : systemClock;
  let app: App;
  try {
    app = createApp({
      dbFile: env.SLT_DB,
      data: env.SLT_DATA,
      clock,
      reportError: (e, where) => console.error(`[error] command ${where.command} on ${where.platform}:`, e instanceof Error ? e.stack : e),
    });
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(`The configuration has errors; nothing was started or written:\n${e.message}`);
      process.exit(1);
    }
    throw e;
  }
  const summary = app.sync();
  const ports: ChatPort[] = [];
  const tick = async () => {
    await dispatchOutbox(app.notifier, ports, clock);
  };
  const scheduler = startScheduler(tick, (e) => console.error('[scheduler]', e));

  const platforms = [env.SLACK_BOT_TOKEN && 'Slack', env.MICROSOFT_APP_ID && 'Teams'].filter(Boolean);
  const consoleOn = env.SLT_CONSOLE === 'on' || (env.SLT_CONSOLE !== 'off' && platforms.length === 0);
  if (!consoleOn) {
    console.log(`SLT bot running (${platforms.join(', ') || 'no chat platform'}); database ${env.SLT_DB}; meetings +${summary.inserted} ~${summary.updated} -${summary.cancelled}`);
    return;
  }
  const done = runConsole(app, process.stdin, process.stdout, (p) => ports.push(p), () => void tick());
  await done;
  scheduler.stop();
  app.close();
  process.exit(0);
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
