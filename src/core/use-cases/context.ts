import { DateTime } from 'luxon';
import { messages } from '../i18n';
import type { Actor, Directory } from '../model/directory';
import type { Language } from '../model/primitives';
import type { HolidayCalendar } from '../model/plan';
import type { CalendarFeeds, IcsWriter } from '../ports/calendar';
import type { Clock } from '../ports/clock';
import type { DeliveryLog, SltStore, SyncNotifier, SyncOutbox } from '../ports/sync-store';
import type { ViewContext } from '../views/view-context';

/** What the core is built from (long-lived; main wires it). */
export interface CoreDeps {
  store: SltStore;
  clock: Clock;
  directory: Directory;
  holidays: HolidayCalendar;
  /** the durable outbox */
  outbox: SyncOutbox;
  /** subscription links for calendar feeds, when the bot has a public URL */
  calendarFeeds?: CalendarFeeds;
  /** iCalendar text for invitations (attached when the platform can carry files) */
  icsWriter?: IcsWriter;
  /** undelivered messages (the coordinator's `delivery` and `resend` commands) */
  deliveries?: DeliveryLog;
}

/**
 * The explicit context of a use case: who acts (nobody: the bot itself), when, the transaction it runs
 * in, and the ports it may use. It knows nothing of commands, platforms or requests.
 */
export interface UseCaseContext extends ViewContext {
  tx: SltStore;
  now: Date;
  /** who acts; undefined when the bot acts on its own (the scheduler) */
  actor?: Actor;
  notifier: SyncNotifier;
  holidays: HolidayCalendar;
  calendarFeeds?: CalendarFeeds;
  icsWriter?: IcsWriter;
  deliveries?: DeliveryLog;
  /** run `fn` once the transaction has committed (in-memory state, such as the directory's channel bindings) */
  afterCommit(fn: () => void): void;
}

export const utc = (d: Date): string => DateTime.fromJSDate(d).toUTC().toISO() as string;

/** A use-case context over `deps` at `now`, for `actor` (or the bot), in language `lang`. */
export function useCaseContext(deps: CoreDeps, tx: SltStore, now: Date, lang: Language, actor?: Actor, opts: { outbox?: SyncOutbox; afterCommit?: (() => void)[] } = {}): UseCaseContext {
  const nowUtc = utc(now);
  const outbox = opts.outbox ?? deps.outbox;
  const notifier: SyncNotifier = { enqueue: (n) => outbox.enqueue(n, nowUtc) };
  const hooks = opts.afterCommit;
  return {
    tx, now, nowUtc, lang, msg: messages(lang), directory: deps.directory, notifier, holidays: deps.holidays,
    afterCommit: (fn) => {
      if (!hooks) throw new Error('afterCommit outside a transaction');
      hooks.push(fn);
    },
    ...(actor ? { actor } : {}),
    ...(deps.calendarFeeds ? { calendarFeeds: deps.calendarFeeds } : {}),
    ...(deps.icsWriter ? { icsWriter: deps.icsWriter } : {}),
    ...(deps.deliveries ? { deliveries: deps.deliveries } : {}),
  };
}

/** The audit log's name for who acts: the member, or `system` for the bot itself. */
export const actorId = (ctx: Pick<UseCaseContext, 'actor'>): string => ctx.actor?.member.id ?? 'system';

/**
 * Run a use case in one transaction, with a context for `actor` (undefined: the bot itself) in
 * language `lang`; what it left for after the commit runs once the transaction has committed.
 */
export function inTransaction<T>(deps: CoreDeps, now: Date, lang: Language, actor: Actor | undefined, fn: (ctx: UseCaseContext) => T): T {
  const hooks: (() => void)[] = [];
  const result = deps.store.transaction(() => fn(useCaseContext(deps, deps.store, now, lang, actor, { afterCommit: hooks })));
  for (const hook of hooks) hook();
  return result;
}
