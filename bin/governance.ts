#!/usr/bin/env node
/**
 * npm run --silent governance -- --events FILE... [--as-of YYYY-MM-DD]
 * stdout: one JSON line per admitted seller (by applicationId), then `{ rejects }` when any.
 * Exit 0 when the run finished (rejects or not); 2 when it could not start.
 *
 * Start-up: only node: built-ins and the date helpers load before the arguments are checked; the
 * schema (zod), the ledger and the reader are imported after. `npm run governance` runs this file
 * built by esbuild (lambdas/governance/cli.mjs).
 */
import { closeSync, openSync, statSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { fromDayNumber, isIsoDate } from '../lambdas/domain/dates.js';

const USAGE = `usage: npm run --silent governance -- --events FILE... [--as-of YYYY-MM-DD]

  --events FILE...       events as JSON lines, in any order: admitted, violation, spot_check,
                         fix_confirmed, appeal (SPEC "Driving it headless: governance")
  --as-of YYYY-MM-DD     the day the standing is computed for (default: today, China time);
                         events dated after it are ignored
  --threads N            threads to read with (default: the idle cores, 1 to 4)
  -h, --help             this text

stdout: one JSON line per admitted seller ordered by applicationId
  { applicationId, uscc, tier, healthScore, atRisk, delistedSkus: [{ sku, until }],
    settlementTermDays, violationsCounted }
then, when any line was rejected, { "rejects": [{ file, line, reason }] }.
Exit 0 when the run finished; 2 when it could not start (a missing file, a bad argument).
`;

function fail(message: string): never {
  process.stderr.write(`governance: ${message}\n(npm run --silent governance -- --help for usage)\n`);
  process.exit(2);
}

/** Today in China (UTC+8 all year, no daylight saving): the default as-of date. */
function chinaToday(nowMs: number): string {
  return fromDayNumber(Math.floor((nowMs + 8 * 3_600_000) / 86_400_000));
}

// stdout carries the records only: anything a library logs goes to stderr.
console.log = console.error;
console.info = console.error;

async function main(): Promise<number> {
  let args: ReturnType<typeof parseArgs>;
  try {
    args = parseArgs({
      allowPositionals: true,
      options: {
        events: { type: 'string', multiple: true },
        'as-of': { type: 'string' },
        threads: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (err) {
    fail((err as Error).message);
  }
  const v = args.values;
  if (v.help) {
    await new Promise((done) => process.stdout.write(USAGE, done));
    return 0;
  }
  // `--events a.jsonl b.jsonl`: files after the first arrive as positionals.
  const files = [...((v.events as string[] | undefined) ?? []), ...args.positionals];
  if ((v.events as string[] | undefined) === undefined) fail('--events FILE... is required');
  const asOf = (v['as-of'] as string | undefined) ?? chinaToday(Date.now());
  if (!isIsoDate(asOf)) fail(`--as-of must be a real date YYYY-MM-DD (got ${JSON.stringify(asOf)})`);
  const threads = v.threads === undefined ? undefined : Number(v.threads);
  if (threads !== undefined && !(Number.isInteger(threads) && threads >= 1 && threads <= 64))
    fail('--threads must be an integer from 1 to 64');
  for (const f of files) {
    try {
      if (!statSync(f).isFile()) fail(`--events ${f}: not a file`);
      closeSync(openSync(f, 'r'));
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      fail(
        `--events ${f}: ${code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'not readable' : (err as Error).message}`,
      );
    }
  }

  const { runGovernance, formatGovernance } = await import('../lambdas/governance/run.js');
  const started = performance.now();
  const result = await runGovernance(files, asOf, threads ? { threads } : {});
  // A pipe's writes may be asynchronous: exiting before they drain would cut the records short.
  await new Promise<void>((done, failed) =>
    process.stdout.write(formatGovernance(result), (err) => (err ? failed(err) : done())),
  );
  process.stderr.write(
    `governance: ${result.sellers.length} sellers as of ${asOf}, ${result.rejects.length} rejects, ${((performance.now() - started) / 1000).toFixed(2)} s\n`,
  );
  return 0;
}

main().then(
  (code) => {
    // The bench reads the whole process's CPU time and peak memory from here.
    if (process.env.GOVERNANCE_RESOURCE_USAGE)
      process.stderr.write(`governance: resource usage ${JSON.stringify(process.resourceUsage())}\n`);
    process.exit(code);
  },
  (err: Error) => {
    process.stderr.write(`governance: ${err.stack ?? err.message}\n`);
    process.exit(1);
  },
);
