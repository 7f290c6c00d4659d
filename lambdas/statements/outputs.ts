/**
 * The files of each statement: `<applicationId>-<period>-<currency>.json`, `.csv` and `.pdf`,
 * written from the lines the reading threads left in shared memory (line-store.ts), one
 * statement at a time by whichever thread takes it: each file is formatted whole in memory and
 * written once, nothing is read back. Totals (known by now) lead the JSON and close the CSV; the
 * PDF gets subtotals by kind and settlement day computed on the same pass.
 */
import { closeSync, openSync, writeFileSync, writevSync } from 'node:fs';
import { join } from 'node:path';
import { KIND_VAS } from '../domain/settlement/order.js';
import type { FeeSchedule } from '../domain/settlement/settle.js';
import { stringifyMoney, Totals, type TotalsJson } from '../domain/settlement/totals.js';
import type { SubsetFont } from '../pdf/subset-font.js';
import {
  CSV_HEADER,
  DATE_SLOTS,
  type DateTexts,
  datesFor,
  dayText,
  type LineCursor,
  putLine,
} from './line-format.js';
import { BLOCK_MASK, BLOCK_SHIFT, type Block, type StoreHandle, StoreReader } from './line-store.js';
import { statementBaseName } from './names.js';
import { addTime, reportTimes } from './profile.js';
import type { StatementSummary } from './run.js';
import { MAX_PDF_LINES, statementFont, statementPdfParts } from './statement-pdf.js';

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

/** Subtotals by settlement day for the PDF, by slot (day − base), in a Map past the slots. */
class DayTotals {
  readonly slots: (Totals | undefined)[] = [];
  readonly far = new Map<number, Totals>();
  constructor(readonly base: number) {}

  at(day: number): Totals {
    const slot = day - this.base;
    let t: Totals | undefined;
    if (slot >= 0 && slot < DATE_SLOTS) {
      t = this.slots[slot];
      if (t === undefined) {
        t = new Totals();
        this.slots[slot] = t;
      }
      return t;
    }
    t = this.far.get(day);
    if (t === undefined) {
      t = new Totals();
      this.far.set(day, t);
    }
    return t;
  }

  entries(): [number, Totals][] {
    const all: [number, Totals][] = [...this.far];
    this.slots.forEach((t, slot) => {
      if (t) all.push([this.base + slot, t]);
    });
    return all.sort((a, b) => a[0] - b[0]);
  }
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
export function jsonHead(summary: StatementSummary, schedule: FeeSchedule, period: string): string {
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

export const JSON_TAIL = '\n  ]\n}\n';

/** The CSV's last row: the totals. */
export function csvTail(t: TotalsJson): string {
  return `TOTAL,,,${t.grossMinor},${t.commissionMinor},${t.fulfilmentMinor},${t.vasMinor},${t.netMinor}\n`;
}

/** Writes one statement's files from the stores of every segment (in file order). */
export async function writeStatement(
  task: StatementTask,
  stores: StoreReader[],
  opts: { outDir: string; period: string; font: SubsetFont | null },
): Promise<WrittenStatement> {
  const { key, schedule, summary } = task;
  const { applicationId, currency, ...totals } = summary;
  const t0 = performance.now();
  const baseName = statementBaseName(applicationId, opts.period, currency);
  const base = join(opts.outDir, baseName);
  const term = schedule.settlementTermDays;
  const pdf = opts.font !== null;
  const rows: string[][] | null = pdf && summary.lines <= MAX_PDF_LINES ? [] : null;
  const byKind = [new Totals(), new Totals(), new Totals()];
  let byDay: DayTotals | null = null;

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
    const { views, ids } = store;
    for (let p = start; p < end; p++) {
      const v = views[p >>> BLOCK_SHIFT] as Block;
      const j = p & BLOCK_MASK;
      const kindByte = v.kind[j] as number;
      const kind = kindByte & 15;
      const chunk = ids[v.idChunk[j] as number] as Buffer;
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
      if (!pdf) continue;
      const amount = kind === KIND_VAS ? 0 : raw;
      const vas = kind === KIND_VAS ? raw : 0;
      const net = amount - commission - fulfilment - vas;
      (byKind[kind] as Totals).add(amount, commission, fulfilment, vas);
      byDay ??= new DayTotals(day + term - DATE_SLOTS / 2);
      byDay.at(day + term).add(amount, commission, fulfilment, vas);
      rows?.push([
        chunk.toString('utf8', idPos, idPos + idLen),
        dayText(day),
        dayText(day + term),
        String(amount),
        String(commission),
        String(fulfilment),
        String(vas),
        String(net),
      ]);
    }
  }
  const tail = csvTail(totals);
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
  const out: WrittenStatement = { applicationId, currency, json: `${base}.json`, csv: `${base}.csv` };
  if (opts.font) {
    const t2 = performance.now();
    const parts = await statementPdfParts(opts.font, {
      summary,
      period: opts.period,
      schedule,
      byKind,
      byDay: (byDay?.entries() ?? []).map(([d, t]) => [dayText(d), t]),
      rows,
      csvName: `${baseName}.csv`,
    });
    addTime('PDF', t2);
    const t3 = performance.now();
    writeParts(`${base}.pdf`, parts);
    addTime('write PDF', t3);
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
  /** The PDFs' font subset, loaded once by the run (else each thread loads it). */
  font?: SubsetFont;
}

/** Takes statements off the job's shared counter until none are left (any thread). */
export async function drainWrites(job: WriteJob): Promise<void> {
  const counter = new Int32Array(job.counter);
  const stores = job.stores.map((h) => new StoreReader(h));
  const font = job.pdf ? (job.font ?? (await statementFont())) : null;
  const opts = { outDir: job.outDir, period: job.period, font };
  for (;;) {
    const i = Atomics.add(counter, 0, 1);
    const task = job.tasks[i];
    if (!task) return reportTimes('writing');
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
  const font = job.pdf ? (job.font ?? (await statementFont())) : null;
  for (const task of left)
    await writeStatement(task, stores, { outDir: job.outDir, period: job.period, font });
}
