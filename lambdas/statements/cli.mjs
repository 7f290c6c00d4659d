#!/usr/bin/env node
// `npm run statements`: bin/statements.ts as built JavaScript (build.mjs, scripts/build-cli.mjs).
import { runCli } from '../../scripts/build-cli.mjs';

await runCli({
  name: 'statements',
  main: 'statements.js',
  build: async () => (await import('./build.mjs')).buildStatementsCli(),
  source: 'bin/statements.ts',
});
