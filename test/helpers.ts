import { DateTime } from 'luxon';
import { createApp, type App, type SqliteApp } from '../src/app';
import { norwegianHolidays } from '../src/calendar/norwegian-holidays';
import { type InlineSyntax, renderInline } from '../src/core/model/markup';
import { Municipality, type MunicipalityInput } from '../src/core/model/municipality';
import type { DeliveryPlatform } from '../src/core/ports/chat-port';
import type { Clock } from '../src/core/ports/clock';
import type { SltStore, StoreTx } from '../src/core/ports/store';
import { PostgresStore } from '../src/store/postgres/postgres-store';

export const holidays = norwegianHolidays();

/** A clock the test moves by hand. */
export class FakeClock implements Clock {
  private t: Date;
  constructor(iso: string) {
    this.t = DateTime.fromISO(iso, { zone: 'Europe/Oslo' }).toJSDate();
  }
  now(): Date {
    return new Date(this.t);
  }
  set(iso: string): void {
    this.t = DateTime.fromISO(iso, { zone: 'Europe/Oslo' }).toJSDate();
  }
  advance(dur: { days?: number; hours?: number; minutes?: number; seconds?: number }): void {
    this.t = DateTime.fromJSDate(this.t).plus(dur).toJSDate();
  }
}

/** A small invented municipality for unit tests (independent of the demo data). */
export function fixtureInput(overrides: Partial<MunicipalityInput> = {}): MunicipalityInput {
  return {
    id: 'testby',
    name: 'Testby kommune',
    coordinator: 'koord',
    members: [
      { id: 'koord', name: 'Kari Koordinator', role: 'SLT-koordinator', agency: 'Kommunen', identities: { console: 'koord', slack: 'UKOORD1', teams: 'aad-koord' } },
      { id: 'leder', name: 'Lise Teamleder', role: 'Teamleder', agency: 'Helse', identities: { console: 'leder', slack: 'ULEDER1', teams: 'aad-leder' } },
      { id: 'politi', name: 'Per Politi', role: 'Politikontakt', agency: 'Politiet', identities: { console: 'politi', slack: 'UPOLITI', teams: 'aad-politi' } },
      { id: 'vara', name: 'Vera Vara', role: 'Barnevernskonsulent', agency: 'Barnevernet', identities: { console: 'vara', slack: 'UVARA01', teams: 'aad-vara' } },
      { id: 'obs', name: 'Ole Observatør', role: 'Rådgiver', agency: 'Kommunen', identities: { console: 'obs', slack: 'UOBS001', teams: 'aad-obs' } },
      { id: 'fremmed', name: 'Frida Fremmed', role: 'Lærer', agency: 'Skolen', identities: { console: 'fremmed', slack: 'UFREMMED', teams: 'aad-fremmed' } },
    ],
    forums: [
      {
        id: 'team', code: 'TEAM', name: 'Tverrfaglig team', level: 3,
        convener: { role: 'Teamleder' },
        members: ['leder', 'politi', { member: 'vara', role: 'deputy' }, { member: 'obs', role: 'observer' }],
        channels: { console: 'testby-team', slack: 'CTEAM01', teams: '19:team@thread.tacv2' },
        cadence: { kind: 'weekly', every: 2, weekday: 'wednesday', anchor: '2027-01-06' },
        time: '09:00', durationMinutes: 90, place: 'Rådhuset', referralDeadlineDays: 7,
        allowsCases: true, holidayPolicy: 'skip',
      },
      {
        id: 'rad', code: 'RAD', name: 'Politirådet', level: 1,
        members: ['politi'],
        channels: { console: 'testby-rad' },
        cadence: { kind: 'spread', weekday: 'tuesday', nth: 2, periods: [{ months: [1, 2, 3, 4, 5, 6], count: 2 }, { months: [8, 9, 10, 11, 12], count: 2 }] },
        time: '13:00', standingItems: ['Vold og overgrep mot barn'],
      },
    ],
    ...overrides,
  } as MunicipalityInput;
}

export const fixture = (overrides: Partial<MunicipalityInput> = {}): Municipality => Municipality.parse(fixtureInput(overrides));

/** The scheduler's tick every five minutes of the fake clock, from `from` to `to` (inclusive). */
export async function tickThrough(app: Pick<App, 'runDue'>, clock: FakeClock, from: string, to: string): Promise<void> {
  clock.set(from);
  const end = new FakeClock(to).now().getTime();
  while (clock.now().getTime() <= end) {
    await app.runDue();
    clock.advance({ minutes: 5 });
  }
}

/** The app on the fixture (or `municipalities`), its meetings planned: on SQLite (`dbFile`, default in memory), or on an opened `store`. */
export async function testApp(clock: FakeClock, municipalities?: Municipality[], opts?: { dbFile?: string }): Promise<SqliteApp>;
export async function testApp(clock: FakeClock, municipalities: Municipality[] | undefined, opts: { store: SltStore }): Promise<App>;
export async function testApp(clock: FakeClock, municipalities = [fixture()], opts: { dbFile?: string; store?: SltStore } = {}): Promise<App> {
  const app = await createApp({ ...(opts.store ? { store: opts.store } : { dbFile: opts.dbFile ?? ':memory:' }), data: municipalities, clock, reportError: (e) => { throw e; } });
  await app.sync();
  return app;
}

/**
 * Every row of every table as text, for checks that no copy of a text is left anywhere (SQLite through
 * sqlite_master, PostgreSQL through pg_tables).
 */
export async function dumpAllTables(app: App): Promise<string> {
  if (app.store instanceof PostgresStore) {
    const { pool } = app.store;
    const tables = (await pool.query<{ t: string }>('SELECT quote_ident(tablename) AS t FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename')).rows;
    const dumps = [];
    for (const { t } of tables) dumps.push(JSON.stringify((await pool.query(`SELECT * FROM ${t}`)).rows));
    return dumps.join('\n');
  }
  const db = (app as Partial<SqliteApp>).db;
  if (!db) throw new Error('dumpAllTables: no way to list the tables of this store yet');
  const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((t) => t.name);
  return tables.map((t) => JSON.stringify(db.prepare(`SELECT * FROM "${t}"`).all())).join('\n');
}

/**
 * The core's marks (a command it names, a literal value) as the tests read them, platform-neutral:
 * `/slt <command>` and `<value>` in backticks.
 */
export const TEST_SYNTAX: InlineSyntax = { text: (s) => s, command: (c) => `\`/slt ${c}\``, code: (c) => `\`${c}\`` };

/** Text of every view of a reply, joined (marks written as TEST_SYNTAX). */
export const replyText = (reply: { views: { title?: string; sections: { heading?: string; lines: string[] }[] }[] }): string =>
  reply.views.map((v) => [v.title ?? '', ...v.sections.flatMap((s) => [s.heading ?? '', ...s.lines])].filter(Boolean).map((l) => renderInline(l, TEST_SYNTAX)).join('\n')).join('\n');

/**
 * A worker that claimed every due message of a platform, began sending them and died (the platform may
 * or may not have them): what a crash mid-send leaves in the outbox.
 */
export async function crashMidSend(app: App, platform: DeliveryPlatform, clock: Clock, leaseMs = 1000) {
  const now = clock.now().toISOString();
  const until = new Date(clock.now().getTime() + leaseMs).toISOString();
  const rows = await app.store.outbox.claim(platform, 'dead-worker', now, until, 50);
  for (const r of rows) await app.store.outbox.renew(r.id, 'dead-worker', until, now);
  return rows;
}

/** The store's writes, each in a transaction of its own (tests that set up data directly). */
export const inTx = (app: App): StoreTx => new Proxy({}, {
  get: (_target, name) => (...args: unknown[]) => app.store.transaction((tx) => (tx[name as keyof StoreTx] as (...a: unknown[]) => Promise<unknown>)(...args)),
}) as StoreTx;
