#!/usr/bin/env node
/**
 * npm run --silent admit -- FOLDER... [--violations FILE] [--concurrency N] [--store DIR]
 * One JSON record per folder on stdout, in the order given; progress on stderr.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { fieldPath, ViolationsSchema } from '../lambdas/usecases/schemas.js';
import { type AdmitRecord, admitFolder } from '../local/admit.js';
import { ManualClock } from '../local/clock.js';
import { startEmulators, startPlatform } from '../local/platform.js';

function fail(message: string): never {
  process.stderr.write(`admit: ${message}\n`);
  process.exit(2);
}

// stdout carries the JSON records only: everything the pipeline logs goes to stderr.
process.env.POWERTOOLS_DEV = 'true';
console.log = console.error;
console.info = console.error;
console.debug = console.error;

async function main(): Promise<void> {
  let args: ReturnType<typeof parseArgs>;
  try {
    args = parseArgs({
      allowPositionals: true,
      options: {
        violations: { type: 'string' },
        concurrency: { type: 'string', default: '4' },
        store: { type: 'string' },
      },
    });
  } catch (err) {
    fail((err as Error).message);
  }
  const folders = args.positionals;
  if (folders.length === 0)
    fail('usage: admit FOLDER... [--violations FILE] [--concurrency N] [--store DIR]');
  const concurrency = Number(args.values.concurrency);
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64)
    fail('--concurrency must be an integer from 1 to 64');

  let violations: ReturnType<typeof ViolationsSchema.parse> = [];
  if (typeof args.values.violations === 'string') {
    const file = args.values.violations;
    let json: unknown;
    try {
      json = JSON.parse(readFileSync(file, 'utf8'));
    } catch (err) {
      fail(`--violations ${file}: ${(err as Error).message}`);
    }
    const parsed = ViolationsSchema.safeParse(json);
    if (!parsed.success) {
      const i = parsed.error.issues[0];
      fail(`--violations ${file}: ${i ? `${fieldPath(i.path)}: ${i.message}` : 'invalid'}`);
    }
    violations = parsed.data;
  }

  const storeDir = typeof args.values.store === 'string' ? resolve(args.values.store) : undefined;
  const scratch = storeDir ? undefined : mkdtempSync(join(tmpdir(), 'admit-'));
  process.stderr.write(
    `admit: starting the local platform (${storeDir ? `store ${storeDir}` : 'fresh store'})\n`,
  );
  const emulators = await startEmulators(storeDir ? { storeDir } : {});
  try {
    const platform = await startPlatform({ emulators, clock: new ManualClock(new Date()), redrive: false });
    if (violations.length > 0) {
      await platform.container.violations.put(violations);
      process.stderr.write(`admit: loaded ${violations.length} violation records\n`);
    }
    const results: (AdmitRecord | undefined)[] = new Array(folders.length);
    let printed = 0;
    const flush = () => {
      while (printed < folders.length && results[printed]) {
        process.stdout.write(`${JSON.stringify(results[printed])}\n`);
        printed++;
      }
    };
    let next = 0;
    const worker = async () => {
      while (next < folders.length) {
        const i = next++;
        const folder = folders[i] as string;
        const record = await admitFolder(platform, resolve(folder), (line) =>
          process.stderr.write(`[${i + 1}/${folders.length}] ${line}\n`),
        );
        results[i] = { ...record, ...(record.status === 'ERROR' ? { folder } : {}) };
        process.stderr.write(`[${i + 1}/${folders.length}] ${folder}: ${record.status}\n`);
        flush();
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, folders.length) }, worker));
    flush();
    await platform.stop();
  } finally {
    await emulators.stop();
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (err: Error) => fail(err.stack ?? err.message),
);
