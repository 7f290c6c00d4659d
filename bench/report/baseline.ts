/**
 * Every change is measured against a baseline on the same machine: the key figures of a run, a
 * history of runs (bench/out/history.jsonl), and `--baseline REF`, which runs the bench of another
 * commit in a temporary git worktree (sharing node_modules and the emulator cache when the lock
 * file is the same) in the same session, then prints both side by side.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mdTable } from './tables';

export interface Figure {
  value: number;
  unit: string;
  better: 'higher' | 'lower';
}

export type Figures = Record<string, Figure>;

export interface RunSummary {
  at: string;
  commit: string;
  figures: Figures;
}

const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();

/** The commit measured, marked when the work tree has changes. */
export function commitOf(root: string): string {
  try {
    const head = git(root, 'rev-parse', '--short=12', 'HEAD');
    return git(root, 'status', '--porcelain', '--untracked-files=no') ? `${head}+changes` : head;
  } catch {
    return 'unknown';
  }
}

export function appendHistory(out: string, run: RunSummary): void {
  appendFileSync(join(out, 'history.jsonl'), `${JSON.stringify(run)}\n`);
}

/** The latest earlier run of another commit on this machine, if any. */
export function previousRun(out: string, commit: string): RunSummary | null {
  const path = join(out, 'history.jsonl');
  if (!existsSync(path)) return null;
  const runs = readFileSync(path, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as RunSummary);
  return runs.filter((r) => r.commit !== commit).at(-1) ?? null;
}

/**
 * Runs `bench/index.ts` of `ref` in a temporary worktree with the same arguments; returns the
 * figures its report.json holds, or an explanation of why there are none.
 */
export function runBaseline(root: string, ref: string, args: string[]): RunSummary | { error: string } {
  const dir = mkdtempSync(join(tmpdir(), 'bench-baseline-'));
  try {
    git(root, 'worktree', 'add', '--detach', dir, ref);
    if (!existsSync(join(dir, 'bench', 'index.ts'))) return { error: `${ref} has no bench/index.ts` };
    const sameLock =
      readFileSync(join(dir, 'package-lock.json'), 'utf8') ===
      readFileSync(join(root, 'package-lock.json'), 'utf8');
    if (sameLock) symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'));
    else {
      const install = spawnSync('npm', ['ci', '--ignore-scripts', '--no-audit', '--no-fund'], {
        cwd: dir,
        stdio: 'inherit',
      });
      if (install.status !== 0) return { error: `npm ci failed in the ${ref} worktree` };
    }
    // DynamoDB Local's jar, fetched once by scripts/setup.mjs.
    if (existsSync(join(root, '.cache'))) symlinkSync(join(root, '.cache'), join(dir, '.cache'));
    console.error(`\n== baseline ${ref} (${dir}) ==`);
    const r = spawnSync(join(dir, 'node_modules', '.bin', 'tsx'), [join(dir, 'bench', 'index.ts'), ...args], {
      cwd: dir,
      stdio: 'inherit',
    });
    if (r.status !== 0) return { error: `the bench of ${ref} failed (exit ${r.status ?? r.signal})` };
    const report = JSON.parse(
      readFileSync(join(dir, 'bench', 'out', 'report.json'), 'utf8'),
    ) as Partial<RunSummary>;
    if (!report.figures) return { error: `${ref}'s report has no figures to compare` };
    return { at: report.at ?? '', commit: report.commit ?? ref, figures: report.figures };
  } catch (err) {
    return { error: `baseline ${ref}: ${(err as Error).message}` };
  } finally {
    try {
      git(root, 'worktree', 'remove', '--force', dir);
    } catch {
      rmSync(dir, { recursive: true, force: true });
      git(root, 'worktree', 'prune');
    }
  }
}

const show = (f: Figure | undefined) =>
  f === undefined ? '–' : `${f.value >= 100 ? f.value.toFixed(0) : f.value.toPrecision(3)} ${f.unit}`;

/** Both runs' figures and the change, marked when it is for the better or the worse (> 5%). */
export function comparisonTable(base: RunSummary, current: RunSummary): string {
  const names = [...new Set([...Object.keys(current.figures), ...Object.keys(base.figures)])];
  return mdTable(
    ['figure', `baseline ${base.commit}`, `this run ${current.commit}`, 'change'],
    names.map((name) => {
      const a = base.figures[name];
      const b = current.figures[name];
      let change = '–';
      if (a && b && a.value !== 0) {
        const ratio = b.value / a.value;
        const better = b.better === 'higher' ? ratio > 1.05 : ratio < 0.95;
        const worse = b.better === 'higher' ? ratio < 0.95 : ratio > 1.05;
        change = `${ratio.toFixed(2)}×${better ? ' better' : worse ? ' worse' : ''}`;
      }
      return [name, show(a), show(b), change];
    }),
  );
}
