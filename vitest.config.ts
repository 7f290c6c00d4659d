import { defineConfig } from 'vitest/config';
import { UNIT_ISOLATED } from './test/support/projects.js';

/**
 * Two groups, one after the other (README "Tests"):
 * 0. the unit files, two workers; they share their worker processes (no isolation: aws-cdk-lib,
 *    pdfjs, the OCR engine... are loaded once per worker, not once per file), and a set-up file puts
 *    back what a file changed for the process; files that mock modules or SDK clients get a fresh
 *    process each (test/support/projects.ts);
 * 1. integration and browser files, one at a time, each in a fresh process, over the DynamoDB Local
 *    and s3rver the global setup starts: some kill and restart processes, inject faults or hold
 *    timing bounds, and none of them shares a core with another file.
 */
export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 120_000,
    reporters: process.env.CI ? ['default'] : ['default'],
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          exclude: UNIT_ISOLATED,
          setupFiles: ['test/support/unit-setup.ts'],
          pool: 'forks',
          isolate: false,
          maxWorkers: 2,
          sequence: { groupOrder: 0 },
        },
      },
      {
        extends: true,
        test: {
          name: 'unit-isolated',
          include: UNIT_ISOLATED,
          pool: 'forks',
          isolate: true,
          maxWorkers: 2,
          sequence: { groupOrder: 0 },
        },
      },
      {
        extends: true,
        test: {
          name: 'platform',
          include: ['test/integration/**/*.test.ts', 'test/e2e/**/*.test.ts'],
          // Integration tests share one DynamoDB Local and one s3rver started by the global setup.
          globalSetup: ['test/support/global-setup.ts'],
          pool: 'forks',
          isolate: true,
          maxWorkers: 1,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
