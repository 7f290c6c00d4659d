/**
 * `npm run bench:governance [-- --events N] [--sellers N] [--runs R]`
 *
 * Times the command as a whole process, start-up included, on issue 18's shape (10,000 admitted
 * sellers, 1,000,000 events in random order: bench/governance/generate.ts):
 * `npm run --silent governance -- --events F --as-of 2026-11-30`. Reports wall seconds, events/s,
 * CPU seconds and peak RSS of the process (from its own resourceUsage), and the target (≤ 5 s on
 * 2 cores); writes bench/out/governance.json. Best of R runs (default 3): the machine is shared.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AS_OF, BENCH_SHAPE, generateEvents } from './governance/generate';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const TARGET_SECONDS = 5;

function parseArgs(argv: string[]) {
  const args = { ...BENCH_SHAPE, runs: 3 };
  for (let i = 0; i < argv.length; i++) {
    const n = Math.max(1, Math.floor(Number(argv[i + 1])));
    if (argv[i] === '--events') args.events = n;
    else if (argv[i] === '--sellers') args.sellers = n;
    else if (argv[i] === '--runs') args.runs = n;
    else continue;
    i++;
  }
  return args;
}

interface Usage {
  userCPUTime: number;
  systemCPUTime: number;
  maxRSS: number;
}

export interface GovernanceRun {
  seconds: number;
  cpuSeconds: number;
  peakRssMb: number;
  load: number;
  eventsPerSecond: number;
  sellers: number;
  rejects: number;
}

export interface GovernanceBenchFile {
  at: string;
  shape: { sellers: number; events: number; bytes: number; byType: Record<string, number> };
  cores: number;
  runs: GovernanceRun[];
  best: GovernanceRun;
  helpSeconds: number;
  target: { target: string; met: boolean; figure: string };
}

function run(args: string[], env: NodeJS.ProcessEnv = {}) {
  const load = loadavg()[0] as number;
  const t = performance.now();
  const r = spawnSync('npm', ['run', '--silent', 'governance', '--', ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    maxBuffer: 1 << 30,
    env: { ...process.env, ...env },
  });
  return { r, seconds: (performance.now() - t) / 1000, load };
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const dir = mkdtempSync(join(tmpdir(), 'bench-governance-'));
  try {
    const file = join(dir, 'events.jsonl');
    const t = performance.now();
    const byType = await generateEvents(file, args);
    const bytes = statSync(file).size;
    console.log(
      `generated ${args.events.toLocaleString('en')} events of ${args.sellers.toLocaleString('en')} sellers (${(bytes / 2 ** 20).toFixed(0)} MiB) in ${((performance.now() - t) / 1000).toFixed(1)} s: ${JSON.stringify(byType)}`,
    );
    // The first start may build the CLI (after a source change): not a figure of the run.
    const help = run(['--help']);
    if (help.r.status !== 0) throw new Error(`governance --help exited ${help.r.status}: ${help.r.stderr}`);
    const helpSeconds = run(['--help']).seconds;

    const runs: GovernanceRun[] = [];
    for (let i = 0; i < args.runs; i++) {
      const { r, seconds, load } = run(['--events', file, '--as-of', AS_OF], {
        GOVERNANCE_RESOURCE_USAGE: '1',
      });
      if (r.status !== 0) throw new Error(`governance exited ${r.status}: ${r.stderr}`);
      const usage = /resource usage (\{.*\})/.exec(r.stderr)?.[1];
      if (!usage) throw new Error(`no resource usage in: ${r.stderr}`);
      const u = JSON.parse(usage) as Usage;
      const lines = r.stdout.trimEnd().split('\n');
      const last = JSON.parse(lines.at(-1) as string) as { rejects?: unknown[] };
      const figures: GovernanceRun = {
        seconds,
        cpuSeconds: (u.userCPUTime + u.systemCPUTime) / 1e6,
        peakRssMb: u.maxRSS / 1024,
        load,
        eventsPerSecond: Math.round(args.events / seconds),
        sellers: last.rejects ? lines.length - 1 : lines.length,
        rejects: last.rejects?.length ?? 0,
      };
      runs.push(figures);
      console.log(
        `run ${i + 1}: ${seconds.toFixed(2)} s, ${figures.eventsPerSecond.toLocaleString('en')} events/s, CPU ${figures.cpuSeconds.toFixed(2)} s, peak RSS ${figures.peakRssMb.toFixed(0)} MB, load ${load.toFixed(1)}; ${figures.sellers} sellers, ${figures.rejects} rejects`,
      );
    }
    const best = runs.reduce((a, b) => (b.seconds < a.seconds ? b : a));
    const target = {
      target: `governance over ${args.events.toLocaleString('en')} events of ${args.sellers.toLocaleString('en')} sellers ≤ ${TARGET_SECONDS} s on 2 cores (whole process)`,
      met: best.seconds <= TARGET_SECONDS,
      figure: `${best.seconds.toFixed(2)} s (best of ${runs.length}), ${best.eventsPerSecond.toLocaleString('en')} events/s, CPU ${best.cpuSeconds.toFixed(2)} s, peak RSS ${best.peakRssMb.toFixed(0)} MB, load ${best.load.toFixed(1)} on ${availableParallelism()} cores; --help ${helpSeconds.toFixed(2)} s`,
    };
    console.log(`\ntarget: ${target.target}: ${target.met ? 'met' : 'NOT met'}: ${target.figure}`);
    const out: GovernanceBenchFile = {
      at: new Date().toISOString(),
      shape: { sellers: args.sellers, events: args.events, bytes, byType },
      cores: availableParallelism(),
      runs,
      best,
      helpSeconds,
      target,
    };
    mkdirSync(join(ROOT, 'bench/out'), { recursive: true });
    writeFileSync(join(ROOT, 'bench/out/governance.json'), `${JSON.stringify(out, null, 2)}\n`);
    console.log('written bench/out/governance.json');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
