/**
 * The local runtime's state machines, synthesized once per change of the sources they come from
 * and kept in .cache/local-workflows/<sha256 of bin, lib, lambdas, cdk.json, package-lock>.json.
 * A miss runs asl-synth.ts in a child process (synchronously: the runtime's callers are), so a
 * platform, an `admit` run or a test process does not pay for loading aws-cdk-lib and
 * synthesizing the stack (seconds quiet, tens of seconds on a loaded machine) every time.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { HandlerTarget, MachineName, ResolvedWorkflow } from './asl.js';

export type CachedWorkflows = Record<MachineName, ResolvedWorkflow>;

const ROOT = resolve(import.meta.dirname, '..');
const SOURCE_DIRS = ['bin', 'lib', 'lambdas'];
const SOURCE_FILES = ['cdk.json', 'package-lock.json', 'tsconfig.json'];

export function sourcesHash(root = ROOT): string {
  const h = createHash('sha256');
  const add = (rel: string) => {
    h.update(rel);
    h.update('\0');
    h.update(readFileSync(join(root, rel)));
    h.update('\0');
  };
  const walk = (rel: string) => {
    for (const e of readdirSync(join(root, rel), { withFileTypes: true }).sort((a, b) =>
      a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
    )) {
      const p = `${rel}/${e.name}`;
      if (e.isDirectory()) walk(p);
      else if (/\.(ts|mts|mjs|js|json)$/.test(e.name)) add(p);
    }
  };
  for (const d of SOURCE_DIRS) walk(d);
  for (const f of SOURCE_FILES) if (existsSync(join(root, f))) add(f);
  return h.digest('hex').slice(0, 32);
}

export function serializeWorkflows(w: CachedWorkflows): string {
  return JSON.stringify(
    Object.fromEntries(Object.entries(w).map(([m, r]) => [m, { ...r, handlers: [...r.handlers] }])),
  );
}

export function parseWorkflows(text: string): CachedWorkflows {
  const raw = JSON.parse(text) as Record<
    MachineName,
    Omit<ResolvedWorkflow, 'handlers'> & { handlers: [string, HandlerTarget][] }
  >;
  return {
    admission: { ...raw.admission, handlers: new Map(raw.admission.handlers) },
    spotChecks: { ...raw.spotChecks, handlers: new Map(raw.spotChecks.handlers) },
  };
}

let loaded: CachedWorkflows | undefined;

export function cachedWorkflows(): CachedWorkflows {
  if (loaded) return loaded;
  const dir = join(ROOT, '.cache', 'local-workflows');
  const file = join(dir, `${sourcesHash()}.json`);
  if (!existsSync(file)) {
    mkdirSync(dir, { recursive: true });
    const r = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'local', 'asl-synth.ts'), file], {
      cwd: ROOT,
      encoding: 'utf8',
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    if (r.status !== 0 || !existsSync(file))
      throw new Error(
        `synthesizing the local state machines failed (exit ${r.status}): ${r.stderr || r.error}`,
      );
  }
  loaded = parseWorkflows(readFileSync(file, 'utf8'));
  prune(dir, file);
  return loaded;
}

/** Other sources' syntheses, once an hour old (a process may still be about to read a newer one). */
function prune(dir: string, keep: string): void {
  const hourAgo = Date.now() - 3_600_000;
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (p === keep) continue;
    try {
      if (statSync(p).mtimeMs < hourAgo) rmSync(p, { force: true });
    } catch {}
  }
}
