import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { runCli } from '../../src/cli/main';
import { checkDatabase } from '../../src/store/sqlite/backup';
import { markerOf as identityMarkerOf } from '../../src/store/sqlite/database-identity';
import { MIGRATIONS } from '../../src/store/migrations';
import { openDatabase } from '../../src/store/sqlite/open-database';
import { freePort, spawnEntry, waitFor } from '../deploy/entry-process';

/** `npm run slt -- backup` and `restore`, through the CLI, on SQLite files in a temporary folder. */
const BATCH = 25; // rows per transaction of backup-writer-child.ts
let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slt-backup-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

async function slt(db: string, ...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const before = process.env.SLT_DB;
  process.env.SLT_DB = db;
  try {
    const code = await runCli(args, (s) => void out.push(s), (s) => void err.push(s));
    return { code, out: out.join(''), err: err.join('') };
  } finally {
    if (before === undefined) delete process.env.SLT_DB;
    else process.env.SLT_DB = before;
  }
}

/** An SLT database (all migrations) with a `settings` marker; `extra` runs on it before it is closed. */
function sltDatabase(file: string, marker: string, extra: (db: Database.Database) => void = () => {}): string {
  const db = openDatabase(file);
  db.prepare('INSERT INTO settings (key, value) VALUES (?, ?)').run('marker', marker);
  extra(db);
  db.close();
  return file;
}
const markerValue = (file: string) => {
  const db = new Database(file, { readonly: true });
  try {
    return (db.prepare("SELECT value FROM settings WHERE key = 'marker'").get() as { value: string } | undefined)?.value;
  } finally {
    db.close();
  }
};
/** SQL rows 1..n (value) */
const series = (n: number) => `WITH RECURSIVE s(value) AS (SELECT 1 UNION ALL SELECT value + 1 FROM s WHERE value < ${n})`;
const mode = (file: string) => fs.statSync(file).mode & 0o777;
const sha = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');

test('a backup taken while another process writes is one consistent moment, readable only by its owner', async () => {
  const db = sltDatabase(path.join(dir, 'slt.db'), 'live', (d) => {
    d.exec('CREATE TABLE load_test (batch INTEGER NOT NULL, n INTEGER NOT NULL, pad BLOB)');
    d.prepare(`${series(2000)} INSERT INTO load_test (batch, n, pad) SELECT 0, value, randomblob(4000) FROM s`).run();
  });
  const writer = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, 'backup-writer-child.ts')], { env: { ...process.env, SLT_DB: db, BATCH: String(BATCH) }, stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    let said = '';
    writer.stdout!.on('data', (c) => (said += String(c)));
    await waitFor('the writer', () => (said.includes('writing') ? true : undefined), 15_000);
    const out = path.join(dir, 'backup.db');
    const r = await slt(db, 'backup', '--out', out);
    expect(r).toMatchObject({ code: 0, err: '' });
    expect(r.out).toMatch(/Sikkerhetskopi av .*slt\.db skrevet til .*backup\.db/);
    expect(mode(out)).toBe(0o600);
    expect(checkDatabase(out).schemaVersion).toBe(MIGRATIONS.length);
    const copy = new Database(out, { readonly: true });
    const partial = copy.prepare('SELECT batch, COUNT(*) AS rows FROM load_test WHERE batch > 0 GROUP BY batch HAVING rows <> ?').all(BATCH);
    const batches = (copy.prepare('SELECT COUNT(DISTINCT batch) AS k FROM load_test WHERE batch > 0').get() as { k: number }).k;
    copy.close();
    expect(partial).toEqual([]); // no transaction of the writer is cut in half
    expect(batches).toBeGreaterThan(0);
    expect(markerValue(out)).toBe('live');
    await waitFor('more batches after the backup', () => {
      const live = new Database(db, { readonly: true });
      const k = (live.prepare('SELECT COUNT(DISTINCT batch) AS k FROM load_test WHERE batch > 0').get() as { k: number }).k;
      live.close();
      return k > batches ? true : undefined;
    }, 10_000);
    expect(fs.readdirSync(dir).filter((f) => f.includes('partial'))).toEqual([]);
  } finally {
    writer.kill('SIGKILL');
  }
});

test('backup names what is wrong: no database, no --out, a missing folder', async () => {
  expect(await slt(path.join(dir, 'none.db'), 'backup', '--out', path.join(dir, 'b.db'))).toMatchObject({ code: 1, err: expect.stringMatching(/no database at .*none\.db/) });
  const db = sltDatabase(path.join(dir, 'slt.db'), 'x');
  expect(await slt(db, 'backup')).toMatchObject({ code: 1, err: expect.stringMatching(/--out: expected a file/) });
  expect(await slt(db, 'backup', '--out', path.join(dir, 'missing', 'b.db'))).toMatchObject({ code: 1, err: expect.stringMatching(/folder of .* does not exist/) });
});

test('a nightly backup of the running bot, restored after a crash: refused while the bot runs, then in place, the replaced database kept with its log, and the bot starts on it', async () => {
  const db = sltDatabase(path.join(dir, 'slt.db'), 'before');
  const backup = path.join(dir, 'backup.db');
  const startBot = async (port: number) => {
    const bot = spawnEntry('main', { SLT_DB: db, SLT_CONSOLE: 'off', PORT: String(port), SLT_DATA: path.resolve('data/municipalities') });
    await waitFor('the bot', async () => {
      if (bot.child.exitCode !== null || bot.child.signalCode !== null) throw new Error(`the bot exited:\n${bot.stderr()}`);
      return (await fetch(`http://127.0.0.1:${port}/healthz`).catch(() => undefined))?.ok ? true : undefined;
    });
    return bot;
  };
  const bot = await startBot(await freePort());
  try {
    expect((await slt(db, 'backup', '--out', backup)).code).toBe(0);
    const other = new Database(db); // a write while the bot has the database open stays in the write-ahead log
    other.prepare("UPDATE settings SET value = 'after' WHERE key = 'marker'").run();
    other.close();
    const refused = await slt(db, 'restore', '--from', backup);
    expect(refused).toMatchObject({ code: 1, err: expect.stringMatching(/is in use \(is the bot running\?\): stop the bot, then restore/) });
  } finally {
    bot.child.kill('SIGKILL'); // a crash: nothing folds the log into the file
    await bot.exited;
  }
  expect(fs.statSync(`${db}-wal`).size).toBeGreaterThan(0);
  expect(markerValue(db)).toBe('after');
  expect(fs.readdirSync(dir).filter((f) => f.includes('restor'))).toEqual([]);

  const r = await slt(db, 'restore', '--from', backup);
  expect(r).toMatchObject({ code: 0, err: '', out: expect.stringMatching(/Start boten\./) });
  expect(fs.existsSync(`${db}-wal`)).toBe(false); // the replaced database's log went with it
  expect(markerValue(db)).toBe('before');
  expect(mode(db)).toBe(0o600);
  const kept = fs.readdirSync(dir).filter((f) => /^slt\.db\.before-restore-\d{8}T\d{6}Z$/.test(f));
  expect(kept).toHaveLength(1);
  expect(r.out).toContain(kept[0]);
  expect(markerValue(path.join(dir, kept[0]!))).toBe('after'); // its log was folded in before it was moved aside

  const restarted = await startBot(await freePort()); // the same database (identity) as before: no --new-database
  restarted.child.kill('SIGTERM');
  expect(await restarted.exited).toBe(0);
});

test('a backup of another database is put in place, and the operator is told to start once with --new-database', async () => {
  const identity = (id: string) => (d: Database.Database) => void d.prepare("INSERT INTO settings (key, value) VALUES ('database-id', ?)").run(id);
  const db = sltDatabase(path.join(dir, 'slt.db'), 'here', identity('id-here'));
  fs.writeFileSync(identityMarkerOf(db), JSON.stringify({ id: 'id-here', since: '2027-01-01T00:00:00Z' }));
  const same = sltDatabase(path.join(dir, 'same.db'), 'same', identity('id-here'));
  expect((await slt(db, 'restore', '--from', same)).out).not.toMatch(/--new-database/);
  const other = sltDatabase(path.join(dir, 'other.db'), 'other', identity('id-elsewhere'));
  const r = await slt(db, 'restore', '--from', other);
  expect(r).toMatchObject({ code: 0, out: expect.stringMatching(/ikke databasen som sist ble brukt her .*start boten én gang med --new-database/) });
  expect(markerValue(db)).toBe('other');
});

test('restore into a new place (no database yet)', async () => {
  const backup = sltDatabase(path.join(dir, 'backup.db'), 'saved');
  const db = path.join(dir, 'new', 'slt.db');
  fs.chmodSync(backup, 0o644);
  expect(await slt(db, 'restore', '--from', backup)).toMatchObject({ code: 0, out: expect.not.stringContaining('beholdt') });
  expect(mode(db)).toBe(0o600);
  expect(markerValue(db)).toBe('saved');
});

describe('restore checks the backup and changes nothing when it is refused', () => {
  const refused: [string, (file: string) => void, RegExp][] = [
    ['not a database', (f) => fs.writeFileSync(f, 'not a database, just text '.repeat(200)), /cannot be opened|not a readable SQLite database/],
    ['an SQLite file of another program', (f) => {
      const d = new Database(f);
      d.exec('CREATE TABLE t (x)');
      d.close();
    }, /is not an SLT database \(missing municipalities, forums/],
    ['a newer schema', (f) => sltDatabase(f, 'future', (d) => d.pragma(`user_version = ${MIGRATIONS.length + 1}`)), new RegExp(`schema version ${MIGRATIONS.length + 1}, newer than this program knows \\(${MIGRATIONS.length}\\)`)],
    ['a damaged file', (f) => {
      let root = 0;
      let pageSize = 0;
      sltDatabase(f, 'damaged', (d) => {
        d.exec('CREATE TABLE probe (k TEXT, v TEXT); CREATE INDEX probe_v ON probe (v)');
        d.prepare(`${series(40)} INSERT INTO probe (k, v) SELECT 'k' || value, 'value-' || value FROM s`).run();
        root = (d.prepare("SELECT rootpage FROM sqlite_master WHERE name = 'probe_v'").get() as { rootpage: number }).rootpage;
        pageSize = d.pragma('page_size', { simple: true }) as number;
      });
      // change one key inside the index's page: the file still opens and reads, the index no longer matches its table
      const bytes = fs.readFileSync(f);
      const at = bytes.indexOf('value-17', (root - 1) * pageSize);
      expect(at).toBeGreaterThan((root - 1) * pageSize);
      expect(at).toBeLessThan(root * pageSize);
      bytes.write('value-1X', at);
      fs.writeFileSync(f, bytes);
    }, /fails SQLite's integrity check: .*probe_v/],
  ];
  test.each(refused)('%s', async (_name, make, message) => {
    const db = sltDatabase(path.join(dir, 'slt.db'), 'current');
    const before = sha(db);
    const backup = path.join(dir, 'candidate.db');
    make(backup);
    const r = await slt(db, 'restore', '--from', backup);
    expect(r).toMatchObject({ code: 1, err: expect.stringMatching(message) });
    expect(sha(db)).toBe(before);
    expect(fs.readdirSync(dir).sort()).toEqual(['candidate.db', 'slt.db']);
  });
});

test('restore over a file that is not a database refuses with the reason, changing nothing', async () => {
  const db = path.join(dir, 'slt.db');
  fs.writeFileSync(db, 'not a database, just text '.repeat(200));
  const backup = sltDatabase(path.join(dir, 'backup.db'), 'saved');
  const r = await slt(db, 'restore', '--from', backup);
  expect(r).toMatchObject({ code: 1, err: expect.stringMatching(/could not be locked to be replaced \(file is not a database\): if it is not a database, move it away by hand/) });
  expect(fs.readFileSync(db, 'utf8')).toMatch(/^not a database/);
  expect(fs.readdirSync(dir).sort()).toEqual(['backup.db', 'slt.db']);
});
