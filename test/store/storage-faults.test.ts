import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { createApp, type SqliteApp } from '../../src/app';
import { markerOf } from '../../src/store/sqlite/database-identity';
import { BUSY_TIMEOUT_MS } from '../../src/store/sqlite/storage-health';
import { createTick } from '../../src/scheduler/tick';
import { FakeClock, fixture, inTx, replyText } from '../helpers';
import { logTo } from '../log-capture';

const tmpDb = () => path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'slt-store-')), 'var', 'slt.db');
const errors: unknown[] = [];
async function open(file: string, clock = new FakeClock('2027-01-08T10:00'), database = {}): Promise<SqliteApp> {
  const app = await createApp({ dbFile: file, data: [fixture()], clock, reportError: (e) => void errors.push(e), database });
  await app.sync();
  return app;
}
const say = async (app: SqliteApp, text: string, user = 'politi') => replyText(await app.bot.handle({ platform: 'console', userId: user, channelId: 'testby-team', text }));
const items = (app: SqliteApp) => (app.db.prepare('SELECT COUNT(*) AS n FROM agenda_items').get() as { n: number }).n;
beforeEach(() => void (errors.length = 0));

describe('the database file deleted while the bot runs', () => {
  test('commands that would save say nothing was stored, reading still works, the health check fails', async () => {
    const file = tmpDb();
    const app = await open(file);
    expect(await say(app, 'agenda add "Før"')).toMatch(/TEAM-2027-001/);
    expect(await app.store.writeProblem(new Date().toISOString())).toBeUndefined();
    fs.rmSync(path.dirname(file), { recursive: true }); // var/ is gone
    expect(await say(app, 'agenda add "Etter"')).toBe('Boten får ikke lagret noe akkurat nå, så ingenting ble lagret. Prøv igjen senere; driftsansvarlig ser feilen i loggen.');
    expect(items(app)).toBe(1);
    expect(await say(app, 'agenda')).toMatch(/Saksliste: Tverrfaglig team/); // reading still answers
    expect(await say(app, 'help')).toMatch(/agenda add/);
    expect(await app.store.writeProblem(new Date().toISOString())).toMatch(/the database file .*slt\.db has gone/);
    expect(String(errors[0])).toMatch(/has gone/);
    await app.close();
  });

  test('the scheduler sends nothing from a database file that is gone, and says why', async () => {
    const file = tmpDb();
    const app = await open(file);
    const sent: string[] = [];
    const tick = createTick(app, app.dispatcher([{ platform: 'console', send: async (t) => { sent.push(t.id); return 'x'; } }]));
    await tick(); // today's due work is done
    sent.length = 0;
    await say(app, 'agenda add "Før"'); // DMs to the deciders are queued
    fs.rmSync(file);
    await expect(tick()).rejects.toThrow(/the database file .*slt\.db has gone/);
    expect(sent).toEqual([]);
    await app.close();
  });

  test('another file put in its place is noticed too', async () => {
    const file = tmpDb();
    const app = await open(file);
    fs.renameSync(file, `${file}.old`);
    new Database(file).close();
    expect(await say(app, 'agenda add "Etter"')).toMatch(/ingenting ble lagret/);
    expect(await app.store.writeProblem(new Date().toISOString())).toMatch(/was replaced by another file/);
    await app.close();
  });
});

describe('identity marker: never silently a new, empty database where one existed', () => {
  test('a deleted database file stops the next start; --new-database starts over on purpose', async () => {
    const file = tmpDb();
    await (await open(file)).close();
    expect(fs.existsSync(markerOf(file))).toBe(true);
    fs.rmSync(file);
    await expect(open(file)).rejects.toThrow(/^The database .*slt\.db is missing, but one was used there \(identity [0-9a-f-]+, since .*\): restore it from a backup, or start once with --new-database \(or SLT_NEW_DATABASE=yes\) to begin with an empty one$/);
    expect(fs.existsSync(file)).toBe(false); // nothing created
    const fresh = await open(file, undefined, { allowNew: true });
    expect(items(fresh)).toBe(0);
    await fresh.close();
    await (await open(file)).close(); // from now on the new one is the known one
  });

  test('a deployment (a platform configured) never creates a database without being asked', async () => {
    const file = tmpDb();
    await expect(open(file, undefined, { requireExisting: true })).rejects.toThrow(/^There is no database at .*slt\.db \(SLT_DB\): to create a new, empty one, start once with --new-database/);
    await (await open(file, undefined, { requireExisting: true, allowNew: true })).close();
    await (await open(file, undefined, { requireExisting: true })).close();
  });

  test('another database put in its place is refused unless accepted', async () => {
    const file = tmpDb();
    await (await open(file)).close();
    const other = tmpDb();
    await (await open(other)).close();
    fs.copyFileSync(other, file);
    await expect(open(file)).rejects.toThrow(/is not the one last used there \(identity .*, but .*slt\.db\.identity says .*\): if it was restored or replaced on purpose, start once with --new-database/);
    await (await open(file, undefined, { allowNew: true })).close();
    await (await open(file)).close();
  });

  test('the console demo creates its first database by itself', async () => {
    const file = tmpDb();
    const log: string[] = [];
    await (await createApp({ dbFile: file, data: [fixture()], clock: new FakeClock('2027-01-08T10:00'), logger: logTo(log) })).close();
    expect(log).toEqual([`created a new, empty database at ${file}`]);
  });

  test('an unopenable database path is named in one line', async () => {
    const dir = path.dirname(tmpDb());
    fs.mkdirSync(path.join(dir, 'var', 'slt.db'), { recursive: true }); // a folder where the file should be
    await expect(open(path.join(dir, 'var', 'slt.db'))).rejects.toThrow(/^The database .*var\/slt\.db cannot be opened for writing \(SQLITE_CANTOPEN: unable to open database file\): check that the file and its folder exist and that the bot may write them$/);
  });
});

describe('a database that cannot be written (read-only)', () => {
  test('commands say nothing was stored; reading commands answer; health fails', async () => {
    const app = await open(tmpDb());
    app.db.pragma('query_only = ON'); // what a read-only file or file system looks like to SQLite
    expect(await say(app, 'agenda add "Skal ikke lagres"')).toMatch(/^Boten får ikke lagret noe akkurat nå, så ingenting ble lagret/);
    expect(await say(app, 'next')).toMatch(/Neste møte i Tverrfaglig team/);
    expect(await app.store.writeProblem(new Date().toISOString())).toMatch(/SQLITE_READONLY/);
    await app.close();
  });
});

describe('another process holds the write lock', () => {
  test('a command is answered "busy, try again" at once instead of waiting seconds; reading commands answer; afterwards all works', async () => {
    const file = tmpDb();
    const app = await open(file);
    expect(app.db.pragma('busy_timeout', { simple: true })).toBe(BUSY_TIMEOUT_MS);
    expect(BUSY_TIMEOUT_MS).toBeLessThanOrEqual(250); // far under Slack's 3 s, even with a few commands queued behind
    const other = new Database(file);
    other.exec('BEGIN IMMEDIATE');
    expect(await say(app, 'agenda add "Mens låst"')).toBe('Databasen er opptatt akkurat nå, så ingenting ble lagret. Prøv igjen om noen sekunder.');
    expect(await say(app, 'help')).toMatch(/agenda add/);
    expect(await say(app, 'agenda')).toMatch(/Saksliste/);
    other.exec('ROLLBACK');
    other.close();
    expect(await say(app, 'agenda add "Etterpå"')).toMatch(/TEAM-2027-001/);
    await app.close();
  });

  test('a retried delivery of a command that was stored is answered with its remembered reply, not "busy, nothing was stored"', async () => {
    const file = tmpDb();
    const app = await open(file);
    const ask = () => app.bot.handle({ platform: 'slack', userId: 'UPOLITI', channelId: 'CTEAM01', text: 'agenda add "Tema"', requestId: 'retried' });
    const first = replyText(await ask());
    expect(first).toMatch(/TEAM-2027-001/);
    const other = new Database(file);
    other.exec('BEGIN IMMEDIATE');
    try {
      expect(replyText(await ask())).toBe(first);
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
    expect(items(app)).toBe(1);
    await app.close();
  });
});

test('remembered replies, and which of them were shown, are forgotten after two days; a retry within them is still answered from memory', async () => {
  const clock = new FakeClock('2027-01-08T10:00');
  const app = await open(tmpDb(), clock);
  const ask = (id: string) => app.bot.handle({ platform: 'slack', userId: 'UPOLITI', channelId: 'CTEAM01', text: 'agenda add "Tema"', requestId: id });
  const count = (table: string) => (app.db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
  for (let i = 0; i < 2000; i++) await inTx(app).rememberReply(`slack:old-${i}`, '{"views":[]}', clock.now().toISOString());
  await ask('retry-me');
  await inTx(app).claimShown('slack:retry-me', clock.now().toISOString());
  await app.runDue();
  clock.advance({ hours: 23 });
  await app.runDue();
  await ask('retry-me'); // Slack retries within minutes; a day later it is still answered from memory
  expect(items(app)).toBe(1);
  expect(count('processed_requests')).toBe(2001);
  clock.advance({ days: 2 });
  await app.runDue();
  expect(count('processed_requests')).toBe(0);
  expect(count('shown_replies')).toBe(0);
  await app.close();
});
