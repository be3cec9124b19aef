import { messages } from '../i18n';
import type { Actor, Directory } from '../model/directory';
import type { Municipality } from '../model/municipality';
import type { Language } from '../model/primitives';
import type { HolidayCalendar } from '../model/plan';
import type { CalendarFeeds, IcsWriter } from '../ports/calendar';
import type { DeliveryPlatform } from '../ports/chat-port';
import type { Clock } from '../ports/clock';
import type { Notifier } from '../ports/outbox';
import type { SltStore, StoreTx } from '../ports/store';
import type { ViewContext } from '../views/view-context';
import { outboxNotifier } from './outbox-notifier';

/** What the core is built from (long-lived; main wires it). */
export interface CoreDeps {
  store: SltStore;
  clock: Clock;
  directory: Directory;
  holidays: HolidayCalendar;
  /** subscription links for calendar feeds, when the bot has a public URL */
  calendarFeeds?: CalendarFeeds;
  /** iCalendar text for invitations (attached when the platform can carry files) */
  icsWriter?: IcsWriter;
  /** the platforms this bot runs: messages are queued only for them (undefined: every platform) */
  runningPlatforms?: () => ReadonlySet<DeliveryPlatform> | undefined;
  /** told once after each committed transaction that queued outbox messages (the worker sends them now, not at the next tick) */
  messagesQueued?: () => void;
}

/**
 * The explicit context of a use case: who acts (nobody: the bot itself), when, the transaction it runs
 * in, and the ports it may use. It knows nothing of commands, platforms or requests.
 */
export interface UseCaseContext extends ViewContext {
  tx: StoreTx;
  now: Date;
  /** who acts; undefined when the bot acts on its own (the scheduler) */
  actor?: Actor;
  /** the outbox, in this transaction */
  notifier: Notifier;
  holidays: HolidayCalendar;
  calendarFeeds?: CalendarFeeds;
  icsWriter?: IcsWriter;
  /** run `fn` once the transaction has committed (in-memory state, such as the directory's channel bindings) */
  afterCommit(fn: () => void): void;
}

/** An instant as the store writes it: ISO 8601 in UTC with milliseconds, e.g. 2026-12-01T11:47:49.123Z (what luxon's toISO gives in UTC; test/core/utc-format.test.ts). */
export const utc = (d: Date): string => d.toISOString();

export interface ContextOptions {
  /** told the municipality of every message queued (a command's reply says when they go out) */
  onEnqueue?: (m: Municipality) => void;
  /** where after-commit work is collected */
  afterCommit?: (() => void)[];
  revealed?: Set<string>;
}

/** A use-case context over `deps` in transaction `tx` at `now`, for `actor` (or the bot), in language `lang`. */
export function useCaseContext(deps: CoreDeps, tx: StoreTx, now: Date, lang: Language, actor?: Actor, opts: ContextOptions = {}): UseCaseContext {
  const nowUtc = utc(now);
  const running = deps.runningPlatforms?.();
  const hooks = opts.afterCommit;
  // the outbox worker is woken once the transaction that queued messages has committed (never before: it would find nothing)
  let wakes = Boolean(deps.messagesQueued && hooks);
  const onEnqueue = (m: Municipality) => {
    opts.onEnqueue?.(m);
    if (!wakes) return;
    wakes = false;
    hooks!.push(() => deps.messagesQueued!());
  };
  const notifier = outboxNotifier(tx, deps.directory, nowUtc, { ...(running ? { running } : {}), onEnqueue });
  return {
    tx, now, nowUtc, lang, msg: messages(lang), directory: deps.directory, notifier, holidays: deps.holidays,
    afterCommit: (fn) => {
      if (!hooks) throw new Error('afterCommit: this context was made without a place for after-commit work');
      hooks.push(fn);
    },
    ...(actor ? { actor } : {}),
    ...(opts.revealed ? { revealed: opts.revealed } : {}),
    ...(deps.calendarFeeds ? { calendarFeeds: deps.calendarFeeds } : {}),
    ...(deps.icsWriter ? { icsWriter: deps.icsWriter } : {}),
  };
}

/** The audit log's name for who acts: the member, or `system` for the bot itself. */
export const actorId = (ctx: Pick<UseCaseContext, 'actor'>): string => ctx.actor?.member.id ?? 'system';

/**
 * Run a use case in one transaction, with a context for `actor` (undefined: the bot itself) in
 * language `lang`; what it left for after the commit runs once the transaction has committed.
 */
export async function inTransaction<T>(deps: CoreDeps, now: Date, lang: Language, actor: Actor | undefined, fn: (ctx: UseCaseContext) => Promise<T>): Promise<T> {
  let hooks: (() => void)[] = [];
  const result = await deps.store.transaction((tx) => {
    hooks = [];
    return fn(useCaseContext(deps, tx, now, lang, actor, { afterCommit: hooks }));
  });
  for (const hook of hooks) hook();
  return result;
}

/** A context for reading outside a transaction (what is due, reports): in `lang`, at `now`. */
export function readContext(deps: CoreDeps, now: Date, lang: Language): ViewContext {
  return { tx: deps.store.read, directory: deps.directory, nowUtc: utc(now), lang, msg: messages(lang) };
}
