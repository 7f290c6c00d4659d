/**
 * `npm run bench:statements [-- --lines N] [--sellers S] [--threads T] [--seed S] [--outputs]`
 *
 * Generates N order lines (default 10,000,000) into a temporary CSV, runs the statement
 * computation over it (the same runStatements the CLI runs; summary totals only, or with
 * --outputs also the per-statement JSON/CSV files), and in the same run computes the same
 * statements with DuckDB as a reference: the half-even rounding done per line in SQL on HUGEINT
 * (amount × rate numerator, divided by 10^scale), never on floats. Prints lines/s of both, the
 * ratio of their times, and whether every total matches; writes bench/out/statements.json.
 */
import {
  closeSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  rmSync,
  statSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DuckDBInstance } from '@duckdb/node-api';
import { formatDay } from '../lambdas/domain/settlement/days';
import { parseRate } from '../lambdas/domain/settlement/money';
import type { FeeSchedule } from '../lambdas/domain/settlement/settle';
import { type RunSummary, runStatements, type StatementSummary } from '../lambdas/statements/run';

interface Args {
  lines: number;
  sellers: number;
  threads: number;
  seed: number;
  outputs: boolean;
}

function parseArgs(argv: string[]): Args {
  const args: Args = {
    lines: 10_000_000,
    sellers: 1000,
    threads: availableParallelism(),
    seed: 7,
    outputs: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const v = Number(argv[i + 1]);
    if (a === '--outputs') args.outputs = true;
    else if (a === '--lines') args.lines = Math.max(1, Math.floor(v));
    else if (a === '--sellers') args.sellers = Math.max(1, Math.floor(v));
    else if (a === '--threads') args.threads = Math.max(1, Math.floor(v));
    else if (a === '--seed') args.seed = Math.floor(v);
    else continue;
    if (a !== '--outputs') i++;
  }
  return args;
}

const PERIOD = '2026-10';
const FULFILMENT = ['0.038', '0.052', '0.045', '0.045'];

function schedulesFor(sellers: number): FeeSchedule[] {
  return Array.from({ length: sellers }, (_, i) => ({
    applicationId: `app-${String(i).padStart(5, '0')}`,
    commissionRate: '0.05',
    fulfilmentRate: FULFILMENT[i % FULFILMENT.length] as string,
    // One seller in twenty has reached 4 violations: T+75.
    settlementTermDays: i % 20 === 19 ? 75 : 15,
  }));
}

/** Order lines from 2026-07-01 to 2026-10-31: some settle in the period, some before or after. */
function generate(path: string, a: Args, schedules: FeeSchedule[]): void {
  let s = a.seed >>> 0 || 1;
  const next = () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s;
  };
  const start = Date.UTC(2026, 6, 1) / 86_400_000;
  const days = Array.from({ length: 123 }, (_, i) => formatDay(start + i));
  const ids = schedules.map((x) => x.applicationId);
  const currencies = ['CNY', 'CNY', 'CNY', 'USD', 'EUR'];
  const fd = openSync(path, 'w');
  let chunk = 'orderId,applicationId,transactionDate,currency,amountMinor,kind,vasCode\n';
  for (let i = 0; i < a.lines; i++) {
    const r = next();
    // One line in a thousand names a seller with no fee schedule (a reject).
    const app = r % 1000 === 0 ? 'app-unknown' : (ids[next() % ids.length] as string);
    const day = days[next() % days.length] as string;
    const cur = currencies[r % 5] as string;
    const k = (r >>> 8) % 100;
    const amount = 1 + (next() % 250_000);
    chunk +=
      k < 85
        ? `o${i},${app},${day},${cur},${amount},sale,\n`
        : k < 95
          ? `o${i},${app},${day},${cur},-${amount},refund,\n`
          : `o${i},${app},${day},${cur},${100 + (amount % 5000)},vas,ADS\n`;
    if (chunk.length > 1 << 22) {
      writeSync(fd, chunk);
      chunk = '';
    }
  }
  writeSync(fd, chunk);
  closeSync(fd);
}

async function duckdb(path: string, schedules: FeeSchedule[], threads: number): Promise<StatementSummary[]> {
  const instance = await DuckDBInstance.create(':memory:', { threads: String(threads) });
  const c = await instance.connect();
  const values = schedules
    .map((x) => {
      const cr = parseRate(x.commissionRate);
      const fr = parseRate(x.fulfilmentRate);
      return `('${x.applicationId}', ${cr.bigNum}, ${cr.bigDen}, ${fr.bigNum}, ${fr.bigDen}, ${x.settlementTermDays})`;
    })
    .join(',');
  await c.run(
    `CREATE TABLE fees AS SELECT * FROM (VALUES ${values}) t(applicationId, cnum, cden, fnum, fden, term)`,
  );
  // Half to even on integers: truncate, then look at twice the remainder (DuckDB's // and %
  // truncate toward zero, as the domain's BigInt reference does).
  await c.run(`CREATE MACRO half_even(p, d) AS
    (p // d) + CASE
      WHEN abs(2 * (p % d)) > d THEN sign(p)
      WHEN abs(2 * (p % d)) = d AND (p // d) % 2 <> 0 THEN sign(p)
      ELSE 0 END`);
  const reader = await c.runAndReadAll(`
    WITH o AS (
      SELECT o.applicationId, o.currency, o.kind, o.amountMinor::HUGEINT AS a, f.cnum, f.cden, f.fnum, f.fden
      FROM read_csv('${path}', header = true, columns = {
        'orderId': 'VARCHAR', 'applicationId': 'VARCHAR', 'transactionDate': 'DATE', 'currency': 'VARCHAR',
        'amountMinor': 'BIGINT', 'kind': 'VARCHAR', 'vasCode': 'VARCHAR'}) o
      JOIN fees f ON f.applicationId = o.applicationId
      WHERE o.transactionDate + f.term BETWEEN DATE '${PERIOD}-01' AND last_day(DATE '${PERIOD}-01')
    ), l AS (
      SELECT applicationId, currency,
        CASE WHEN kind = 'vas' THEN 0 ELSE a END AS amount,
        CASE WHEN kind = 'vas' THEN 0 ELSE half_even(a * cnum, cden) END AS commission,
        CASE WHEN kind = 'vas' THEN 0 ELSE half_even(a * fnum, fden) END AS fulfilment,
        CASE WHEN kind = 'vas' THEN a ELSE 0 END AS vas
      FROM o
    )
    SELECT applicationId, currency, count(*) AS lines, sum(amount) AS gross, sum(commission) AS commission,
      sum(fulfilment) AS fulfilment, sum(vas) AS vas, sum(amount - commission - fulfilment - vas) AS net
    FROM l GROUP BY applicationId, currency ORDER BY applicationId, currency`);
  const rows = reader.getRowObjectsJS();
  c.closeSync();
  instance.closeSync();
  return rows.map((r) => ({
    applicationId: String(r.applicationId),
    currency: String(r.currency),
    lines: Number(r.lines),
    grossMinor: Number(r.gross),
    commissionMinor: Number(r.commission),
    fulfilmentMinor: Number(r.fulfilment),
    vasMinor: Number(r.vas),
    netMinor: Number(r.net),
  }));
}

function compare(ours: StatementSummary[], theirs: StatementSummary[]): string[] {
  const key = (s: StatementSummary) => `${s.applicationId}/${s.currency}`;
  const ref = new Map(theirs.map((s) => [key(s), s]));
  const diffs: string[] = [];
  if (ours.length !== theirs.length) diffs.push(`${ours.length} statements vs DuckDB's ${theirs.length}`);
  for (const s of ours) {
    const r = ref.get(key(s));
    if (!r) {
      diffs.push(`${key(s)} missing in DuckDB`);
      continue;
    }
    for (const f of [
      'lines',
      'grossMinor',
      'commissionMinor',
      'fulfilmentMinor',
      'vasMinor',
      'netMinor',
    ] as const)
      if (String(s[f]) !== String(r[f])) diffs.push(`${key(s)} ${f}: ${s[f]} vs ${r[f]}`);
  }
  return diffs;
}

async function main(): Promise<void> {
  const a = parseArgs(process.argv.slice(2));
  const dir = mkdtempSync(join(tmpdir(), 'bench-statements-'));
  try {
    const file = join(dir, 'orders.csv');
    const schedules = schedulesFor(a.sellers);
    let t = performance.now();
    generate(file, a, schedules);
    const bytes = statSync(file).size;
    console.log(
      `generated ${a.lines.toLocaleString('en')} lines (${(bytes / 2 ** 20).toFixed(0)} MiB) in ${((performance.now() - t) / 1000).toFixed(1)} s`,
    );

    // CPU time of the whole process (every thread, DuckDB's native ones too): a figure that a
    // busy machine bends less than wall time, reported beside it.
    let cpu = process.cpuUsage();
    const cpuSeconds = () => {
      const d = process.cpuUsage(cpu);
      cpu = process.cpuUsage();
      return (d.user + d.system) / 1e6;
    };
    const load = loadavg()[0] as number;
    t = performance.now();
    cpuSeconds();
    const ours: RunSummary = (
      await runStatements({ period: PERIOD, orders: [file], schedules, threads: a.threads })
    ).summary;
    const oursSeconds = (performance.now() - t) / 1000;
    const oursCpu = cpuSeconds();

    let outputsSeconds: number | undefined;
    if (a.outputs) {
      t = performance.now();
      await runStatements({
        period: PERIOD,
        orders: [file],
        schedules,
        threads: a.threads,
        outDir: join(dir, 'out'),
        pdf: false,
      });
      outputsSeconds = (performance.now() - t) / 1000;
    }

    t = performance.now();
    cpuSeconds();
    const reference = await duckdb(file, schedules, a.threads);
    const duckSeconds = (performance.now() - t) / 1000;
    const duckCpu = cpuSeconds();

    const diffs = compare(ours.statements, reference);
    const inPeriod = ours.statements.reduce((n, s) => n + s.lines, 0);
    const result = {
      lines: a.lines,
      bytes,
      threads: a.threads,
      sellers: a.sellers,
      statements: ours.statements.length,
      linesInPeriod: inPeriod,
      rejects: ours.rejects.length,
      loadAverageAtStart: load,
      ours: {
        seconds: oursSeconds,
        linesPerSecond: Math.round(a.lines / oursSeconds),
        cpuSeconds: oursCpu,
        linesPerCpuSecond: Math.round(a.lines / oursCpu),
      },
      ...(outputsSeconds !== undefined
        ? { oursWithFiles: { seconds: outputsSeconds, linesPerSecond: Math.round(a.lines / outputsSeconds) } }
        : {}),
      duckdb: {
        seconds: duckSeconds,
        linesPerSecond: Math.round(a.lines / duckSeconds),
        cpuSeconds: duckCpu,
        linesPerCpuSecond: Math.round(a.lines / duckCpu),
      },
      ratio: oursSeconds / duckSeconds,
      allTotalsMatch: diffs.length === 0,
      differences: diffs.slice(0, 20),
    };
    const fmt = (n: number) => n.toLocaleString('en');
    console.log(
      `statements ${fmt(result.statements)}, lines in ${PERIOD} ${fmt(inPeriod)}, rejects ${fmt(result.rejects)}`,
    );
    console.log(
      `load     ${load.toFixed(2)} (1-minute load average at the start; ${availableParallelism()} cores)`,
    );
    console.log(
      `ours     ${oursSeconds.toFixed(2)} s  ${fmt(result.ours.linesPerSecond)} lines/s (${a.threads} threads); CPU ${oursCpu.toFixed(2)} s, ${fmt(result.ours.linesPerCpuSecond)} lines per CPU-second`,
    );
    if (result.oursWithFiles)
      console.log(
        `ours+files ${result.oursWithFiles.seconds.toFixed(2)} s  ${fmt(result.oursWithFiles.linesPerSecond)} lines/s (with the per-statement JSON and CSV)`,
      );
    console.log(
      `duckdb   ${duckSeconds.toFixed(2)} s  ${fmt(result.duckdb.linesPerSecond)} lines/s (${a.threads} threads); CPU ${duckCpu.toFixed(2)} s, ${fmt(result.duckdb.linesPerCpuSecond)} lines per CPU-second`,
    );
    console.log(`ratio    ${result.ratio.toFixed(2)} × DuckDB's time`);
    console.log(
      `totals   ${diffs.length === 0 ? 'every total matches' : `${diffs.length} differ:\n  ${diffs.slice(0, 20).join('\n  ')}`}`,
    );
    console.log(
      `targets  ≥ 5,000,000 lines/s: ${result.ours.linesPerSecond >= 5_000_000 ? 'met' : 'NOT met'}; within 3× of DuckDB: ${result.ratio <= 3 ? 'met' : 'NOT met'}`,
    );
    const out = join(dirname(fileURLToPath(import.meta.url)), 'out', 'statements.json');
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
    console.log(`written ${out}`);
    if (diffs.length > 0) process.exitCode = 1;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
