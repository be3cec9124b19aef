/**
 * The adapter contract suite and the bot's process tests (entry point, start-up checks, kills and
 * restarts) against the compiled build (`npm run test:compiled`, run by .ci/run). Only the test files are TypeScript here: every import of
 * `src/` or `adapters/` is mapped to `dist/`, and no transform matches a file outside `test/`, so a
 * source module that slipped through would fail to load instead of quietly running in place of the build.
 */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: [
    '<rootDir>/test/console/console-contract.test.ts',
    '<rootDir>/test/slack/slack-contract.test.ts',
    '<rootDir>/test/teams/teams-contract.test.ts',
    '<rootDir>/test/deploy/*.test.ts',
    '<rootDir>/test/main/*.test.ts',
  ],
  transform: {
    '^.+/test/.+\\.ts$': ['ts-jest', { diagnostics: false }],
  },
  moduleNameMapper: {
    '^(?:\\.\\./)+(src|adapters)/(.*)$': '<rootDir>/dist/$1/$2',
  },
  globals: { SLT_TEST_ENTRY: 'dist' },
  // the contract suite also runs on PostgreSQL: the run's server, as in jest.config.js
  globalSetup: '<rootDir>/test/postgres/global-setup.ts',
  globalTeardown: '<rootDir>/test/postgres/global-teardown.ts',
  testTimeout: 30000,
  maxWorkers: 2,
};
