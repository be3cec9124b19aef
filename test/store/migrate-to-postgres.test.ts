import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { createApp } from '../../src/app';
import { MigrateError, migrateToPostgres } from '../../src/cli/migrate-to-postgres';
import { runCli } from '../../src/cli/main';
import YAML from 'yaml';
import { PermanentSendError } from '../../src/core/ports/chat-port';
import { migratePostgres } from '../../src/store/postgres/migrate-postgres';
import { PostgresStore } from '../../src/store/postgres/postgres-store';
import { FakeClock, fixture, fixtureInput } from '../helpers';
import { createTestDatabase, type TestDatabase } from '../postgres/pg-test-database';

/**
 * `npm run slt -- migrate-to-postgres --from var/slt.db --to $DATABASE_URL`: a SQLite database that has
 * been used (items, decisions, consent, minutes, actions, bindings, messages sent, failed, reported and
 * in flight, remembered replies) is copied whole into an empty PostgreSQL database.
 */

const databases: TestDatabase[] = [];
afterAll(async () => {
  for (const d of databases) await d.drop();
});
const fresh = async () => {
  const d = await createTestDatabase('copy');
  databases.push(d);
  return d;
};

/** The fixture's configuration as a folder (the CLI reads SLT_DATA). */
function dataFolder(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slt-copy-data-'));
  fs.writeFileSync(path.join(dir, 'testby.yaml'), YAML.stringify(fixtureInput()));
  return dir;
}

/** A SQLite database after a fortnight of use, built through the bot itself. */
async function usedDatabase(): Promise<string> {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'slt-copy-')), 'slt.db');
  const clock = new FakeClock('2027-01-08T10:00');
  const app = await createApp({ dbFile: file, data: [fixture()], clock, reportError: (e) => { throw e; } });
  await app.sync();
  await app.runDue(); // invitations and reminders: the schedule log
  let n = 0;
  const say = async (who: string, text: string, channelId = 'testby-team') => app.bot.handle({ platform: 'console', userId: who, channelId, text, requestId: `r${++n}` });
  await say('politi', 'agenda add "Uro ved ungdomsklubben" Flere meldinger om uro');
  await say('politi', 'agenda add "Elev med høyt fravær" --case');
  await say('koord', 'consent TEAM-2027-002 --guardian-signed 2027-01-05 --agencies Helse,Politiet --covers Skolegang');
  await say('koord', 'approve TEAM-2027-001');
  await say('leder', 'defer TEAM-2027-002 next');
  await say('vara', 'agenda add "Trukket sak"');
  await say('vara', 'withdraw TEAM-2027-003');
  await say('koord', 'publish');
  await say('politi', 'regrets');
  await say('koord', 'bind team', 'testby-ny-kanal');
  // the first messages are delivered, one is refused for good and reported, one is in flight when the bot stops
  let sends = 0;
  let inFlight!: () => void;
  const stuck = new Promise<void>((r) => { inFlight = r; });
  void app.dispatcher([{
    platform: 'console',
    minIntervalMs: 1, // paced: the channel's pace is recorded
    send: async () => {
      sends++;
      if (sends === 3) throw new PermanentSendError('channel gone', 'not-member');
      if (sends < 9) return `msg-${sends}`;
      inFlight();
      return new Promise<string>(() => {}); // never answers: stays `sending` under its lease, as after a crash
    },
  }]).run();
  await stuck;
  clock.advance({ days: 13 });
  await say('koord', 'note TEAM-2027-001 Et notat');
  await say('koord', 'decision TEAM-2027-001 Klubben holder åpent lenger');
  await say('koord', 'action TEAM-2027-001 @politi 2027-02-15 Ta kontakt med klubben');
  await say('koord', 'note TEAM-2027-001 Et notat til');
  await say('koord', 'note TEAM-2027-001 --remove 2'); // the highest entry id is gone: SQLite's AUTOINCREMENT does not reuse it
  // what the other platforms and later steps leave behind: a Teams conversation, a linked account, a DM that
  // showed a case, minutes, Outlook answers
  const at = clock.now().toISOString();
  await app.store.transaction(async (tx) => {
    await tx.saveConversationRef('teams:user:aad-koord', JSON.stringify({ conversation: { id: 'a:personal-koord' } }), at);
    await tx.linkIdentity({ platform: 'teams', userId: 'aad-ny', municipalityId: 'testby', memberId: 'vara' }, at);
    await tx.claimShown('command:r2', at);
    await tx.recordDeliveredCopy({ platform: 'slack', targetKind: 'dm', target: 'UPOLITI', messageId: 'DUPOLITI:1.1', itemRef: 'TEAM-2027-002', municipalityId: 'testby' }, at);
    await tx.putMinutes({ meetingId: 'testby/team/2027-01-20', status: 'approved', version: 1, approvedBy: 'leder', approvedAt: at });
    await tx.putOutlookResponses('testby/team/2027-01-20', [{ memberId: 'politi', response: 'accepted' }], at);
  });
  await app.close();
  return file;
}

/** every row of every table, as comparable JSON (SQLite integers and PostgreSQL integers alike) */
async function contents(file: string, url: string) {
  const lite = new Database(file, { readonly: true });
  const tables = (lite.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as { name: string }[]).map((r) => r.name);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const out: Record<string, { sqlite: string[]; postgres: string[] }> = {};
  try {
    for (const t of tables) {
      const cols = (lite.prepare('SELECT name FROM pragma_table_info(?) ORDER BY cid').all(t) as { name: string }[]).map((c) => c.name);
      const row = (r: Record<string, unknown>) => JSON.stringify(cols.map((c) => r[c]));
      out[t] = {
        sqlite: (lite.prepare(`SELECT * FROM "${t}"`).all() as Record<string, unknown>[]).map(row).sort(),
        postgres: (await client.query(`SELECT * FROM "${t}"`)).rows.map(row).sort(),
      };
    }
  } finally {
    lite.close();
    await client.end();
  }
  return out;
}

test('a used SQLite database is copied whole: every row of every table, the ids, and the sequences go on where SQLite left them', async () => {
  const file = await usedDatabase();
  const target = await fresh();
  const log: string[] = [];
  const result = await migrateToPostgres(file, target.url, (l) => void log.push(l));

  const both = await contents(file, target.url);
  for (const [table, { sqlite, postgres }] of Object.entries(both)) expect({ table, rows: postgres }).toEqual({ table, rows: sqlite });
  const count = (t: string) => both[t]!.sqlite.length;
  // the database was really used: every table has rows (so a table left out of the copy fails above)
  for (const t of Object.keys(both)) expect({ t, used: count(t) > 0 }).toEqual({ t, used: true });
  expect(Object.keys(both)).toEqual(expect.arrayContaining(['agenda_items', 'audit_log', 'consents', 'outbox', 'processed_requests', 'minute_entries', 'channel_pace']));
  const statuses = new Set(both.outbox!.postgres.map((r) => JSON.parse(r)[7] as string)); // status is the outbox's 8th column
  expect([...statuses]).toEqual(expect.arrayContaining(['failed', 'pending', 'sending', 'sent']));
  expect(result.tables.map((t) => t.name)).toEqual(expect.arrayContaining(Object.keys(both)));
  expect(result.tables.find((t) => t.name === 'audit_log')?.rows).toBe(count('audit_log'));
  expect(log.some((l) => /^outbox: \d+$/.test(l))).toBe(true);

  // the copy is what the bot opens: its items, and new ids after SQLite's highest ever
  const store = new PostgresStore(new pg.Pool({ connectionString: target.url, max: 2 }));
  try {
    expect(await store.read.item('TEAM-2027-002')).toMatchObject({ kind: 'case', state: 'deferred', title: 'Elev med høyt fravær' });
    expect(await store.read.consent('TEAM-2027-002')).toMatchObject({ covers: 'Skolegang', agencies: ['Helse', 'Politiet'] });
    const lite = new Database(file, { readonly: true });
    const seq = (t: string) => Number((lite.prepare('SELECT seq FROM sqlite_sequence WHERE name = ?').get(t) as { seq: number }).seq);
    const entrySeq = seq('minute_entries');
    const maxEntry = Number((lite.prepare('SELECT MAX(id) AS m FROM minute_entries').get() as { m: number }).m);
    const auditSeq = seq('audit_log');
    lite.close();
    expect(entrySeq).toBeGreaterThan(maxEntry); // the removed note had the highest id
    const next = await store.transaction((tx) => tx.addEntry({ meetingId: 'testby/team/2027-01-20', itemRef: 'TEAM-2027-001', kind: 'note', text: 'Etter flyttingen', authorId: 'koord', createdAt: '2027-01-22T10:00:00.000Z' }));
    expect(next).toBe(entrySeq + 1);
    await store.transaction((tx) => tx.appendAudit({ at: '2027-01-22T10:00:00.000Z', actor: 'koord', action: 'test', municipalityId: 'testby', itemRef: 'TEAM-2027-009' }));
    const audit = (await store.pool.query("SELECT id FROM audit_log WHERE item_ref = 'TEAM-2027-009'")).rows[0];
    expect(Number(audit.id)).toBe(auditSeq + 1);
  } finally {
    await store.close();
  }
});

test('a target that already holds the bot\'s data is refused, and nothing in it changes', async () => {
  const file = await usedDatabase();
  const target = await fresh();
  await migrateToPostgres(file, target.url);
  const before = await contents(file, target.url);
  const again = migrateToPostgres(file, target.url);
  await expect(again).rejects.toBeInstanceOf(MigrateError);
  await expect(migrateToPostgres(file, target.url)).rejects.toThrow(/--to: the database postgres:\/\/slt_test:\*\*\*@.* is not empty \(\w+ has \d+ rows\): copy only into a new, empty database/);
  expect(await contents(file, target.url)).toEqual(before);
});

test('the row counts are verified: a table PostgreSQL did not take whole stops the copy, and nothing is copied', async () => {
  const file = await usedDatabase();
  const target = await fresh();
  // the target's tables are there already (as after a first start), and a trigger quietly drops one audit row
  const pool = new pg.Pool({ connectionString: target.url, max: 1 });
  try {
    await migratePostgres(pool);
    await pool.query(`CREATE FUNCTION skip_second() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF NEW.id = 2 THEN RETURN NULL; END IF; RETURN NEW; END $$`);
    await pool.query('CREATE TRIGGER skip_second BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION skip_second()');
  } finally {
    await pool.end();
  }
  const lite = new Database(file, { readonly: true });
  const audit = Number((lite.prepare('SELECT COUNT(*) AS n FROM audit_log').get() as { n: number }).n);
  lite.close();
  await expect(migrateToPostgres(file, target.url)).rejects.toThrow(`audit_log: ${audit - 1} rows in PostgreSQL, ${audit} in SQLite; nothing was copied`);
  const client = new pg.Client({ connectionString: target.url });
  await client.connect();
  try {
    for (const t of ['municipalities', 'agenda_items', 'audit_log', 'outbox']) expect({ t, rows: Number((await client.query(`SELECT COUNT(*)::int AS n FROM ${t}`)).rows[0].n) }).toEqual({ t, rows: 0 });
  } finally {
    await client.end();
  }
});

test('a copy PostgreSQL refuses half-way leaves the target empty', async () => {
  const file = await usedDatabase();
  const lite = new Database(file);
  lite.prepare("UPDATE audit_log SET actor = 'a' || char(0) || 'b' WHERE id = (SELECT MAX(id) FROM audit_log)").run(); // PostgreSQL text cannot hold NUL
  lite.close();
  const target = await fresh();
  await expect(migrateToPostgres(file, target.url)).rejects.toThrow(/the copy into .* failed, nothing was copied: .*0x00/);
  const client = new pg.Client({ connectionString: target.url });
  await client.connect();
  try {
    expect(Number((await client.query('SELECT COUNT(*)::int AS n FROM agenda_items')).rows[0].n)).toBe(0);
    expect(Number((await client.query('SELECT COUNT(*)::int AS n FROM municipalities')).rows[0].n)).toBe(0);
  } finally {
    await client.end();
  }
});

test('a missing file, an older SQLite schema and an unreachable server are each refused with one line naming the flag', async () => {
  const target = await fresh();
  await expect(migrateToPostgres('/nonexistent/slt.db', target.url)).rejects.toThrow(/^--from: there is no SQLite database at \/nonexistent\/slt\.db$/);
  const old = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'slt-copy-')), 'old.db');
  const db = new Database(old);
  db.pragma('user_version = 3');
  db.close();
  await expect(migrateToPostgres(old, target.url)).rejects.toThrow(/^--from: .*old\.db has schema version 3, this program \d+: start the bot of this version once on it/);
  const file = await usedDatabase();
  await expect(migrateToPostgres(file, 'postgres://bot:hemmelig@127.0.0.1:1/slt')).rejects.toThrow(/^--to: PostgreSQL at postgres:\/\/bot:\*\*\*@127\.0\.0\.1:1\/slt cannot be reached/);
});

describe('npm run slt -- migrate-to-postgres, and the other commands on PostgreSQL', () => {
  const cli = async (args: string[], env: Record<string, string | undefined> = {}) => {
    const out: string[] = [];
    const err: string[] = [];
    const before = { ...process.env };
    Object.assign(process.env, { SLT_DATA: dataFolder() }, env);
    for (const [k, v] of Object.entries(env)) if (v === undefined) delete process.env[k];
    try {
      const code = await runCli(args, (s) => void out.push(s), (s) => void err.push(s));
      return { code, out: out.join(''), err: err.join('') };
    } finally {
      process.env = before;
    }
  };

  test('the copy prints every table\'s rows and what to do next; stats then reads PostgreSQL; backup says to use pg_dump', async () => {
    const file = await usedDatabase();
    const target = await fresh();
    const r = await cli(['migrate-to-postgres', '--from', file, '--to', target.url]);
    expect(r).toMatchObject({ code: 0, err: '' });
    expect(r.out).toMatch(/^agenda_items\s+3$/m);
    expect(r.out).toMatch(/Kopierte .*slt\.db til postgres:\/\/slt_test:\*\*\*@127\.0\.0\.1:\d+\/slt_copy_\w+: \d+ tabeller, \d+ rader; antallet rader stemmer i hver tabell\./);
    expect(r.out).not.toMatch(/slt_test:slt_test/);

    const stats = await cli(['stats', '--year', '2027', '--format', 'json'], { DATABASE_URL: target.url, SLT_DB: '/nonexistent/slt.db' });
    expect(stats.code).toBe(0);
    const team = (JSON.parse(stats.out) as { forum: string; items: { topic: number; case: number } }[]).find((s) => s.forum === 'team');
    expect(team?.items).toEqual({ topic: 2, case: 1 });

    const backup = await cli(['backup', '--out', '/tmp/x.db'], { DATABASE_URL: target.url });
    expect(backup).toMatchObject({ code: 1, err: expect.stringMatching(/^backup: the data is in PostgreSQL \(DATABASE_URL\); use pg_dump and pg_restore there/) });
  });

  test('without a target it says how to give one', async () => {
    expect(await cli(['migrate-to-postgres', '--from', 'var/slt.db'], { DATABASE_URL: undefined })).toMatchObject({ code: 1, err: expect.stringMatching(/^--to: expected the PostgreSQL database to copy into/) });
  });
});
