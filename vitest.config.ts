import { defineConfig } from 'vitest/config';

const integration = ['src/**/*.int.test.ts'];
const targets = ['pg18', ...(process.env.TEST_DATABASE_URL ? ['pg15'] : [])];

// Unit tests run once; integration tests run once per PostgreSQL: the embedded 18
// and, when TEST_DATABASE_URL is set (CI), the machine's server.
export default defineConfig({
  test: {
    projects: [
      { test: { name: 'unit', include: ['src/**/*.test.ts', 'bench/**/*.test.ts'], exclude: integration, environment: 'node' } },
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
