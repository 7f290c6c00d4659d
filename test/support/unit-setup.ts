/**
 * Set-up of every unit file that shares its worker process with others (vitest.config.ts, project
 * "unit"): what a file changes for the whole process is put back when it ends, so the next file in
 * the worker starts as it would in a fresh process. Here, at the top, before the file's own module
 * code runs: the environment; after its tests: the environment again and the installed container.
 */
import { afterAll } from 'vitest';
import { installContainer } from '../../lambdas/adapters/container.js';

const env = { ...process.env };

afterAll(() => {
  installContainer(undefined);
  for (const key of Object.keys(process.env)) if (!(key in env)) delete process.env[key];
  Object.assign(process.env, env);
});
