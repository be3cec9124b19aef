import { DateTime } from 'luxon';
import { norwegianHolidays } from './calendar/norwegian-holidays';
import { loadMunicipalities } from './config/load-municipalities';
import { SltBot, type ErrorReporter } from './core/bot';
import { syncMeetings, type SyncSummary } from './core/calendar/sync-meetings';
import { ALL_COMMANDS } from './core/commands';
import type { Notifier } from './core/commands/types';
import { Directory } from './core/directory';
import type { Municipality } from './core/model/municipality';
import type { Clock } from './core/ports';
import type { Db } from './store/open-database';
import type { NewDatabasePolicy } from './store/database-identity';
import { openStorage } from './store/open-storage';
import type { StorageGuard } from './store/storage-health';
import { SqliteStore } from './store/sqlite-store';
import { OutboxNotifier } from './store/outbox';
import { meetingsToIcs } from './calendar/ics';
import type { DeliveryPlatform } from './core/chat-port';
import { reportUndelivered } from './core/schedule/delivery-report';
import { OutboxProblems } from './store/outbox-problems';
import { type DueResult, runDue } from './core/schedule/run-due';
import type { CoreDeps } from './core/commands/types';
import { calendarFeeds } from './http/calendar-route';
import { randomBytes } from 'node:crypto';
import { OutboxDispatcher, type DispatchOptions, type OutboxPort } from './scheduler/dispatch-outbox';
import { changedNextMeetings, nextMeetings, refreshHomes } from './core/home/home-refresh';

export interface AppOptions {
  dbFile: string;
  /** a folder of municipality YAML files, or already-parsed municipalities (tests) */
  data: string | Municipality[];
  clock: Clock;
  reportError?: ErrorReporter;
  /** the bot's public base URL: invitations then carry a calendar subscription link */
  publicUrl?: string;
  /** secret for calendar-feed tokens; default: generated once and kept in the database */
  calendarSecret?: string;
  /** operator log lines (outbox, storage) */
  log?: (line: string) => void;
  /** whether a missing database may be created (default: yes, except where a marker says one existed) */
  database?: NewDatabasePolicy;
}

export interface App {
  db: Db;
  store: SqliteStore;
  /** notices when the database file goes away or cannot be written */
  storage: StorageGuard;
  directory: Directory;
  municipalities: Municipality[];
  bot: SltBot;
  clock: Clock;
  notifier: OutboxNotifier;
  deps: CoreDeps;
  calendarSecret: string;
  /** plan meetings from the configuration into the database (idempotent) */
  sync(): SyncSummary;
  /** what is due now: invitations, reminders, publication, prompts (into the outbox) */
  runDue(): DueResult;
  /** a dispatcher that sends the outbox through these platforms and reports problems to the coordinator */
  dispatcher(ports: readonly OutboxPort[], opts?: DispatchOptions): OutboxDispatcher;
  /** one report per coordinator about messages that failed or are unknown and were not reported yet */
  reportUndelivered(): number;
  /** the platforms this bot runs: messages for other platforms are no longer queued */
  setRunningPlatforms(platforms: readonly DeliveryPlatform[]): void;
  close(): void;
}

/** Build the core and its store. No network, no timers: adapters and the scheduler are started by main. */
export function createApp(opts: AppOptions): App {
  const holidays = norwegianHolidays();
  const today = DateTime.fromJSDate(opts.clock.now()).toISODate() as string;
  // configuration first: a bad file stops us before the database is created or touched
  const municipalities = typeof opts.data === 'string' ? loadMunicipalities(opts.data, holidays, today) : opts.data;
  const { db, guard } = openStorage(opts.dbFile, opts.database ?? {}, DateTime.fromJSDate(opts.clock.now()).toUTC().toISO() as string, opts.log);
  const store = new SqliteStore(db, guard);
  const directory = new Directory(municipalities, store.bindings(), store.identityLinks());
  const notifier = new OutboxNotifier(db, directory);
  const deliveries = new OutboxProblems(db, notifier);
  const calendarSecret = opts.calendarSecret ?? store.setting('calendar-secret', () => randomBytes(32).toString('base64url'));
  const deps: CoreDeps = {
    store, clock: opts.clock, directory, holidays, notifier: notifier as Notifier, icsWriter: meetingsToIcs, deliveries,
    ...(opts.publicUrl ? { calendarFeeds: calendarFeeds(opts.publicUrl, calendarSecret) } : {}),
  };
  const bot = new SltBot(deps, ALL_COMMANDS, opts.reportError);
  const report = () => store.transaction(() => reportUndelivered(deps, opts.clock.now(), deliveries.takeUnreported(DateTime.fromJSDate(opts.clock.now()).toUTC().toISO() as string)));
  return {
    db, store, storage: guard, directory, municipalities, bot, clock: opts.clock, notifier, deps, calendarSecret,
    sync: () => {
      const nowUtc = DateTime.fromJSDate(opts.clock.now()).toUTC().toISO() as string;
      const before = nextMeetings(store, municipalities, nowUtc);
      const summary = syncMeetings(store, municipalities, holidays, opts.clock.now());
      // a next meeting that moved, changed or was cancelled changes what people's home views show
      const changed = changedNextMeetings(before, nextMeetings(store, municipalities, nowUtc), municipalities);
      if (changed.length) store.transaction(() => changed.forEach((m) => refreshHomes(deps, m, nowUtc)));
      return summary;
    },
    runDue: () => runDue(deps, opts.clock.now()),
    dispatcher: (ports, dopts = {}) => new OutboxDispatcher(notifier, ports, opts.clock, {
      report, ...(opts.log ? { log: opts.log } : {}),
      renderHome: ({ platform, target }) => (platform !== 'graph' && directory.actor(platform, target) ? bot.home(platform, target) : undefined),
      ...dopts,
    }),
    reportUndelivered: report,
    setRunningPlatforms: (platforms) => notifier.setRunningPlatforms(platforms),
    close: () => db.close(),
  };
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
