// Builds `npm run governance` into plain JavaScript (scripts/build-cli.mjs): governance.js and its
// worker threads' entry (the run is a dynamic import, so `--help` and a bad argument never load
// zod). Run by `npm ci`/`npm install` (scripts/setup.mjs) and by cli.mjs whenever a source changed.
import { buildCli } from '../../scripts/build-cli.mjs';

export const buildGovernanceCli = () =>
  buildCli('governance', {
    governance: 'bin/governance.ts',
    'governance-worker': 'lambdas/governance/worker.ts',
  });

if (import.meta.url === `file://${process.argv[1]}`) process.stdout.write(`${await buildGovernanceCli()}\n`);
