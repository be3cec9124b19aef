import pg from 'pg';
import { StorageUnavailableError } from '../../src/core/ports/store';
import { openPostgres, withSessionSettings } from '../../src/store/postgres/open-postgres';
import { StartupError } from '../../src/startup-error';
import { adminUrl, createTestDatabase, type TestDatabase } from '../postgres/pg-test-database';
import { itemRecord, meetingRecord, T0 } from './store-contract';
import { fixture } from '../helpers';
import { logTo } from '../log-capture';

/** Opening the bot's PostgreSQL database, and what the store says when PostgreSQL cannot take writes. */

const databases: TestDatabase[] = [];
const fresh = async () => {
  const d = await createTestDatabase('open');
  databases.push(d);
  return d;
};
const closers: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const c of closers) await c().catch(() => {});
  for (const d of databases) await d.drop();
});
const tableCount = async (url: string) => {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return Number((await c.query("SELECT COUNT(*)::int AS n FROM pg_tables WHERE schemaname = 'public'")).rows[0].n);
  } finally {
    await c.end();
  }
};
const asAdminOn = async (url: string, sql: string) => {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
};

describe('opening a PostgreSQL database', () => {
  test('a deployment never sets up an empty database by itself: one line naming DATABASE_URL, nothing created', async () => {
    const d = await fresh();
    const attempt = openPostgres({ url: d.url, policy: { requireExisting: true }, nowUtc: T0 });
    await expect(attempt).rejects.toBeInstanceOf(StartupError);
    await expect(openPostgres({ url: d.url, policy: { requireExisting: true }, nowUtc: T0 }))
      .rejects.toThrow(/has no SLT tables yet: to set up a new, empty one there, start once with --new-database \(or SLT_NEW_DATABASE=yes\)/);
    expect(await tableCount(d.url)).toBe(0);
  });

  test('with --new-database the tables are made (and said so); later starts open it as it is, with its identity', async () => {
    const d = await fresh();
    const log: string[] = [];
    const first = await openPostgres({ url: d.url, policy: { requireExisting: true, allowNew: true }, nowUtc: T0, log: logTo(log) });
    const id = await first.read.setting('database-id');
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    await first.transaction((tx) => tx.ensureSetting('calendar-secret', 'kept'));
    await first.close();
    expect(log.join('\n')).toMatch(/created the SLT tables in the empty PostgreSQL database postgres:\/\/slt_test:\*\*\*@/);
    const again = await openPostgres({ url: d.url, policy: { requireExisting: true }, nowUtc: T0 });
    closers.push(() => again.close());
    expect(await again.read.setting('database-id')).toBe(id);
    expect(await again.read.setting('calendar-secret')).toBe('kept');
  });

  test('a server that cannot be reached stops the start with one line; the password is never shown', async () => {
    const attempt = openPostgres({ url: 'postgres://bot:hemmelig-passord@127.0.0.1:1/slt', policy: {}, nowUtc: T0 });
    await expect(attempt).rejects.toThrow(/^PostgreSQL at postgres:\/\/bot:\*\*\*@127\.0\.0\.1:1\/slt \(DATABASE_URL\) cannot be reached \(ECONNREFUSED/);
    await expect(openPostgres({ url: 'postgres://bot:hemmelig-passord@127.0.0.1:1/slt', policy: {}, nowUtc: T0 })).rejects.not.toThrow(/hemmelig/);
  });

  test('a database that only allows reading stops the start: it cannot be written', async () => {
    const d = await fresh();
    (await openPostgres({ url: d.url, policy: { allowNew: true }, nowUtc: T0 })).close();
    await asAdminOn(adminUrl(), `ALTER DATABASE ${d.name} SET default_transaction_read_only = on`);
    await expect(openPostgres({ url: d.url, policy: {}, nowUtc: T0 })).rejects.toThrow(/cannot be written \(25006: .*read-only transaction\): check that the bot's user may write it and that the server is not read-only$/);
  });
});

describe('PostgreSQL faults while the bot runs', () => {
  test('the database turned read-only: the write check names it, a transaction stores nothing and says unwritable, reads still answer', async () => {
    const d = await fresh();
    const store = await openPostgres({ url: d.url, policy: { allowNew: true }, nowUtc: T0, poolSize: 2 });
    closers.push(() => store.close());
    await store.transaction(async (tx) => {
      await tx.mirrorConfiguration(fixture());
      await tx.insertMeeting(meetingRecord('2027-01-20'), T0);
    });
    expect(await store.writeProblem(T0)).toBeUndefined();
    await asAdminOn(adminUrl(), `ALTER DATABASE ${d.name} SET default_transaction_read_only = on`);
    await asAdminOn(d.url, `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${d.name}' AND pid <> pg_backend_pid()`);
    // the pool's connections were closed: the next ones are read-only
    expect(await store.writeProblem(T0).catch((e: unknown) => `threw ${String(e)}`)).toMatch(/cannot take writes|terminat/);
    expect(await store.writeProblem(T0)).toMatch(/PostgreSQL cannot take writes: 25006/);
    const write = store.transaction((tx) => tx.insertItem(itemRecord('TEAM-2027-001', 'testby/team/2027-01-20')));
    await expect(write).rejects.toBeInstanceOf(StorageUnavailableError);
    await expect(store.transaction((tx) => tx.insertItem(itemRecord('TEAM-2027-001', 'testby/team/2027-01-20')))).rejects.toMatchObject({ kind: 'unwritable' });
    expect((await store.read.meeting('testby/team/2027-01-20'))?.id).toBe('testby/team/2027-01-20');
    await asAdminOn(adminUrl(), `ALTER DATABASE ${d.name} SET default_transaction_read_only = off`);
  });

  test('another database put in its place under the bot is noticed before anything is sent or written', async () => {
    const d = await fresh();
    const store = await openPostgres({ url: d.url, policy: { allowNew: true }, nowUtc: T0 });
    closers.push(() => store.close());
    await asAdminOn(d.url, "UPDATE settings SET value = 'another-database' WHERE key = 'database-id'");
    await expect(store.checkAvailable()).rejects.toThrow(/DATABASE_URL now leads to another database \(identity another-database/);
    expect(await store.writeProblem(T0)).toMatch(/another database/);
  });

  test('a row another transaction holds: the write waits up to the lock timeout, then is answered busy, storing nothing', async () => {
    const d = await fresh();
    const store = await openPostgres({ url: d.url, policy: { allowNew: true }, nowUtc: T0, lockTimeoutMs: 300 });
    closers.push(() => store.close());
    await store.transaction(async (tx) => {
      await tx.mirrorConfiguration(fixture());
      await tx.insertMeeting(meetingRecord('2027-01-20'), T0);
      await tx.insertItem(itemRecord('TEAM-2027-001', 'testby/team/2027-01-20'));
    });
    const holder = new pg.Client({ connectionString: d.url });
    await holder.connect();
    try {
      await holder.query('BEGIN');
      await holder.query("SELECT * FROM agenda_items WHERE ref = 'TEAM-2027-001' FOR UPDATE");
      const started = Date.now();
      const write = store.transaction((tx) => tx.updateItem(itemRecord('TEAM-2027-001', 'testby/team/2027-01-20', { state: 'approved' })));
      await expect(write).rejects.toMatchObject({ kind: 'busy' });
      expect(Date.now() - started).toBeGreaterThanOrEqual(250);
      await holder.query('ROLLBACK');
    } finally {
      await holder.end();
    }
    expect((await store.read.item('TEAM-2027-001'))?.state).toBe('submitted');
  });

  test('the database dropped under the bot: the write check and transactions say it cannot be written', async () => {
    const d = await createTestDatabase('dropped');
    const store = await openPostgres({ url: d.url, policy: { allowNew: true }, nowUtc: T0, poolSize: 1 });
    await d.drop();
    expect(await store.writeProblem(T0)).toMatch(/PostgreSQL cannot take writes/);
    await expect(store.transaction((tx) => tx.ensureSetting('x', 'y'))).rejects.toMatchObject({ kind: 'unwritable' });
    await store.close();
  });
});

test('session settings ride on the connection string; options the operator put there come after ours and win', () => {
  const plain = new URL(withSessionSettings('postgres://bot:pw@db.example:5432/slt', 300));
  expect(plain.searchParams.get('options')).toBe('-c lock_timeout=300 -c statement_timeout=60s -c idle_in_transaction_session_timeout=60s');
  const theirs = new URL(withSessionSettings('postgres://bot:pw@db.example:5432/slt?sslmode=require&options=-c%20lock_timeout%3D9000'));
  expect(theirs.searchParams.get('options')).toBe('-c lock_timeout=5000 -c statement_timeout=60s -c idle_in_transaction_session_timeout=60s -c lock_timeout=9000');
  expect(theirs.searchParams.get('sslmode')).toBe('require');
});
