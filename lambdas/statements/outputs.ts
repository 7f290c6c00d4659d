/**
 * The files of each statement: `<applicationId>-<period>-<currency>.json`, `.csv` and `.pdf`,
 * written from the lines the reading threads left in shared memory (line-store.ts), one
 * statement at a time by whichever thread takes it: each file is formatted whole in memory and
 * written once, nothing is read back. Totals (known by now) lead the JSON and close the CSV; the
 * PDF gets subtotals by kind and settlement day computed on the same pass.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FeeSchedule } from '../domain/settlement/settle.js';
import { stringifyMoney, Totals } from '../domain/settlement/totals.js';
import type { SubsetFont } from '../pdf/subset-font.js';
import { type StoredLine, type StoreHandle, StoreReader } from './line-store.js';
import { statementBaseName } from './names.js';
import type { StatementSummary } from './run.js';
import { MAX_PDF_LINES, statementFont, statementPdf } from './statement-pdf.js';

export interface WrittenStatement {
  applicationId: string;
  currency: string;
  json: string;
  csv: string;
  pdf?: string;
}

export const CSV_HEADER =
  'orderId,transactionDate,settlementDate,amountMinor,commissionMinor,fulfilmentMinor,vasMinor,netMinor\n';

export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export interface StatementTask {
  key: number;
  schedule: FeeSchedule;
  summary: StatementSummary;
}

/** Days as YYYY-MM-DD, cached per thread (a run meets a few hundred days). */
const dayTexts = new Map<number, string>();
export function dayText(day: number): string {
  let t = dayTexts.get(day);
  if (t === undefined) {
    // days.ts civil(), with the year padded to four digits.
    const z = day + 719468;
    const era = Math.floor(z / 146097);
    const doe = z - era * 146097;
    const yoe = Math.floor(
      (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
    );
    const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
    const mp = Math.floor((5 * doy + 2) / 153);
    const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
    const m = mp < 10 ? mp + 3 : mp - 9;
    const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
    t = `${String(y).padStart(4, '0')}-${m < 10 ? '0' : ''}${m}-${d < 10 ? '0' : ''}${d}`;
    dayTexts.set(day, t);
  }
  return t;
}

/** Writes one statement's files from the stores of every segment (in file order). */
export async function writeStatement(
  task: StatementTask,
  stores: StoreReader[],
  opts: { outDir: string; period: string; font: SubsetFont | null },
): Promise<WrittenStatement> {
  const { key, schedule, summary } = task;
  const { applicationId, currency, ...totals } = summary;
  const baseName = statementBaseName(applicationId, opts.period, currency);
  const base = join(opts.outDir, baseName);
  const term = schedule.settlementTermDays;
  const pdf = opts.font !== null;
  const keepRows = pdf && summary.lines <= MAX_PDF_LINES;
  const rows: string[][] | null = keepRows ? [] : null;
  const byKind = [new Totals(), new Totals(), new Totals()];
  const byDay = new Map<number, Totals>();

  const csv: string[] = [CSV_HEADER];
  const json: string[] = [];
  let first = true;
  const line: StoredLine = {
    day: 0,
    kind: 0,
    amountMinor: 0,
    commissionMinor: 0,
    fulfilmentMinor: 0,
    vasMinor: 0,
    netMinor: 0,
  };
  const each = (l: StoredLine, id: string, plain: boolean) => {
    const tx = dayText(l.day);
    const settleDay = l.day + term;
    const settles = dayText(settleDay);
    const money = `${l.amountMinor},${l.commissionMinor},${l.fulfilmentMinor},${l.vasMinor},${l.netMinor}`;
    csv.push(`${plain ? id : csvField(id)},${tx},${settles},${money}\n`);
    json.push(
      `${first ? '\n' : ',\n'}    {"orderId":${plain ? `"${id}"` : JSON.stringify(id)},"transactionDate":"${tx}","settlementDate":"${settles}","amountMinor":${l.amountMinor},"commissionMinor":${l.commissionMinor},"fulfilmentMinor":${l.fulfilmentMinor},"vasMinor":${l.vasMinor},"netMinor":${l.netMinor}}`,
    );
    first = false;
    if (!pdf) return;
    (byKind[l.kind] as Totals).add(l.amountMinor, l.commissionMinor, l.fulfilmentMinor, l.vasMinor);
    let t = byDay.get(settleDay);
    if (t === undefined) {
      t = new Totals();
      byDay.set(settleDay, t);
    }
    t.add(l.amountMinor, l.commissionMinor, l.fulfilmentMinor, l.vasMinor);
    rows?.push([
      id,
      tx,
      settles,
      String(l.amountMinor),
      String(l.commissionMinor),
      String(l.fulfilmentMinor),
      String(l.vasMinor),
      String(l.netMinor),
    ]);
  };
  for (const s of stores) s.each(key, line, each);

  csv.push(
    `TOTAL,,,${totals.grossMinor},${totals.commissionMinor},${totals.fulfilmentMinor},${totals.vasMinor},${totals.netMinor}\n`,
  );
  writeFileSync(`${base}.csv`, csv.join(''));
  const head = stringifyMoney(
    {
      applicationId,
      period: opts.period,
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
  writeFileSync(`${base}.json`, `${head.slice(0, -2)},\n  "lines": [${json.join('')}\n  ]\n}\n`);
  const out: WrittenStatement = { applicationId, currency, json: `${base}.json`, csv: `${base}.csv` };
  if (opts.font) {
    const bytes = await statementPdf(opts.font, {
      summary,
      period: opts.period,
      schedule,
      byKind,
      byDay: [...byDay].sort((a, b) => a[0] - b[0]).map(([d, t]) => [dayText(d), t]),
      rows,
      csvName: `${baseName}.csv`,
    });
    writeFileSync(`${base}.pdf`, bytes);
    out.pdf = `${base}.pdf`;
  }
  return out;
}

export interface WriteJob {
  outDir: string;
  period: string;
  pdf: boolean;
  tasks: StatementTask[];
  stores: StoreHandle[];
  /** [next task to take, then one done flag per task]. */
  counter: SharedArrayBuffer;
}

/** Takes statements off the job's shared counter until none are left (any thread). */
export async function drainWrites(job: WriteJob): Promise<void> {
  const counter = new Int32Array(job.counter);
  const stores = job.stores.map((h) => new StoreReader(h));
  const font = job.pdf ? await statementFont() : null;
  const opts = { outDir: job.outDir, period: job.period, font };
  for (;;) {
    const i = Atomics.add(counter, 0, 1);
    const task = job.tasks[i];
    if (!task) return;
    await writeStatement(task, stores, opts);
    Atomics.store(counter, 1 + i, 1);
  }
}

/** Writes, on this thread, any statement a failed thread took and did not finish. */
export async function writeStatementAgain(job: WriteJob): Promise<void> {
  const counter = new Int32Array(job.counter);
  const left = job.tasks.filter((_, i) => Atomics.load(counter, 1 + i) === 0);
  if (left.length === 0) return;
  const stores = job.stores.map((h) => new StoreReader(h));
  const font = job.pdf ? await statementFont() : null;
  for (const task of left)
    await writeStatement(task, stores, { outDir: job.outDir, period: job.period, font });
}
