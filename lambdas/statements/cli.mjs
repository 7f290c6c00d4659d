#!/usr/bin/env node
// `npm run statements`: runs bin/statements.ts as built JavaScript (build.mjs), rebuilding it
// first (a fraction of a second) when a source file changed since the last build. Without
// esbuild (an install without dev dependencies) it runs the TypeScript through tsx.
import { mkdirSync, readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../..');
const OUT = resolve(ROOT, '.cache/statements');

/** The build named by current.json when no source changed since (a stat per source file). */
function fresh() {
  try {
    const current = JSON.parse(readFileSync(resolve(OUT, 'current.json'), 'utf8'));
    for (const [p, mtime] of current.inputs) if (statSync(resolve(ROOT, p)).mtimeMs !== mtime) return null;
    return resolve(OUT, current.dir);
  } catch {
    return null;
  }
}

let dir = fresh();
if (!dir) {
  try {
    mkdirSync(OUT, { recursive: true });
    dir = await (await import('./build.mjs')).buildStatementsCli();
  } catch (err) {
    process.stderr.write(`statements: cannot build (${err.message}); running the TypeScript with tsx\n`);
  }
}
if (dir) await import(resolve(dir, 'statements.js'));
else {
  (await import('tsx/esm/api')).register();
  await import('../../bin/statements.ts');
}
