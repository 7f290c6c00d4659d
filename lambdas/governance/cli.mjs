#!/usr/bin/env node
// `npm run governance`: runs bin/governance.ts as built JavaScript (build.mjs), rebuilding it first
// (a fraction of a second) when a source file changed since the last build. Without esbuild (an
// install without dev dependencies) it runs the TypeScript through tsx.
import { resolve } from 'node:path';
import { currentBuild } from './build.mjs';

let dir = currentBuild();
if (!dir) {
  try {
    dir = await (await import('./build.mjs')).buildGovernanceCli();
  } catch (err) {
    process.stderr.write(`governance: cannot build (${err.message}); running the TypeScript with tsx\n`);
  }
}
if (dir) await import(resolve(dir, 'governance.js'));
else {
  (await import('tsx/esm/api')).register();
  await import('../../bin/governance.ts');
}
