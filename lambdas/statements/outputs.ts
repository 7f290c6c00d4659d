/**
 * The files of each statement: `<applicationId>-<period>-<currency>.json`, `.csv` and `.pdf`,
 * written from the lines the reading threads left in shared memory (line-store.ts), one
 * statement at a time by whichever thread takes it: each file is formatted whole in memory and
 * written once, nothing is read back. Totals (known by now) lead the JSON and close the CSV; the
 * PDF gets subtotals by kind and settlement day computed on the same pass.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { KIND_VAS } from '../domain/settlement/order.js';
import type { FeeSchedule } from '../domain/settlement/settle.js';
import { stringifyMoney, Totals } from '../domain/settlement/totals.js';
import type { SubsetFont } from '../pdf/subset-font.js';
import {
  BLOCK_MASK,
  BLOCK_SHIFT,
  type Block,
  PLAIN_ID,
  type StoreHandle,
  StoreReader,
} from './line-store.js';
import { statementBaseName } from './names.js';
import { addTime, reportTimes } from './profile.js';
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

/** "00" to "99": two digits per division when writing a number. */
const PAIRS = Buffer.from(
  Array.from({ length: 100 }, (_, i) => String(i).padStart(2, '0')).join(''),
  'latin1',
);

/**
 * Writes integer n in decimal at b[at] and returns where it ended. Integers below 2^31 in
 * magnitude take two digits a step; larger ones go digit by digit in doubles (every safe
 * integer exactly). Room is the caller's.
 */
function putInt(b: Uint8Array, at: number, n: number): number {
  if (n < 0) {
    b[at++] = 45;
    n = -n;
  }
  if (n < 10) {
    b[at] = 48 + n;
    return at + 1;
  }
  if (n >= 2147483648) return putLarge(b, at, n);
  let x = n | 0;
  const end =
    at +
    (x < 100
      ? 2
      : x < 1000
        ? 3
        : x < 10000
          ? 4
          : x < 100000
            ? 5
            : x < 1000000
              ? 6
              : x < 10000000
                ? 7
                : x < 100000000
                  ? 8
                  : x < 1000000000
                    ? 9
                    : 10);
  let p = end;
  while (x >= 100) {
    const q = (x / 100) | 0;
    const r = (x - q * 100) << 1;
    b[--p] = PAIRS[r + 1] as number;
    b[--p] = PAIRS[r] as number;
    x = q;
  }
  if (x >= 10) {
    b[--p] = PAIRS[(x << 1) + 1] as number;
    b[--p] = PAIRS[x << 1] as number;
  } else b[--p] = 48 + x;
  return end;
}

function putLarge(b: Uint8Array, at: number, n: number): number {
  let digits = 0;
  for (let x = n; x >= 1; x = Math.floor(x / 10)) digits++;
  const end = at + digits;
  let p = end;
  while (p > at) {
    const q = Math.floor(n / 10);
    b[--p] = 48 + (n - q * 10);
    n = q;
  }
  return end;
}

/** Copies the constant c to b[at]: set() (a memcpy) pays from about 16 bytes on. */
function put(b: Uint8Array, at: number, c: Uint8Array): number {
  b.set(c, at);
  return at + c.length;
}

/** A short constant, byte by byte. */
function putShort(b: Uint8Array, at: number, c: Uint8Array): number {
  const n = c.length;
  for (let i = 0; i < n; i++) b[at + i] = c[i] as number;
  return at + n;
}

const enc = (s: string) => Buffer.from(s, 'utf8');
const J_OPEN_FIRST = enc('\n    {"orderId":"');
const J_OPEN = enc(',\n    {"orderId":"');
const J_COMMISSION = enc(',"commissionMinor":');
const J_FULFILMENT = enc(',"fulfilmentMinor":');
/** A sale's or refund's vasMinor (0), up to the net. */
const J_NO_VAS = enc(',"vasMinor":0,"netMinor":');
/** A vas line's amount, commission and fulfilment (0), up to its vasMinor. */
const J_VAS_ZEROS = enc('0,"commissionMinor":0,"fulfilmentMinor":0,"vasMinor":');
const J_NET = enc(',"netMinor":');
const C_NO_VAS = enc(',0,');
const C_VAS_ZEROS = enc('0,0,0,');

/**
 * A line's two dates as its rows write them, per settlement term and transaction day: the CSV's
 * `,tx,settles,` and the JSON's `","transactionDate":"tx","settlementDate":"settles","amountMinor":`
 * (it closes the orderId's string). A statement's lines settle in one month: 31 entries a term.
 */
interface DateTexts {
  /** Transaction day of slot 0. */
  base: number;
  csv: (Uint8Array | undefined)[];
  json: (Uint8Array | undefined)[];
}
const DATE_SLOTS = 512;
const dateTexts = new Map<number, DateTexts>();
function datesFor(term: number, someDay: number): DateTexts {
  let d = dateTexts.get(term);
  if (d === undefined) {
    d = { base: someDay - DATE_SLOTS / 2, csv: [], json: [] };
    dateTexts.set(term, d);
  }
  return d;
}
function fillDates(d: DateTexts, term: number, day: number): number {
  let slot = day - d.base;
  if (slot < 0 || slot >= DATE_SLOTS) {
    // Far from the days met so far (not in one period's statement): start again around this one.
    d.base = day - DATE_SLOTS / 2;
    d.csv = [];
    d.json = [];
    slot = DATE_SLOTS / 2;
  }
  const tx = dayText(day);
  const settles = dayText(day + term);
  d.csv[slot] = enc(`,${tx},${settles},`);
  d.json[slot] = enc(`","transactionDate":"${tx}","settlementDate":"${settles}","amountMinor":`);
  return slot;
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

  let cb = csvBuf;
  let jb = jsonBuf;
  let ca = cb.write(CSV_HEADER, 0, 'utf8');
  const head = `${stringifyMoney(
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
    // The head closes with "\n}": the lines go in before it.
  ).slice(0, -2)},\n  "lines": [`;
  if (jb.length < head.length * 3) jb = grown(jb, 0, head.length * 3);
  let ja = jb.write(head, 0, 'utf8');
  let dates: DateTexts | null = null;
  let open = J_OPEN_FIRST;
  for (const store of stores) {
    const [start, end] = store.group(key);
    const { views, ids, order } = store;
    for (let p = start; p < end; p++) {
      const i = order[p] as number;
      const v = views[i >>> BLOCK_SHIFT] as Block;
      const j = i & BLOCK_MASK;
      const kindByte = v.kind[j] as number;
      const kind = kindByte & 15;
      const chunk = ids[v.idChunk[j] as number] as Buffer;
      const idPos = v.idPos[j] as number;
      const idLen = v.idLen[j] as number;
      const raw = v.amount[j] as number;
      const day = v.day[j] as number;
      if (dates === null) dates = datesFor(term, day);
      let slot = day - dates.base;
      let csvDates = slot >= 0 && slot < DATE_SLOTS ? dates.csv[slot] : undefined;
      if (csvDates === undefined) {
        slot = fillDates(dates, term, day);
        csvDates = dates.csv[slot] as Uint8Array;
      }
      const jsonDates = dates.json[slot] as Uint8Array;
      // Room for the id (escaped: at most 6 bytes a byte), the dates and five numbers.
      if (ca + idLen * 2 + 160 > cb.length) cb = csvBuf = grown(cb, ca, idLen * 2 + 160);
      if (ja + idLen * 6 + 300 > jb.length) jb = jsonBuf = grown(jb, ja, idLen * 6 + 300);
      ja = put(jb, ja, open);
      open = J_OPEN;
      let id: string | undefined;
      if ((kindByte & PLAIN_ID) !== 0) {
        for (let k = idPos, e = idPos + idLen; k < e; k++) {
          const c = chunk[k] as number;
          cb[ca++] = c;
          jb[ja++] = c;
        }
      } else {
        id = chunk.toString('utf8', idPos, idPos + idLen);
        const csvId = csvField(id);
        const jsonId = JSON.stringify(id).slice(1, -1);
        // Decoded and encoded again, a byte may take three (U+FFFD): room for what is written.
        const csvNeed = Buffer.byteLength(csvId) + 160;
        const jsonNeed = Buffer.byteLength(jsonId) + 300;
        if (ca + csvNeed > cb.length) cb = csvBuf = grown(cb, ca, csvNeed);
        if (ja + jsonNeed > jb.length) jb = jsonBuf = grown(jb, ja, jsonNeed);
        ca += cb.write(csvId, ca, 'utf8');
        ja += jb.write(jsonId, ja, 'utf8');
      }
      ca = put(cb, ca, csvDates);
      ja = put(jb, ja, jsonDates);
      let amount: number;
      let commission: number;
      let fulfilment: number;
      let vas: number;
      let net: number;
      if (kind === KIND_VAS) {
        amount = 0;
        commission = 0;
        fulfilment = 0;
        vas = raw;
        net = -raw;
        ca = putShort(cb, ca, C_VAS_ZEROS);
        ca = putInt(cb, ca, vas);
        cb[ca++] = 44;
        ca = putInt(cb, ca, net);
        ja = put(jb, ja, J_VAS_ZEROS);
        ja = putInt(jb, ja, vas);
        ja = put(jb, ja, J_NET);
        ja = putInt(jb, ja, net);
      } else {
        amount = raw;
        commission = v.commission[j] as number;
        fulfilment = v.fulfilment[j] as number;
        vas = 0;
        net = amount - commission - fulfilment;
        ca = putInt(cb, ca, amount);
        cb[ca++] = 44;
        ca = putInt(cb, ca, commission);
        cb[ca++] = 44;
        ca = putInt(cb, ca, fulfilment);
        ca = putShort(cb, ca, C_NO_VAS);
        ca = putInt(cb, ca, net);
        ja = putInt(jb, ja, amount);
        ja = put(jb, ja, J_COMMISSION);
        ja = putInt(jb, ja, commission);
        ja = put(jb, ja, J_FULFILMENT);
        ja = putInt(jb, ja, fulfilment);
        ja = put(jb, ja, J_NO_VAS);
        ja = putInt(jb, ja, net);
      }
      cb[ca++] = 10;
      jb[ja++] = 125;
      if (!pdf) continue;
      (byKind[kind] as Totals).add(amount, commission, fulfilment, vas);
      byDay ??= new DayTotals(day + term - DATE_SLOTS / 2);
      byDay.at(day + term).add(amount, commission, fulfilment, vas);
      rows?.push([
        id ?? chunk.toString('utf8', idPos, idPos + idLen),
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
  const tail = `TOTAL,,,${totals.grossMinor},${totals.commissionMinor},${totals.fulfilmentMinor},${totals.vasMinor},${totals.netMinor}\n`;
  if (ca + tail.length > cb.length) cb = csvBuf = grown(cb, ca, tail.length);
  ca += cb.write(tail, ca, 'latin1');
  if (ja + 16 > jb.length) jb = jsonBuf = grown(jb, ja, 16);
  ja += jb.write('\n  ]\n}\n', ja, 'latin1');
  addTime('format JSON+CSV', t0);
  const t1 = performance.now();
  writeFileSync(`${base}.csv`, cb.subarray(0, ca));
  writeFileSync(`${base}.json`, jb.subarray(0, ja));
  addTime('write JSON+CSV', t1);
  const out: WrittenStatement = { applicationId, currency, json: `${base}.json`, csv: `${base}.csv` };
  if (opts.font) {
    const t2 = performance.now();
    const bytes = await statementPdf(opts.font, {
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
    writeFileSync(`${base}.pdf`, bytes);
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
