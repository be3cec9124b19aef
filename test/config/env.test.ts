import { parseEnv } from '../../src/config/env';

/** The environment variables of the PostgreSQL store and of the test-only clock. */
describe('environment', () => {
  test('without DATABASE_URL nothing changes: SQLite at SLT_DB; the pool size has its default', () => {
    const env = parseEnv({});
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.SLT_DB).toBe('var/slt.db');
    expect(env.DATABASE_POOL_SIZE).toBe(5);
  });

  test('DATABASE_URL must be a PostgreSQL URL, the pool size a whole number from 1 to 100; each error names the variable', () => {
    expect(parseEnv({ DATABASE_URL: 'postgresql://slt:pw@db:5432/slt?sslmode=verify-full', DATABASE_POOL_SIZE: '12' })).toMatchObject({ DATABASE_POOL_SIZE: 12 });
    expect(() => parseEnv({ DATABASE_URL: 'mysql://slt@db/slt' })).toThrow(/DATABASE_URL: expected a PostgreSQL URL such as postgres:\/\/user:password@host:5432\/database/);
    expect(() => parseEnv({ DATABASE_URL: 'postgres://x', DATABASE_POOL_SIZE: '0' })).toThrow(/DATABASE_POOL_SIZE/);
    expect(() => parseEnv({ DATABASE_URL: 'postgres://x', DATABASE_POOL_SIZE: 'many' })).toThrow(/DATABASE_POOL_SIZE/);
  });

  test('the test-only clock file is refused in production', () => {
    expect(parseEnv({ SLT_TEST_CLOCK_FILE: '/tmp/clock' }).SLT_TEST_CLOCK_FILE).toBe('/tmp/clock');
    expect(() => parseEnv({ SLT_TEST_CLOCK_FILE: '/tmp/clock', NODE_ENV: 'production' })).toThrow(/SLT_TEST_CLOCK_FILE: a test-only clock; never with NODE_ENV=production/);
  });
});
