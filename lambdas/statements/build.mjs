// Builds `npm run statements` into plain JavaScript (scripts/build-cli.mjs): statements.js, the
// worker threads' entry and prepare.js (run at install: cuts the PDFs' font subset, seconds, once).
// Run by `npm ci`/`npm install` (scripts/setup.mjs) and by cli.mjs whenever a source changed.
import { resolve } from 'node:path';
import { buildCli } from '../../scripts/build-cli.mjs';

export async function buildStatementsCli({ prepare = false } = {}) {
  const dir = await buildCli('statements', {
    statements: 'bin/statements.ts',
    'statements-worker': 'lambdas/statements/worker.ts',
    prepare: 'lambdas/statements/prepare.ts',
  });
  if (prepare) await import(resolve(dir, 'prepare.js'));
  return dir;
}

if (import.meta.url === `file://${process.argv[1]}`)
  process.stdout.write(`${await buildStatementsCli({ prepare: true })}\n`);
