/**
 * `npm run bench:spotcheck [-- --sample 1000] [--sellers 250] [--skus 5] [--kill-after 400]`
 *
 * Issue 18's target: a spot-check round of 1,000 bookings through the local state machine (the
 * synthesized definition, real handlers, DynamoDB Local) with every result posted, nothing lost
 * after a kill and restart. The round's driver (bench/spotcheck/round.ts) runs as a process over a
 * persistent store, is SIGKILLed (with its DynamoDB Local) once `--kill-after` results are posted,
 * and runs again to the end. Reports each run's wall seconds, the second run's CPU seconds (node and
 * DynamoDB Local, from the reaped children), the load average, and the read-back counts; writes
 * bench/out/spotcheck.json.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { RoundSummary } from './spotcheck/round';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

/** bench/out/spotcheck.json, as bench/index.ts reads it. */
export interface SpotCheckBenchFile {
  sample: number;
  secondRunSeconds: number;
  secondRunCpuSeconds: number;
  loadAverageAtStart: number;
  target: { target: string; met: boolean; figure: string };
}

/** CPU seconds of this process's reaped children (and theirs): /proc/self/stat cutime + cstime. */
function childrenCpuSeconds(): number {
  const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1]?.split(' ') ?? [];
  // After "pid (comm) ": state is field 3, so cutime (16) and cstime (17) are at 13 and 14.
  return (Number(fields[13]) + Number(fields[14])) / 100;
}

function run(args: string[], killAfter?: number) {
  const started = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/spotcheck/round.ts', ...args], {
    cwd: ROOT,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  let killed = false;
  child.stdout.on('data', (d) => {
    out += d;
  });
  child.stderr.on('data', (d) => {
    err += d;
    const posted = [...err.matchAll(/posted (\d+)/g)].map((m) => Number(m[1])).pop() ?? 0;
    if (killAfter !== undefined && !killed && posted >= killAfter) {
      killed = true;
      process.kill(-(child.pid as number), 'SIGKILL');
    }
  });
  return new Promise<{ code: number | null; out: string; err: string; seconds: number; killed: boolean }>(
    (ok) =>
      child.on('exit', (code) =>
        ok({ code, out, err, seconds: (performance.now() - started) / 1000, killed }),
      ),
  );
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      sample: { type: 'string', default: '1000' },
      sellers: { type: 'string', default: '250' },
      skus: { type: 'string', default: '5' },
      'kill-after': { type: 'string', default: '400' },
    },
  });
  const store = mkdtempSync(join(tmpdir(), 'bench-spot-'));
  const args = [
    '--store',
    store,
    '--sellers',
    values.sellers,
    '--skus',
    values.skus,
    '--sample',
    values.sample,
  ];
  const load = loadavg()[0] as number;
  try {
    const first = await run(args, Number(values['kill-after']));
    if (!first.killed)
      throw new Error(`the first run was not killed (exit ${first.code}): ${first.err.slice(-2000)}`);
    const cpuBefore = childrenCpuSeconds();
    const second = await run(args);
    const cpu = childrenCpuSeconds() - cpuBefore;
    if (second.code !== 0) throw new Error(`the second run failed: ${second.err.slice(-2000)}`);
    const summary = JSON.parse(second.out.trim()) as RoundSummary;
    const sample = Number(values.sample);
    const met =
      summary.bookings === sample &&
      summary.results === sample &&
      summary.recorded === sample &&
      summary.spotCheckEvents === sample &&
      summary.violations === summary.failedResults &&
      summary.status === 'DONE' &&
      summary.resumed;
    const report: SpotCheckBenchFile & Record<string, unknown> = {
      sample,
      killedAfterPosted: Number(values['kill-after']),
      firstRunSeconds: first.seconds,
      secondRunSeconds: second.seconds,
      secondRunCpuSeconds: cpu,
      roundPhase: { seconds: summary.seconds, nodeCpuSeconds: summary.cpuSeconds },
      loadAverageAtStart: load,
      loadAverageAtEnd: loadavg()[0],
      summary,
      target: {
        target:
          'a spot-check round of 1,000 bookings through the local state machine, every result posted, nothing lost after a kill and restart',
        met,
        figure: `${summary.results}/${sample} results posted and ${summary.recorded} recorded once after a kill at ${values['kill-after']} (${summary.spotCheckEvents} spot_check events, ${summary.violations} violations for ${summary.failedResults} failures); second run ${second.seconds.toFixed(1)} s wall, ${cpu.toFixed(1)} s CPU`,
      },
    };
    mkdirSync(join(ROOT, 'bench/out'), { recursive: true });
    writeFileSync(join(ROOT, 'bench/out/spotcheck.json'), `${JSON.stringify(report, null, 2)}\n`);
    console.log(JSON.stringify(report, null, 2));
    if (!met) process.exitCode = 1;
  } finally {
    rmSync(store, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) void main();
