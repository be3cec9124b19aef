import pg from 'pg';
import { onlyFatal } from '../log-capture';
import { adminUrl, createTestDatabase, type TestDatabase } from '../postgres/pg-test-database';
import { type BotProcess, dataDir, startBot, workDir } from './bot-process';

/**
 * `DATABASE_URL=postgres://… npm start`: the real entry point on PostgreSQL. A deployment never sets up
 * an empty database by itself; with --new-database it does, says where (password hidden), answers
 * /readyz, and /readyz fails as soon as PostgreSQL cannot be written.
 */

jest.setTimeout(60_000);

const databases: TestDatabase[] = [];
const bots: BotProcess[] = [];
afterAll(async () => {
  for (const b of bots) if (b.proc.exitCode === null) b.proc.kill('SIGKILL');
  for (const d of databases) await d.drop();
});

const admin = async (sql: string) => {
  const c = new pg.Client({ connectionString: adminUrl() });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
};

test('a deployment on an empty PostgreSQL database stops with one line unless --new-database; then it runs, and /readyz follows whether PostgreSQL takes writes', async () => {
  const d = await createTestDatabase('start');
  databases.push(d);
  const dir = workDir();
  const env = { DATABASE_URL: d.url, SLT_DATA: dataDir(dir), SLT_DB: `${dir}/var/unused.db`, NODE_ENV: 'production', DATABASE_POOL_SIZE: '3' };

  const refused = startBot(env);
  bots.push(refused);
  expect((await refused.exited).code).toBe(1);
  expect(onlyFatal(refused.stderr())).toMatch(/^The PostgreSQL database postgres:\/\/[^:@\s]+:\*\*\*@127\.0\.0\.1:\d+\/slt_start_\w+ \(DATABASE_URL\) has no SLT tables yet: to set up a new, empty one there, start once with --new-database \(or SLT_NEW_DATABASE=yes\)$/);
  expect(refused.stderr()).not.toMatch(/slt_test:slt_test/); // (the log also masks the user here: the test server's user and password are the same word)

  const bot = startBot(env, ['--new-database']);
  bots.push(bot);
  await bot.waitFor(/platforms: /);
  expect(bot.stderr()).toMatch(/created the SLT tables in the empty PostgreSQL database postgres:\/\/[^:@\s]+:\*\*\*@/);
  expect(bot.stderr()).toMatch(/database PostgreSQL postgres:\/\/[^:@\s]+:\*\*\*@127\.0\.0\.1:\d+\/slt_start_\w+; meetings \+\d+/);
  const port = Number(/HTTP on port (\d+)/.exec(bot.stderr())![1]);
  const ready = async () => {
    const res = await fetch(`http://127.0.0.1:${port}/readyz`);
    return { status: res.status, body: (await res.json()) as { problems: string[] } };
  };
  expect(await ready()).toEqual({ status: 200, body: { ok: true, problems: [] } });
  // the SQLite file was never made
  const fs = await import('node:fs');
  expect(fs.existsSync(`${dir}/var/unused.db`)).toBe(false);

  // the server refuses writes from now on (new connections read-only, the bot's connections closed)
  await admin(`ALTER DATABASE ${d.name} SET default_transaction_read_only = on`);
  await admin(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${d.name}'`);
  let answer = await ready();
  for (let i = 0; i < 5 && !/25006/.test(JSON.stringify(answer)); i++) answer = await ready(); // a connection closed under the check may answer first
  expect(answer.status).toBe(503);
  expect(answer.body.problems).toEqual([expect.stringMatching(/^PostgreSQL cannot take writes: 25006 cannot execute INSERT in a read-only transaction/)]);
  expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);

  await admin(`ALTER DATABASE ${d.name} SET default_transaction_read_only = off`);
  await admin(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${d.name}'`);
  for (let i = 0; i < 5 && (await ready()).status !== 200; i++);
  expect(await ready()).toEqual({ status: 200, body: { ok: true, problems: [] } });

  bot.proc.kill('SIGTERM');
  expect(await bot.exited).toEqual({ code: 0, signal: null });
});
