import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { syncMeetings } from '../../src/core/use-cases/sync-meetings';
import { MIGRATIONS } from '../../src/store/migrations';
import { openDatabase, openReader, PAGE_CACHE_KIB, WAL_CHECKPOINT_PAGES } from '../../src/store/sqlite/open-database';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store';
import { fixture, fixtureInput, holidays } from '../helpers';
import { Municipality } from '../../src/core/model/municipality';

const tmpDb = () => path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'slt-db-')), 'slt.db');

describe('store', () => {
  test('migrates an empty database and reopens an existing one without re-running migrations', () => {
    const file = tmpDb();
    const db = openDatabase(file);
    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.prepare("INSERT INTO ref_counters (prefix, n) VALUES ('X', 41)").run();
    db.close();
    const again = openDatabase(file);
    expect(again.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    expect(again.prepare("SELECT n FROM ref_counters WHERE prefix = 'X'").get()).toEqual({ n: 41 });
    again.close();
  });

  test('the write-ahead log is copied into the file every WAL_CHECKPOINT_PAGES pages: it never grows much past them', () => {
    const file = tmpDb();
    const db = openDatabase(file);
    const pageSize = Number(db.pragma('page_size', { simple: true }));
    const add = db.prepare("INSERT INTO settings (key, value) VALUES (?, ?)");
    // 3,000 commits of a page or two each: six times the limit
    for (let i = 0; i < 3000; i++) add.run(`k${i}`, 'x'.repeat(pageSize / 2));
    const walPages = fs.statSync(`${file}-wal`).size / (pageSize + 24);
    expect(walPages).toBeGreaterThan(WAL_CHECKPOINT_PAGES / 2);
    expect(walPages).toBeLessThan(WAL_CHECKPOINT_PAGES + 20);
    db.close();
  });

  test('both connections keep a page cache of at most PAGE_CACHE_KIB (better-sqlite3 builds SQLite with 16 MB each)', () => {
    const file = tmpDb();
    const db = openDatabase(file);
    const reader = openReader(file, 100);
    expect(PAGE_CACHE_KIB).toBeLessThanOrEqual(4000);
    for (const c of [db, reader]) expect(c.pragma('cache_size', { simple: true })).toBe(-PAGE_CACHE_KIB); // negative: KiB, not pages
    reader.close();
    db.close();
  });

  test('refuses a database from a newer program', () => {
    const file = tmpDb();
    openDatabase(file).pragma(`user_version = ${MIGRATIONS.length + 5}`);
    expect(() => openDatabase(file)).toThrow(/newer than this program knows/);
  });

  test('configuration sync twice changes nothing the second time', async () => {
    const store = new SqliteStore(openDatabase(':memory:'));
    const now = new Date('2027-01-01T12:00:00Z');
    const first = await syncMeetings(store, [fixture()], holidays, now);
    expect(first.inserted).toBeGreaterThan(20);
    expect(first.configChanged).toBe(1);
    const dump = () => JSON.stringify(store.db.prepare('SELECT * FROM meetings ORDER BY id').all()) + JSON.stringify(store.db.prepare('SELECT * FROM forums').all());
    const before = dump();
    const second = await syncMeetings(store, [fixture()], holidays, now);
    expect(second).toEqual({ configChanged: 0, inserted: 0, updated: 0, cancelled: 0 });
    expect(dump()).toBe(before);
  });

  test('a changed cadence updates future meetings without duplicating or deleting past ones', async () => {
    const store = new SqliteStore(openDatabase(':memory:'));
    await syncMeetings(store, [fixture()], holidays, new Date('2027-01-01T12:00:00Z'));
    const later = new Date('2027-02-10T12:00:00Z');
    const before = await store.read.meetingsOfForum('testby', 'team');
    const pastBefore = before.filter((m) => m.startUtc < later.toISOString());
    const lastBefore = before[before.length - 1]!.date;
    const allIds = () => (store.db.prepare('SELECT id, date FROM meetings').all() as { id: string; date: string }[]);
    const idsBefore = new Set(allIds().map((r) => r.id));
    // same Wednesdays, now at 10:00 and in another room; from 2027-03-01 on Thursdays instead
    const input = fixtureInput();
    Object.assign(input.forums[0]!, { time: '10:00', place: 'Kulturhuset' });
    const changed = Municipality.parse(input);
    const s = await syncMeetings(store, [changed], holidays, later);
    expect(s.updated).toBeGreaterThan(5);
    const after = await store.read.meetingsOfForum('testby', 'team');
    // the only new meetings are those the later horizon reaches; none replaces an existing one
    const added = allIds().filter((m) => !idsBefore.has(m.id));
    expect(added.length).toBe(s.inserted);
    expect(added.every((m) => m.date > lastBefore)).toBe(true);
    const pastAfter = after.filter((m) => m.startUtc < later.toISOString());
    expect(pastAfter).toEqual(pastBefore); // untouched
    const future = after.filter((m) => m.startUtc > later.toISOString() && m.status === 'planned');
    expect(future.every((m) => m.place === 'Kulturhuset')).toBe(true);
    expect(future.every((m) => m.sequence === (idsBefore.has(m.id) ? 1 : 0))).toBe(true);
    expect(new Set(after.map((m) => m.date)).size).toBe(after.length); // no duplicates

    const thursdays = fixtureInput();
    Object.assign(thursdays.forums[0]!, { cadence: { kind: 'weekly', every: 2, weekday: 'thursday', anchor: '2027-01-07' } });
    const s2 = await syncMeetings(store, [Municipality.parse(thursdays)], holidays, later);
    expect(s2.cancelled).toBeGreaterThan(5);
    expect(s2.inserted).toBeGreaterThan(5);
    const all = await store.read.meetingsOfForum('testby', 'team');
    expect(all.filter((m) => m.startUtc < later.toISOString())).toEqual(pastBefore);
    const plannedFuture = all.filter((m) => m.status === 'planned' && m.startUtc > later.toISOString());
    expect(plannedFuture.every((m) => m.date.length === 10 && new Date(m.date).getUTCDay() === 4)).toBe(true);
  });
});
