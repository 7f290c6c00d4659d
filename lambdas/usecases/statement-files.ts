/**
 * One batch of the statement job's files Map: the JSON, CSV and PDF of each of its statements,
 * formatted by the CLI's writer (statements/outputs.ts `writeStatement`, the same bytes as `npm
 * run statements`) from the lines the sum batches kept (statement-lines.ts), each stored under
 * statements/issued/<period>/ with a write-once put. Kept apart from statement-job.ts so that only
 * this step's bundle carries the PDF writer and its font.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FeeSchedule } from '../domain/settlement/settle.js';
import { LineStore, StoreReader } from '../statements/line-store.js';
import { writeStatement } from '../statements/outputs.js';
import { statementFont } from '../statements/statement-pdf.js';
import {
  contentType,
  FILE_KINDS,
  issuedFileKey,
  type RunRef,
  type StatementItem,
  type StatementObjects,
  totalsOf,
} from './statement-job.js';
import { decodeStatementLines } from './statement-lines.js';

export async function writeStatementFiles(
  objects: StatementObjects,
  run: RunRef,
  items: StatementItem[],
): Promise<{ statements: number; files: number; existed: number }> {
  const schedules = new Map(
    (await objects.getJson<FeeSchedule[]>(run.schedulesKey)).map((s) => [s.applicationId, s]),
  );
  // The batch's lines in one store, statement i under key i, in file order.
  const store = new LineStore();
  for (const [i, item] of items.entries()) {
    // Fetched together, added in order.
    const slices = await Promise.all(
      item.parts.map(([key, offset, length]) => objects.getRange(`${run.runPrefix}/${key}`, offset, length)),
    );
    let lines = 0;
    for (const slice of slices) lines += decodeStatementLines(store, i, slice);
    if (lines !== item.lines)
      throw new Error(
        `${item.applicationId} ${item.currency}: ${lines} lines read back, ${item.lines} summed`,
      );
  }
  const reader = new StoreReader(store.finish());
  const font = await statementFont();
  // writeStatement writes files (the CLI's path); here they go to a scratch folder, then to S3.
  const dir = mkdtempSync(join(tmpdir(), 'statement-files-'));
  let files = 0;
  let existed = 0;
  try {
    for (const [i, item] of items.entries()) {
      const schedule = schedules.get(item.applicationId);
      if (!schedule) throw new Error(`no fee schedule for ${item.applicationId} in ${run.schedulesKey}`);
      const summary = {
        applicationId: item.applicationId,
        currency: item.currency,
        ...totalsOf(item).toJson(),
      };
      const written = await writeStatement({ key: i, schedule, summary }, [reader], {
        outDir: dir,
        period: run.period,
        font,
      });
      for (const kind of FILE_KINDS) {
        const path = written[kind];
        if (!path) continue;
        const key = issuedFileKey(run.period, item.applicationId, item.currency, kind);
        // A retried batch finds its files there already: the same bytes (nothing in them varies).
        if (await objects.putOnce(key, readFileSync(path), contentType(kind))) files++;
        else existed++;
        rmSync(path, { force: true });
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return { statements: items.length, files, existed };
}
