import type { StartedServer } from './test-server';

/** jest globalTeardown: the run's PostgreSQL server is stopped and its folder deleted. */
export default async function globalTeardown(): Promise<void> {
  await (globalThis as { sltTestPostgres?: StartedServer }).sltTestPostgres?.stop();
}
