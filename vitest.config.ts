import { defineConfig } from 'vitest/config';

const integration = ['src/**/*.int.test.ts', 'bench/**/*.int.test.ts'];
const targets = ['pg18', ...(process.env.TEST_DATABASE_URL ? ['pg15'] : [])];

// Unit tests run once; browser tests (e2e) run against a Kemai started from the CLI; integration tests run once per PostgreSQL: the embedded 18
// and, when TEST_DATABASE_URL is set (CI), the machine's server.
export default defineConfig({
  test: {
    projects: [
      { test: { name: 'unit', include: ['src/**/*.test.ts', 'bench/**/*.test.ts'], exclude: integration, environment: 'node' } },
      {
        test: {
          name: 'e2e',
          include: ['e2e/**/*.e2e.test.ts'],
          environment: 'node',
          globalSetup: ['e2e/global-setup.ts'],
          // A page can take a few seconds on a busy 2-core machine; polls wait for it rather than flake.
          expect: { poll: { timeout: 15_000, interval: 100 } },
          testTimeout: 60_000,
          hookTimeout: 180_000,
        },
      },
      ...targets.map((name) => ({
        test: {
          name,
          include: integration,
          environment: 'node',
          globalSetup: ['src/server/testing/global-setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      })),
    ],
  },
});
