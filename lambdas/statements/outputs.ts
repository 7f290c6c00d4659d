/**
 * The files of each statement: `<applicationId>-<period>-<currency>.json`, `.csv` and `.pdf`,
 * written from the lines the reading threads left in shared memory (line-store.ts) by whichever
 * thread takes the statement: each file is formatted whole in memory and written once, nothing
 * is read back. Totals (known by now) lead the JSON and close the CSV; the PDF gets subtotals by
 * kind and settlement day from the same lines (on the JSON's pass when one call writes all three).
 */
import { closeSync, openSync, writeFileSync, writevSync } from 'node:fs';
import { join } from 'node:path';
import { isMainThread } from 'node:worker_threads';
import { KIND_VAS } from '../domain/settlement/order.js';
import type { FeeSchedule } from '../domain/settlement/settle.js';
import { stringifyMoney, type TotalsJson } from '../domain/settlement/totals.js';
import type { SubsetFont } from '../pdf/subset-font.js';
import { CSV_HEADER, type DateTexts, datesFor, dayText, type LineCursor, putLine } from './line-format.js';
import { BLOCK_MASK, BLOCK_SHIFT, type Block, type StoreHandle, StoreReader } from './line-store.js';
import { statementBaseName } from './names.js';
import { addToPdf, newPdfParts, type PdfParts, pdfPartsOf } from './pdf-parts.js';
import { addTime, reportTimes } from './profile.js';
import type { StatementSummary } from './run.js';
import { statementFont, statementPdfParts } from './statement-pdf.js';
import { dataDone, NEXT_DATA, NEXT_PDF, pdfDone } from './tasks.js';

export interface WrittenStatement {
  applicationId: string;
  currency: string;
  json: string;
  csv: string;
  pdf?: string;
}

export interface StatementTask {
  key: number;
  schedule: FeeSchedule;
  summary: StatementSummary;
}

/** The byte buffers reused across statements on this thread. */
let csvBuf: Buffer = Buffer.allocUnsafe(1 << 20);
let jsonBuf: Buffer = Buffer.allocUnsafe(4 << 20);
function grown(b: Buffer, used: number, need: number): Buffer {
  const bigger = Buffer.allocUnsafe(Math.max(b.length * 2, used + need));
  b.copy(bigger, 0, 0, used);
  return bigger;
}

/** Writes a file from its parts in one vectored write (looped: a write may take fewer bytes). */
function writeParts(path: string, parts: Uint8Array[]): void {
  const fd = openSync(path, 'w');
  try {
    let left = parts;
    let n = left.reduce((sum, p) => sum + p.length, 0);
    while (n > 0) {
      const wrote = writevSync(fd, left);
      n -= wrote;
      if (n === 0) break;
      // Drop what was written and go on from the rest.
      let skip = wrote;
      const rest: Uint8Array[] = [];
      for (const p of left) {
        if (skip >= p.length) skip -= p.length;
        else {
          rest.push(skip > 0 ? p.subarray(skip) : p);
          skip = 0;
        }
      }
      left = rest;
    }
  } finally {
    closeSync(fd);
  }
}

/** A statement's JSON up to its first line: totals lead, the lines follow. */
function jsonHead(summary: StatementSummary, schedule: FeeSchedule, period: string): string {
  const { applicationId, currency, ...totals } = summary;
  return `${stringifyMoney(
    {
      applicationId,
      period,
      currency,
      feeSchedule: {
        commissionRate: schedule.commissionRate,
        fulfilmentRate: schedule.fulfilmentRate,
        settlementTermDays: schedule.settlementTermDays,
      },
      totals,
    },
    2,
    // The head closes with "\n}": the lines go in before it.
  ).slice(0, -2)},\n  "lines": [`;
}

const JSON_TAIL = '\n  ]\n}\n';

/** The CSV's last row: the totals. */
function csvTail(t: TotalsJson): string {
  return `TOTAL,,,${t.grossMinor},${t.commissionMinor},${t.fulfilmentMinor},${t.vasMinor},${t.netMinor}\n`;
}

interface WriteOptions {
  outDir: string;
  period: string;
}

const baseOf = (task: StatementTask, opts: WriteOptions) =>
  statementBaseName(task.summary.applicationId, opts.period, task.summary.currency);

/**
 * A statement's JSON and CSV from the stores of every segment (in file order); with `pdf`, the
 * PDF's subtotals gathered on the same pass.
 */
function writeData(
  task: StatementTask,
  stores: StoreReader[],
  opts: WriteOptions,
  pdf: PdfParts | null,
): void {
  const { key, schedule, summary } = task;
  const t0 = performance.now();
  const base = join(opts.outDir, baseOf(task, opts));
  const term = schedule.settlementTermDays;
  const head = jsonHead(summary, schedule, opts.period);
  let jb = jsonBuf;
  if (jb.length < head.length * 3) jb = jsonBuf = grown(jb, 0, head.length * 3);
  const cursor: LineCursor = {
    csv: csvBuf,
    ca: csvBuf.write(CSV_HEADER, 0, 'utf8'),
    json: jb,
    ja: jb.write(head, 0, 'utf8'),
  };
  let dates: DateTexts | null = null;
  let first = true;
  for (const store of stores) {
    const [start, end] = store.group(key);
    const { views, idBytes: chunk } = store;
    for (let p = start; p < end; p++) {
      const v = views[p >>> BLOCK_SHIFT] as Block;
      const j = p & BLOCK_MASK;
      const kindByte = v.kind[j] as number;
      const kind = kindByte & 15;
      const idPos = v.idPos[j] as number;
      const idLen = v.idLen[j] as number;
      const raw = v.amount[j] as number;
      const day = v.day[j] as number;
      dates ??= datesFor(term, day);
      // Room for the id (decoded: at most 6 bytes a byte), the dates and five numbers.
      if (cursor.ca + idLen * 3 + 160 > cursor.csv.length)
        cursor.csv = csvBuf = grown(cursor.csv, cursor.ca, idLen * 3 + 160);
      if (cursor.ja + idLen * 6 + 300 > cursor.json.length)
        cursor.json = jsonBuf = grown(cursor.json, cursor.ja, idLen * 6 + 300);
      const commission = kind === KIND_VAS ? 0 : (v.commission[j] as number);
      const fulfilment = kind === KIND_VAS ? 0 : (v.fulfilment[j] as number);
      putLine(cursor, first, dates, term, day, kindByte, chunk, idPos, idLen, raw, commission, fulfilment);
      first = false;
      if (pdf) addToPdf(pdf, kind, day, term, raw, commission, fulfilment, chunk, idPos, idLen);
    }
  }
  const tail = csvTail(summary);
  if (cursor.ca + tail.length > cursor.csv.length)
    cursor.csv = csvBuf = grown(cursor.csv, cursor.ca, tail.length);
  cursor.ca += cursor.csv.write(tail, cursor.ca, 'latin1');
  if (cursor.ja + JSON_TAIL.length > cursor.json.length)
    cursor.json = jsonBuf = grown(cursor.json, cursor.ja, JSON_TAIL.length);
  cursor.ja += cursor.json.write(JSON_TAIL, cursor.ja, 'latin1');
  addTime('format JSON+CSV', t0);
  const t1 = performance.now();
  writeFileSync(`${base}.csv`, cursor.csv.subarray(0, cursor.ca));
  writeFileSync(`${base}.json`, cursor.json.subarray(0, cursor.ja));
  addTime('write JSON+CSV', t1);
}

async function writePdf(
  task: StatementTask,
  opts: WriteOptions,
  font: SubsetFont,
  parts: PdfParts,
): Promise<string> {
  const baseName = baseOf(task, opts);
  const path = `${join(opts.outDir, baseName)}.pdf`;
  const t2 = performance.now();
  const bytes = await statementPdfParts(font, {
    summary: task.summary,
    period: opts.period,
    schedule: task.schedule,
    byKind: parts.byKind,
    byDay: (parts.byDay?.entries() ?? []).map(([d, t]) => [dayText(d), t]),
    rows: parts.rows,
    csvName: `${baseName}.csv`,
  });
  addTime('PDF', t2);
  const t3 = performance.now();
  writeParts(path, bytes);
  addTime('write PDF', t3);
  return path;
}

/** Writes one statement's files from the stores of every segment (in file order). */
export async function writeStatement(
  task: StatementTask,
  stores: StoreReader[],
  opts: WriteOptions & { font: SubsetFont | null },
): Promise<WrittenStatement> {
  const parts = opts.font ? newPdfParts(task.summary) : null;
  writeData(task, stores, opts, parts);
  const base = join(opts.outDir, baseOf(task, opts));
  const { applicationId, currency } = task.summary;
  const out: WrittenStatement = { applicationId, currency, json: `${base}.json`, csv: `${base}.csv` };
  if (opts.font && parts) out.pdf = await writePdf(task, opts, opts.font, parts);
  return out;
}

export interface WriteJob {
  outDir: string;
  period: string;
  pdf: boolean;
  tasks: StatementTask[];
  stores: StoreHandle[];
  /** Its layout: tasks.ts (`writeCounter`, `NEXT_DATA`, `dataDone`…). */
  counter: SharedArrayBuffer;
  /** The PDFs' font subset, loaded once by the run (else each thread loads it). */
  font?: SubsetFont;
}

/**
 * Takes statements off the job's shared counters until none are left (any thread). The main
 * thread makes PDFs first and the others write JSON and CSV first, each going on to the other
 * kind when its own runs out: a thread then does most of one kind of work, warm, instead of
 * every thread warming up to both (the first hundred PDFs on a thread cost several times the
 * rest).
 */
export async function drainWrites(job: WriteJob): Promise<void> {
  const counter = new Int32Array(job.counter);
  const n = job.tasks.length;
  const stores = job.stores.map((h) => new StoreReader(h));
  const font = job.pdf ? (job.font ?? (await statementFont())) : null;
  const opts = { outDir: job.outDir, period: job.period };
  const data = (): boolean => {
    const i = Atomics.add(counter, NEXT_DATA, 1);
    const task = job.tasks[i];
    if (!task) return false;
    writeData(task, stores, opts, null);
    Atomics.store(counter, dataDone(i), 1);
    return true;
  };
  const pdf = async (): Promise<boolean> => {
    if (!font) return false;
    const i = Atomics.add(counter, NEXT_PDF, 1);
    const task = job.tasks[i];
    if (!task) return false;
    await writePdf(task, opts, font, pdfPartsOf(task, stores));
    Atomics.store(counter, pdfDone(n, i), 1);
    return true;
  };
  if (isMainThread) {
    while (await pdf());
    while (data());
  } else {
    while (data());
    while (await pdf());
  }
  reportTimes('writing');
}

/** Writes, on this thread, any file a failed thread took and did not finish. */
export async function writeStatementAgain(job: WriteJob): Promise<void> {
  const counter = new Int32Array(job.counter);
  const n = job.tasks.length;
  const dataLeft = job.tasks.filter((_, i) => Atomics.load(counter, dataDone(i)) === 0);
  const pdfLeft = job.pdf ? job.tasks.filter((_, i) => Atomics.load(counter, pdfDone(n, i)) === 0) : [];
  if (dataLeft.length === 0 && pdfLeft.length === 0) return;
  const stores = job.stores.map((h) => new StoreReader(h));
  const opts = { outDir: job.outDir, period: job.period };
  for (const task of dataLeft) writeData(task, stores, opts, null);
  if (pdfLeft.length === 0) return;
  const font = job.font ?? (await statementFont());
  for (const task of pdfLeft) await writePdf(task, opts, font, pdfPartsOf(task, stores));
}
