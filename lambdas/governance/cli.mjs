#!/usr/bin/env node
// `npm run governance`: bin/governance.ts as built JavaScript (build.mjs, scripts/build-cli.mjs).
import { runCli } from '../../scripts/build-cli.mjs';

await runCli({
  name: 'governance',
  main: 'governance.js',
  build: async () => (await import('./build.mjs')).buildGovernanceCli(),
  source: 'bin/governance.ts',
});
