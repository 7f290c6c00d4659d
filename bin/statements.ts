#!/usr/bin/env node
/**
 * npm run --silent statements -- --orders FILE... --period YYYY-MM [--out DIR]
 *   [--fee-schedules FILE | --store DIR] [--strict] [--threads N]
 * stdout: the JSON summary only. Files: DIR/<applicationId>-<period>-<currency>.json|.csv|.pdf.
 * Exit 1 with --strict when any line was rejected; 2 when the run cannot start.
 *
 * Start-up: only node: built-ins and two small domain modules load before the arguments are
 * checked; the run, the PDF writer, the AWS SDK and DynamoDB Local are imported when needed.
 * `npm run statements` runs this file built by esbuild (lambdas/statements/cli.mjs).
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { periodDays } from '../lambdas/domain/settlement/days.js';
import type { FeeSchedule } from '../lambdas/domain/settlement/settle.js';

const USAGE = `usage: npm run --silent statements -- --orders FILE... --period YYYY-MM [options]

  --orders FILE...        order files: CSV with a header, or JSON lines (.jsonl/.ndjson/.json)
  --period YYYY-MM        the month whose settlements the statements cover
  --out DIR               where the per-statement files go (default statements-out)
  --fee-schedules FILE    a JSON array of { applicationId, commissionRate, fulfilmentRate,
                          settlementTermDays }; without it, the admitted applications' schedules
                          from the local store
  --store DIR             that local store (default .local/store)
  --strict                exit 1 when any line was rejected
  --threads N             threads to use (default: every core)
  -h, --help              this text

stdout: one JSON summary { period, statements, rejects }; files: DIR/<applicationId>-<period>-
<currency>.json, .csv and .pdf. Exit 0; 1 with --strict and rejects; 2 when the run cannot start.
`;

function fail(message: string): never {
  process.stderr.write(`statements: ${message}\n`);
  process.exit(2);
}

// stdout carries the JSON summary only: anything a library logs goes to stderr.
console.log = console.error;
console.info = console.error;
console.debug = console.error;

/**
 * Each admitted application's activated fee schedule, from the store `npm start` keeps, with the
 * term of the seller's governance tier on the period's last day.
 */
async function schedulesFromStore(storeDir: string, period: string): Promise<FeeSchedule[]> {
  const dataDir = join(storeDir, 'dynamodb');
  if (!existsSync(dataDir))
    fail(
      `no local store at ${storeDir} (run npm start or admit --store first, or pass --fee-schedules FILE)`,
    );
  const [
    { DynamoDBClient },
    { DynamoDBDocumentClient },
    { DynamoApplicationRepository },
    { DynamoViolationRepository },
    { admittedFeeSchedules },
    { LOCAL_CREDENTIALS, LOCAL_REGION, startDynamoDbLocal },
    { LOCAL_TABLE },
  ] = await Promise.all([
    import('@aws-sdk/client-dynamodb'),
    import('@aws-sdk/lib-dynamodb'),
    import('../lambdas/adapters/dynamo-repository.js'),
    import('../lambdas/adapters/dynamo-violations.js'),
    import('../lambdas/usecases/statements.js'),
    import('../local/emulators.js'),
    import('../local/platform.js'),
  ]);
  const dynamo = await startDynamoDbLocal({ dataDir });
  const db = DynamoDBDocumentClient.from(
    new DynamoDBClient({ endpoint: dynamo.endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS }),
  );
  try {
    return await admittedFeeSchedules(
      new DynamoApplicationRepository(db, LOCAL_TABLE),
      new DynamoViolationRepository(db, LOCAL_TABLE),
      period,
    );
  } catch (err) {
    if ((err as { name?: string }).name === 'ResourceNotFoundException') return [];
    throw err;
  } finally {
    db.destroy();
    await dynamo.stop();
  }
}

async function main(): Promise<number> {
  let args: ReturnType<typeof parseArgs>;
  try {
    args = parseArgs({
      allowPositionals: true,
      options: {
        orders: { type: 'string', multiple: true },
        period: { type: 'string' },
        out: { type: 'string' },
        'fee-schedules': { type: 'string' },
        store: { type: 'string' },
        strict: { type: 'boolean', default: false },
        threads: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (err) {
    fail(`${(err as Error).message}\n(npm run --silent statements -- --help for usage)`);
  }
  const v = args.values;
  if (v.help) {
    await new Promise((done) => process.stdout.write(USAGE, done));
    return 0;
  }
  // `--orders a.csv b.csv`: files after the first arrive as positionals.
  const orders = [...((v.orders as string[] | undefined) ?? []), ...args.positionals];
  if (orders.length === 0) fail('--orders is required (npm run --silent statements -- --help for usage)');
  const period = v.period as string | undefined;
  if (!period || !periodDays(period)) fail(`--period must be a month YYYY-MM (got ${period ?? 'nothing'})`);
  for (const f of orders) {
    if (!existsSync(f)) fail(`--orders ${f}: no such file`);
    if (!statSync(f).isFile()) fail(`--orders ${f}: not a file`);
  }
  if (v.out !== undefined && existsSync(v.out as string) && !statSync(v.out as string).isDirectory())
    fail(`--out ${v.out}: not a directory`);
  const threads = v.threads === undefined ? undefined : Number(v.threads);
  if (threads !== undefined && !(Number.isInteger(threads) && threads >= 1 && threads <= 64))
    fail('--threads must be an integer from 1 to 64');

  let schedules: FeeSchedule[];
  const feeFile = v['fee-schedules'] as string | undefined;
  if (feeFile !== undefined) {
    let json: unknown;
    try {
      json = JSON.parse(readFileSync(feeFile, 'utf8'));
    } catch (err) {
      fail(`--fee-schedules ${feeFile}: ${(err as Error).message}`);
    }
    const { parseFeeSchedules } = await import('../lambdas/domain/settlement/fee-schedules.js');
    const parsed = parseFeeSchedules(json);
    if (!parsed.ok) fail(`--fee-schedules ${feeFile}: ${parsed.error}`);
    schedules = parsed.schedules;
  } else {
    schedules = await schedulesFromStore(resolve((v.store as string | undefined) ?? '.local/store'), period);
    process.stderr.write(
      `statements: ${schedules.length} admitted sellers with a fee schedule in the store\n`,
    );
  }

  const outDir = resolve((v.out as string | undefined) ?? 'statements-out');
  const started = performance.now();
  const [{ runStatements }, { stringifyMoney }] = await Promise.all([
    import('../lambdas/statements/run.js'),
    import('../lambdas/domain/settlement/totals.js'),
  ]);
  const { summary, written } = await runStatements({
    period,
    orders,
    schedules,
    outDir,
    ...(threads ? { threads } : {}),
  });
  // A pipe's writes may be asynchronous: exiting before they drain would cut the summary short.
  await new Promise<void>((done, failed) =>
    process.stdout.write(`${stringifyMoney(summary, 2)}\n`, (err) => (err ? failed(err) : done())),
  );
  process.stderr.write(
    `statements: ${summary.statements.length} statements (${written.length * 3} files in ${outDir}), ${summary.rejects.length} rejects, ${((performance.now() - started) / 1000).toFixed(2)} s\n`,
  );
  return v.strict && summary.rejects.length > 0 ? 1 : 0;
}

main().then(
  (code) => {
    // The bench reads the whole process's CPU time and peak memory from here.
    if (process.env.STATEMENTS_RESOURCE_USAGE)
      process.stderr.write(`statements: resource usage ${JSON.stringify(process.resourceUsage())}\n`);
    process.exit(code);
  },
  (err: Error) => fail(err.stack ?? err.message),
);
