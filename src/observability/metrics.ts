import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { ITEM_STATES } from '../core/model/records';
import { OUTBOX_STATUSES } from '../core/ports/outbox';
import type { OperationalCounts } from '../core/ports/store';

export type CommandOutcome = 'ok' | 'refused' | 'error';

/** What the command wrapper reports (src/observability/observe-commands.ts). */
export interface CommandObserver {
  command(platform: string, outcome: CommandOutcome, seconds: number): void;
}

/** What the outbox worker reports (src/scheduler/dispatch-outbox.ts): the platform as the outbox names it (slack, teams, console, graph). */
export interface DeliveryObserver {
  sent(platform: string): void;
  /** `cause`: the failure the coordinator is told (not-member, credentials, gave-up, …), or `retry` while it is retried; `rateLimited`: the platform answered 429 */
  failed(platform: string, cause: string, rateLimited: boolean): void;
}

/** Where the scrape-time gauges come from. */
export interface MetricSources {
  /** the database's counts as of `now` (the store's operationalCounts) */
  counts(now: Date): Promise<OperationalCounts>;
  /** the scheduler's clock (due times are in its time); default: real time */
  now?: () => Date;
  /** when the scheduler last ticked or delivered (ms since the epoch), for the age of the last tick */
  lastTickAt(): number;
}

/** The database's gauges as shown: every outbox state, the oldest waiting message's age, every item state of each municipality with items. */
interface DatabaseGauges {
  outbox: OperationalCounts['outbox'];
  oldestPendingSeconds: number;
  items: { municipality: string; state: string; count: number }[];
}

function databaseGauges(c: OperationalCounts, now: Date): DatabaseGauges {
  const outbox = { ...Object.fromEntries(OUTBOX_STATUSES.map((s) => [s, 0])), ...c.outbox } as OperationalCounts['outbox'];
  const oldestPendingSeconds = c.oldestPendingDueAt ? Math.max(0, (now.getTime() - Date.parse(c.oldestPendingDueAt)) / 1000) : 0;
  const items = [...new Set(c.items.map((r) => r.municipalityId))].sort().flatMap((municipality) => ITEM_STATES.map((state) => ({
    municipality, state, count: c.items.find((r) => r.municipalityId === municipality && r.state === state)?.count ?? 0,
  })));
  return { outbox, oldestPendingSeconds, items };
}

/**
 * The bot's Prometheus metrics (prom-client), in a registry of their own. Counters and histograms move
 * as things happen (commands, sends, ticks); the database's gauges (outbox rows by state, the oldest
 * waiting message, items by state) and the age of the last tick are read when /metrics is scraped.
 * Labels are platforms, outcomes, causes, states and municipality ids only: never a person, a channel or a text.
 */
export class Metrics implements CommandObserver, DeliveryObserver {
  readonly registry = new Registry();
  private readonly commands: Counter<'platform' | 'outcome'>;
  private readonly commandSeconds: Histogram<'platform' | 'outcome'>;
  private readonly sends: Counter<'platform'>;
  private readonly failures: Counter<'platform' | 'cause'>;
  private readonly rateLimits: Counter<'platform'>;
  private readonly tickSeconds: Histogram;
  private readonly tickFailures: Counter;
  /** the next scrape reads the database again */
  private readonly newScrape: () => void;

  constructor(sources: MetricSources, opts: { processMetrics?: boolean } = {}) {
    const registers = [this.registry];
    if (opts.processMetrics) collectDefaultMetrics({ register: this.registry });
    this.commands = new Counter({ name: 'slt_commands_total', help: 'Commands handled, by platform and outcome (ok, refused: the person was told no, error: an internal error).', labelNames: ['platform', 'outcome'], registers });
    this.commandSeconds = new Histogram({
      name: 'slt_command_duration_seconds', help: 'Time the core took to answer a command, by platform and outcome.', labelNames: ['platform', 'outcome'], registers,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    });
    this.sends = new Counter({ name: 'slt_outbox_sends_total', help: 'Outbox rows delivered (messages, edits, home views, Outlook events), by platform.', labelNames: ['platform'], registers });
    this.failures = new Counter({ name: 'slt_outbox_send_failures_total', help: 'Failed send attempts, by platform and cause (retry: tried again later; otherwise why it failed for good).', labelNames: ['platform', 'cause'], registers });
    this.rateLimits = new Counter({ name: 'slt_rate_limited_total', help: 'Answers 429 (rate limited) from a platform, by platform.', labelNames: ['platform'], registers });
    this.tickSeconds = new Histogram({ name: 'slt_scheduler_tick_duration_seconds', help: 'Duration of a scheduler tick (what is due, the outbox sent, Outlook answers read).', buckets: [0.01, 0.05, 0.1, 0.5, 1, 5, 15, 30, 60, 120], registers });
    this.tickFailures = new Counter({ name: 'slt_scheduler_tick_failures_total', help: 'Scheduler ticks that ended with an error.', registers });
    new Gauge({
      name: 'slt_scheduler_last_tick_age_seconds', help: 'Seconds since the scheduler last ticked or delivered a message.', registers,
      collect() { this.set(Math.max(0, (Date.now() - sources.lastTickAt()) / 1000)); },
    });
    // one database read per scrape serves the three gauges below; a database that cannot be read keeps the last values
    const now = sources.now ?? (() => new Date());
    let lastRead: DatabaseGauges | undefined;
    let current: Promise<DatabaseGauges> | undefined;
    const counts = (): Promise<DatabaseGauges> => (current ??= (async () => {
      const at = now();
      try {
        lastRead = databaseGauges(await sources.counts(at), at);
      } catch {
        unreadable.inc();
        lastRead ??= databaseGauges({ outbox: { pending: 0, sending: 0, sent: 0, failed: 0, unknown: 0, expired: 0 }, oldestPendingDueAt: undefined, items: [] }, at);
      }
      return lastRead;
    })());
    this.newScrape = () => void (current = undefined);
    new Gauge({
      name: 'slt_outbox_rows', help: 'Outbox rows by state (pending, sending, sent, failed, unknown, expired).', labelNames: ['state'], registers,
      async collect() {
        for (const [state, n] of Object.entries((await counts()).outbox)) this.set({ state }, n);
      },
    });
    new Gauge({
      name: 'slt_outbox_oldest_pending_age_seconds', help: 'Seconds since the oldest message still waiting became due (0 when none is).', registers,
      async collect() { this.set((await counts()).oldestPendingSeconds); },
    });
    new Gauge({
      name: 'slt_items', help: 'Agenda items by municipality and state.', labelNames: ['municipality', 'state'], registers,
      async collect() {
        const { items } = await counts();
        this.reset();
        for (const r of items) this.set({ municipality: r.municipality, state: r.state }, r.count);
      },
    });
    // after the gauges: a scrape that could not read the database counts itself
    const unreadable = new Counter({ name: 'slt_metrics_database_unreadable_total', help: 'Scrapes whose database gauges could not be read (they show the last values read).', registers });
  }

  /** Series at zero for the platforms this bot runs, so they exist (and rates work) before the first event. */
  knownPlatforms(platforms: readonly string[]): void {
    for (const platform of platforms) {
      // Outlook (graph) takes no commands
      if (platform !== 'graph') for (const outcome of ['ok', 'refused', 'error'] as const) this.commands.inc({ platform, outcome }, 0);
      this.sends.inc({ platform }, 0);
      this.rateLimits.inc({ platform }, 0);
    }
  }

  command(platform: string, outcome: CommandOutcome, seconds: number): void {
    this.commands.inc({ platform, outcome });
    this.commandSeconds.observe({ platform, outcome }, seconds);
  }

  sent(platform: string): void {
    this.sends.inc({ platform });
  }

  failed(platform: string, cause: string, rateLimited: boolean): void {
    this.failures.inc({ platform, cause });
    if (rateLimited) this.rateLimited(platform);
  }

  rateLimited(platform: string): void {
    this.rateLimits.inc({ platform });
  }

  tick(seconds: number, ok: boolean): void {
    this.tickSeconds.observe(seconds);
    if (!ok) this.tickFailures.inc();
  }

  /** The Prometheus text exposition of every metric. */
  text(): Promise<string> {
    this.newScrape();
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
