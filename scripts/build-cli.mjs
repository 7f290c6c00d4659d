// The discipline `npm run statements` and `npm run governance` share: the CLI runs as plain
// JavaScript built by esbuild (tsx compiling TypeScript at every start costs more than a small
// run), rebuilt first (a fraction of a second) whenever a source file changed since the build.
//
// Output: .cache/<name>/<hash>/ (the entry points and shared chunks; dynamic imports stay chunks
// of their own, so arguments are checked before heavy modules load) and .cache/<name>/current.json
// naming it with the source files and their modification times, replaced atomically.
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

export const ROOT = resolve(import.meta.dirname, '..');
const outOf = (name) => resolve(ROOT, '.cache', name);

/** Builds a CLI's entry points (`{ outputName: sourcePath }`); returns the build's folder. */
export async function buildCli(name, entryPoints) {
  const esbuild = await import('esbuild');
  const out = outOf(name);
  mkdirSync(out, { recursive: true });
  const work = resolve(out, `build-${process.pid}-${Date.now()}`);
  const result = await esbuild.build({
    absWorkingDir: ROOT,
    entryPoints,
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
  const dir = resolve(out, hash);
  try {
    renameSync(work, dir);
  } catch {
    // The same sources were built already (another start did it meanwhile).
    rmSync(work, { recursive: true, force: true });
  }
  const current = resolve(out, 'current.json');
  const tmp = `${current}.${process.pid}`;
  writeFileSync(tmp, JSON.stringify({ dir: relative(out, dir), inputs }));
  renameSync(tmp, current);
  pruneBuilds(out, dir);
  return dir;
}

/** A build older than this is no longer run by anyone (a run takes seconds to minutes). */
const KEEP_MS = 24 * 3600_000;

/** Removes the builds a source change left behind (one per change, a few MB each). */
export function pruneBuilds(out, keep) {
  for (const entry of readdirSync(out, { withFileTypes: true })) {
    const path = resolve(out, entry.name);
    if (!entry.isDirectory() || path === keep) continue;
    try {
      if (Date.now() - statSync(path).mtimeMs > KEEP_MS) rmSync(path, { recursive: true, force: true });
    } catch {
      // Another build removed it meanwhile.
    }
  }
}

/** The built CLI's folder when every source is as it was at the build, else null. */
export function currentBuild(name) {
  try {
    const out = outOf(name);
    const current = JSON.parse(readFileSync(resolve(out, 'current.json'), 'utf8'));
    for (const [p, mtime] of current.inputs) if (statSync(resolve(ROOT, p)).mtimeMs !== mtime) return null;
    return resolve(out, current.dir);
  } catch {
    return null;
  }
}

/**
 * Runs a CLI: its current build, else a fresh one, else (no esbuild: an install without dev
 * dependencies) its TypeScript source through tsx.
 */
export async function runCli({ name, main, build, source }) {
  let dir = currentBuild(name);
  if (!dir) {
    try {
      dir = await build();
    } catch (err) {
      process.stderr.write(`${name}: cannot build (${err.message}); running the TypeScript with tsx\n`);
    }
  }
  if (dir) await import(pathToFileURL(resolve(dir, main)).href);
  else {
    (await import('tsx/esm/api')).register();
    await import(pathToFileURL(resolve(ROOT, source)).href);
  }
}
