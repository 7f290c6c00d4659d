import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Integration tests share one DynamoDB Local and one s3rver started by the global setup.
    globalSetup: ['test/support/global-setup.ts'],
    pool: 'forks',
    reporters: process.env.CI ? ['default'] : ['default'],
  },
});
