// Builds `npm run governance` into plain JavaScript (esbuild), as statements does
// (lambdas/statements/build.mjs): tsx compiling the TypeScript at every start costs more than a
// small run. Run by `npm ci`/`npm install` (scripts/setup.mjs) and again by cli.mjs whenever a
// source file changed since. Output: .cache/governance/<hash>/governance.js (+ chunks: the run is
// a dynamic import, so `--help` and a bad argument never load zod), and current.json naming it
// with the source files and their modification times, replaced atomically.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '../..');
export const OUT = resolve(ROOT, '.cache/governance');
const CURRENT = resolve(OUT, 'current.json');

export async function buildGovernanceCli() {
  const esbuild = await import('esbuild');
  mkdirSync(OUT, { recursive: true });
  const work = resolve(OUT, `build-${process.pid}-${Date.now()}`);
  const result = await esbuild.build({
    absWorkingDir: ROOT,
    entryPoints: { governance: 'bin/governance.ts', 'governance-worker': 'lambdas/governance/worker.ts' },
    outdir: work,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    metafile: true,
    logLevel: 'error',
  });
  const inputs = Object.keys(result.metafile.inputs)
    .sort()
    .map((p) => [p, statSync(resolve(ROOT, p)).mtimeMs]);
  const hash = createHash('sha256').update(JSON.stringify(inputs)).digest('hex').slice(0, 12);
  const dir = resolve(OUT, hash);
  try {
    renameSync(work, dir);
  } catch {
    // The same sources were built already (another start did it meanwhile).
    rmSync(work, { recursive: true, force: true });
  }
  const tmp = `${CURRENT}.${process.pid}`;
  writeFileSync(tmp, JSON.stringify({ dir: relative(OUT, dir), inputs }));
  renameSync(tmp, CURRENT);
  return dir;
}

/** The built CLI's folder when every source is as it was at the build, else null. */
export function currentBuild() {
  try {
    const current = JSON.parse(readFileSync(CURRENT, 'utf8'));
    for (const [p, mtime] of current.inputs) if (statSync(resolve(ROOT, p)).mtimeMs !== mtime) return null;
    return resolve(OUT, current.dir);
  } catch {
    return null;
  }
}

if (import.meta.url === `file://${process.argv[1]}`) process.stdout.write(`${await buildGovernanceCli()}\n`);
