#!/usr/bin/env node
/**
 * npm run --silent statements -- --orders FILE... --period YYYY-MM [--out DIR]
 *   [--fee-schedules FILE | --store DIR] [--strict] [--threads N]
 * stdout: the JSON summary only. Files: DIR/<applicationId>-<period>-<currency>.json|.csv|.pdf.
 * Exit 1 with --strict when any line was rejected; 2 when the run cannot start.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoApplicationRepository } from '../lambdas/adapters/dynamo-repository.js';
import { DynamoViolationRepository } from '../lambdas/adapters/dynamo-violations.js';
import { periodDays } from '../lambdas/domain/settlement/days.js';
import { parseFeeSchedules } from '../lambdas/domain/settlement/fee-schedules.js';
import type { FeeSchedule } from '../lambdas/domain/settlement/settle.js';
import { stringifyMoney } from '../lambdas/domain/settlement/totals.js';
import { runStatements } from '../lambdas/statements/run.js';
import { admittedFeeSchedules } from '../lambdas/usecases/statements.js';
import { LOCAL_CREDENTIALS, LOCAL_REGION, startDynamoDbLocal } from '../local/emulators.js';
import { LOCAL_TABLE } from '../local/platform.js';

const USAGE =
  'usage: statements --orders FILE... --period YYYY-MM [--out DIR] [--fee-schedules FILE | --store DIR] [--strict]';

function fail(message: string): never {
  process.stderr.write(`statements: ${message}\n`);
  process.exit(2);
}

/** Each admitted application's activated fee schedule, from the store `npm start` keeps. */
// stdout carries the JSON summary only: anything a library logs goes to stderr.
console.log = console.error;
console.info = console.error;
console.debug = console.error;

async function schedulesFromStore(storeDir: string): Promise<FeeSchedule[]> {
  const dataDir = join(storeDir, 'dynamodb');
  if (!existsSync(dataDir))
    fail(
      `no local store at ${storeDir} (run npm start or admit --store first, or pass --fee-schedules FILE)`,
    );
  const dynamo = await startDynamoDbLocal({ dataDir });
  const db = DynamoDBDocumentClient.from(
    new DynamoDBClient({ endpoint: dynamo.endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS }),
  );
  try {
    return await admittedFeeSchedules(
      new DynamoApplicationRepository(db, LOCAL_TABLE),
      new DynamoViolationRepository(db, LOCAL_TABLE),
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
      },
    });
  } catch (err) {
    fail(`${(err as Error).message}\n${USAGE}`);
  }
  const v = args.values;
  // `--orders a.csv b.csv`: files after the first arrive as positionals.
  const orders = [...((v.orders as string[] | undefined) ?? []), ...args.positionals];
  if (orders.length === 0) fail(`--orders is required\n${USAGE}`);
  const period = v.period as string | undefined;
  if (!period || !periodDays(period)) fail(`--period must be a month YYYY-MM (got ${period ?? 'nothing'})`);
  for (const f of orders) if (!existsSync(f)) fail(`--orders ${f}: no such file`);
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
    const parsed = parseFeeSchedules(json);
    if (!parsed.ok) fail(`--fee-schedules ${feeFile}: ${parsed.error}`);
    schedules = parsed.schedules;
  } else {
    schedules = await schedulesFromStore(resolve((v.store as string | undefined) ?? '.local/store'));
    process.stderr.write(
      `statements: ${schedules.length} admitted sellers with a fee schedule in the store\n`,
    );
  }

  const outDir = resolve((v.out as string | undefined) ?? 'statements-out');
  const started = performance.now();
  const { summary, written } = await runStatements({
    period,
    orders,
    schedules,
    outDir,
    ...(threads ? { threads } : {}),
  });
  process.stdout.write(`${stringifyMoney(summary, 2)}\n`);
  process.stderr.write(
    `statements: ${summary.statements.length} statements (${written.length * 3} files in ${outDir}), ${summary.rejects.length} rejects, ${((performance.now() - started) / 1000).toFixed(2)} s\n`,
  );
  return v.strict && summary.rejects.length > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err: Error) => fail(err.stack ?? err.message),
);
