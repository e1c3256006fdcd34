import { defineConfig } from 'vitest/config';

// One embedded Postgres serves the whole suite (started in test/global-setup.ts); each test file works in
// its own schema or database. Tests that stop or break a server start their own.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Two cores: more parallel files only add noise and contention for the shared server.
    maxWorkers: 2,
    reporters: ['default'],
  },
});
