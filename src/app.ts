import { randomBytes } from 'node:crypto';
import { DateTime } from 'luxon';
import { meetingsToIcs } from './calendar/ics';
import { norwegianHolidays } from './calendar/norwegian-holidays';
import { loadMunicipalities } from './config/load-municipalities';
import { type ErrorReporter, SltBot } from './core/bot';
import { ALL_COMMANDS } from './core/commands';
import { Directory } from './core/model/directory';
import type { Municipality } from './core/model/municipality';
import type { DeliveryPlatform } from './core/ports/chat-port';
import type { Clock } from './core/ports/clock';
import type { Notification } from './core/ports/outbox';
import { type SltStore, StorageUnavailableError } from './core/ports/store';
import { type CoreDeps, inTransaction } from './core/use-cases/context';
import { changedNextMeetings, nextMeetings, refreshHomes } from './core/use-cases/home-refresh';
import { reportUndelivered } from './core/use-cases/report-undelivered';
import { type DueResult, runDue } from './core/use-cases/run-due';
import { syncMeetings, type SyncSummary } from './core/use-cases/sync-meetings';
import { calendarFeeds } from './http/calendar-route';
import { type DispatchOptions, OutboxDispatcher, type OutboxPort } from './scheduler/dispatch-outbox';
import type { NewDatabasePolicy } from './store/sqlite/database-identity';
import type { Db } from './store/sqlite/open-database';
import { openSqliteStore } from './store/sqlite/open-sqlite-store';
import { type Log, silentLog } from './observability/logger';
import type { CommandObserver } from './observability/metrics';
import { inBackground, markCommandFailed, observeCommands } from './observability/observe-commands';

export interface AppOptions {
  /** the SQLite file (used when no `store` is given) */
  dbFile?: string;
  /** an opened store (e.g. PostgreSQL), or how to open it once the configuration has been read; the app closes it with close() */
  store?: SltStore | (() => Promise<SltStore>);
  /** a folder of municipality YAML files, or already-parsed municipalities (tests) */
  data: string | Municipality[];
  clock: Clock;
  /** told of a command's internal error (or storage fault); default: an error line in `logger` */
  reportError?: ErrorReporter;
  /** the bot's public base URL: invitations then carry a calendar subscription link */
  publicUrl?: string;
  /** secret for calendar-feed tokens; default: generated once and kept in the database */
  calendarSecret?: string;
  /** the operator's log (commands' errors, outbox, storage); default: nothing is logged */
  logger?: Log;
  /** told of every command's outcome and time (metrics) */
  commands?: CommandObserver;
  /** SQLite: whether a missing database may be created (default: yes, except where a marker says one existed) */
  database?: NewDatabasePolicy;
}

export interface App {
  store: SltStore;
  directory: Directory;
  municipalities: Municipality[];
  bot: SltBot;
  clock: Clock;
  deps: CoreDeps;
  calendarSecret: string;
  /** plan meetings from the configuration into the database (idempotent) */
  sync(): Promise<SyncSummary>;
  /** what is due now: invitations, reminders, publication, prompts (into the outbox) */
  runDue(): Promise<DueResult>;
  /** channel bindings and identity links as stored, also those other instances made (each tick) */
  refreshDirectory(): Promise<void>;
  /** a dispatcher that sends the outbox through these platforms and reports problems to the coordinator */
  dispatcher(ports: readonly OutboxPort[], opts?: DispatchOptions): OutboxDispatcher;
  /** one report per coordinator about messages that failed or are unknown and were not reported yet */
  reportUndelivered(): Promise<number>;
  /** queue a notification now, as the bot (operator tools and tests) */
  notify(n: Notification): Promise<void>;
  /** the platforms this bot runs: messages for other platforms are no longer queued */
  setRunningPlatforms(platforms: readonly DeliveryPlatform[]): void;
  close(): Promise<void>;
}

/** An app on SQLite: its connection, for what only SQLite has (tests of the file, pragmas). */
export interface SqliteApp extends App {
  db: Db;
}

/**
 * Build the core and its store. No network, no timers: adapters and the scheduler are started by main.
 * Without `store`, the SQLite database `dbFile` is opened (and created where the policy allows).
 */
export async function createApp(opts: AppOptions & { store?: undefined }): Promise<SqliteApp>;
export async function createApp(opts: AppOptions): Promise<App>;
export async function createApp(opts: AppOptions): Promise<App> {
  const holidays = norwegianHolidays();
  const nowUtc = () => DateTime.fromJSDate(opts.clock.now()).toUTC().toISO() as string;
  // configuration first: a bad file stops us before the database is created or touched
  const municipalities = typeof opts.data === 'string' ? loadMunicipalities(opts.data, holidays, DateTime.fromJSDate(opts.clock.now()).toISODate() as string) : opts.data;
  const sqlite = opts.store ? undefined : await openSqliteStore(opts.dbFile ?? ':memory:', { ...(opts.database ? { policy: opts.database } : {}), nowUtc: nowUtc(), ...(opts.logger ? { log: opts.logger } : {}) });
  const store: SltStore = typeof opts.store === 'function' ? await opts.store() : opts.store ?? sqlite!;
  try {
    const directory = new Directory(municipalities, await store.read.bindings(), await store.read.identityLinks());
    const calendarSecret = opts.calendarSecret ?? await store.transaction((tx) => tx.ensureSetting('calendar-secret', randomBytes(32).toString('base64url')));
    let running: ReadonlySet<DeliveryPlatform> | undefined;
    const deps: CoreDeps = {
      store, clock: opts.clock, directory, holidays, icsWriter: meetingsToIcs, runningPlatforms: () => running,
      ...(opts.publicUrl ? { calendarFeeds: calendarFeeds(opts.publicUrl, calendarSecret) } : {}),
    };
    const reportError: ErrorReporter = opts.reportError ?? ((e, where) => logCommandError(opts.logger, e, where));
    const bot = new SltBot(deps, ALL_COMMANDS, (e, where) => {
      markCommandFailed();
      reportError(e, where);
    });
    // each command: a request id on its log lines, its texts masked in them, its outcome and time observed
    if (opts.logger || opts.commands) observeCommands(bot, opts.logger ?? silentLog(), opts.commands);
    // the bot acts on its own here: no actor; each message is rendered in its municipality's language
    const asBot = <T>(fn: Parameters<typeof inTransaction<T>>[4]) => inTransaction(deps, opts.clock.now(), 'nb', undefined, fn);
    const report = () => asBot((ctx) => reportUndelivered(ctx));
    const app: App = {
      store, directory, municipalities, bot, clock: opts.clock, deps, calendarSecret,
      sync: async () => {
        const now = nowUtc();
        const before = await nextMeetings(store.read, municipalities, now);
        const summary = await syncMeetings(store, municipalities, holidays, opts.clock.now());
        // a next meeting that moved, changed or was cancelled changes what people's home views show
        const changed = changedNextMeetings(before, await nextMeetings(store.read, municipalities, now), municipalities);
        if (changed.length) await asBot(async (ctx) => { for (const m of changed) await refreshHomes(ctx, m); });
        return summary;
      },
      runDue: () => runDue(deps, opts.clock.now()),
      refreshDirectory: async () => {
        const revision = directory.revision;
        directory.reload(revision, await store.read.bindings(), await store.read.identityLinks());
      },
      dispatcher: (ports, dopts = {}) => new OutboxDispatcher(store.outbox, ports, opts.clock, {
        report, ...(opts.logger ? { logger: opts.logger } : {}),
        // rendered by the bot on its own, not a person's command
        renderHome: async ({ platform, target }) => (platform !== 'graph' && directory.actor(platform, target) ? await inBackground(() => bot.home(platform, target)) : undefined),
        ...dopts,
      }),
      reportUndelivered: report,
      notify: (n) => asBot((ctx) => ctx.notifier.enqueue(n)),
      setRunningPlatforms: (platforms) => void (running = new Set(platforms)),
      close: () => store.close(),
    };
    return sqlite ? ({ ...app, db: sqlite.db } as SqliteApp) : app;
  } catch (e) {
    await store.close();
    throw e;
  }
}

/** A command's internal error: a storage fault as one line (what failed), anything else with its type and stack (never its text). */
function logCommandError(log: Log | undefined, e: unknown, where: { command: string; platform: string }): void {
  if (e instanceof StorageUnavailableError) {
    log?.warn({ event: 'command.storage', command: where.command, platform: where.platform, kind: e.kind }, `error in command ${where.command} on ${where.platform}: ${e.message}`);
  } else {
    log?.error({ event: 'command.error', command: where.command, platform: where.platform, err: e }, `error in command ${where.command} on ${where.platform}`);
  }
}

/** A clock that starts at `start`, runs on in real time and can be moved forward (demos with SLT_NOW). */
export class DemoClock implements Clock {
  private offset: number;
  constructor(start: Date) {
    this.offset = start.getTime() - Date.now();
  }
  now(): Date {
    return new Date(Date.now() + this.offset);
  }
  advance(ms: number): void {
    this.offset += ms;
  }
}
