import { ADMIN_URL_ENV, type StartedServer, startTestServer } from './test-server';

/** jest globalSetup: one PostgreSQL server for the whole run (every test process reaches it through the environment). */
export default async function globalSetup(): Promise<void> {
  const server = await startTestServer();
  process.env[ADMIN_URL_ENV] = server.adminUrl;
  (globalThis as { sltTestPostgres?: StartedServer }).sltTestPostgres = server;
}
