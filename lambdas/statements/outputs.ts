/**
 * The files of each statement: `<applicationId>-<period>-<currency>.json`, `.csv` and `.pdf`.
 * Lines are copied from the segments' part files in file order, a chunk at a time; totals (known
 * by now) lead the JSON and close the CSV.
 */
import { closeSync, existsSync, mkdirSync, openSync, readSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { FeeSchedule } from '../domain/settlement/settle.js';
import { stringifyMoney } from '../domain/settlement/totals.js';
import { keyApp } from './context.js';
import { partPath } from './line-files.js';
import { statementBaseName } from './names.js';
import type { StatementSummary } from './run.js';
import type { SegmentResult } from './segment.js';
import { writeStatementPdf } from './statement-pdf.js';

export interface WrittenStatement {
  applicationId: string;
  currency: string;
  json: string;
  csv: string;
  pdf?: string;
}

export const CSV_HEADER =
  'orderId,transactionDate,settlementDate,amountMinor,commissionMinor,fulfilmentMinor,vasMinor,netMinor\n';

export async function writeStatementFiles(input: {
  outDir: string;
  period: string;
  schedules: FeeSchedule[];
  statements: { key: number; summary: StatementSummary }[];
  parts: SegmentResult[];
  pdf: boolean;
}): Promise<WrittenStatement[]> {
  mkdirSync(input.outDir, { recursive: true });
  const written: WrittenStatement[] = [];
  const chunk = Buffer.allocUnsafe(1 << 20);
  for (const { key, summary } of input.statements) {
    const schedule = input.schedules[keyApp(key)] as FeeSchedule;
    const base = join(input.outDir, statementBaseName(summary.applicationId, input.period, summary.currency));
    const sources = input.parts
      .filter((p) => p.partsDir && p.partKeys.includes(key))
      .map((p) => partPath(p.partsDir as string, key, 'csv'));
    const { applicationId, currency, ...totals } = summary;

    const csv = openSync(`${base}.csv`, 'w');
    try {
      writeSync(csv, CSV_HEADER);
      for (const src of sources) copyInto(csv, src, chunk, 0);
      writeSync(
        csv,
        `TOTAL,,,${totals.grossMinor},${totals.commissionMinor},${totals.fulfilmentMinor},${totals.vasMinor},${totals.netMinor}\n`,
      );
    } finally {
      closeSync(csv);
    }

    const json = openSync(`${base}.json`, 'w');
    try {
      const head = stringifyMoney(
        {
          applicationId,
          period: input.period,
          currency,
          feeSchedule: {
            commissionRate: schedule.commissionRate,
            fulfilmentRate: schedule.fulfilmentRate,
            settlementTermDays: schedule.settlementTermDays,
          },
          totals,
        },
        2,
      );
      // The head closes with "\n}": the lines go in before it.
      writeSync(json, `${head.slice(0, -2)},\n  "lines": [`);
      let first = true;
      for (const src of sources.map((s) => s.replace(/\.csv$/, '.json'))) {
        if (!existsSync(src)) continue;
        // Rows start with ",\n": the first row of the statement drops its comma.
        copyInto(json, src, chunk, first ? 1 : 0);
        first = false;
      }
      writeSync(json, '\n  ]\n}\n');
    } finally {
      closeSync(json);
    }

    const out: WrittenStatement = { applicationId, currency, json: `${base}.json`, csv: `${base}.csv` };
    if (input.pdf) {
      await writeStatementPdf(`${base}.pdf`, { summary, period: input.period, schedule, csvParts: sources });
      out.pdf = `${base}.pdf`;
    }
    written.push(out);
  }
  return written;
}

function copyInto(fd: number, src: string, chunk: Buffer, skip: number): void {
  const from = openSync(src, 'r');
  try {
    let pos = skip;
    for (;;) {
      const n = readSync(from, chunk, 0, chunk.length, pos);
      if (n === 0) return;
      writeSync(fd, chunk, 0, n);
      pos += n;
    }
  } finally {
    closeSync(from);
  }
}
