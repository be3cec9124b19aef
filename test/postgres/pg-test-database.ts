import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { ADMIN_URL_ENV } from './test-server';

/**
 * One fresh, empty database on the run's PostgreSQL server (test/postgres/global-setup.ts), for one test
 * file or one test. `drop()` removes it (closing whatever connections are still open to it).
 */
export interface TestDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

export function adminUrl(): string {
  const url = process.env[ADMIN_URL_ENV];
  if (!url) throw new Error(`${ADMIN_URL_ENV} is not set: run the PostgreSQL tests through jest with the project's configuration (its globalSetup starts the server)`);
  return url;
}

async function asAdmin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl() });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export async function createTestDatabase(label = 'test'): Promise<TestDatabase> {
  const name = `slt_${label.replace(/[^a-z0-9]/gi, '_').toLowerCase().slice(0, 30)}_${randomBytes(4).toString('hex')}`;
  await asAdmin((c) => c.query(`CREATE DATABASE ${c.escapeIdentifier(name)}`));
  const url = new URL(adminUrl());
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    drop: () => asAdmin((c) => c.query(`DROP DATABASE IF EXISTS ${c.escapeIdentifier(name)} WITH (FORCE)`)).then(() => {}),
  };
}
