/**
 * The statement formatter as it was before the byte-level rewrite (commit 0f9bc33's
 * lambdas/statements/outputs.ts, writeStatement only): outputs.test.ts checks that the current
 * one writes the same bytes.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { KIND_VAS } from '../../../lambdas/domain/settlement/order.js';
import type { FeeSchedule } from '../../../lambdas/domain/settlement/settle.js';
import { stringifyMoney, Totals } from '../../../lambdas/domain/settlement/totals.js';
import type { SubsetFont } from '../../../lambdas/pdf/subset-font.js';
import { PLAIN_ID } from '../../../lambdas/statements/line-format.js';
import {
  BLOCK_MASK,
  BLOCK_SHIFT,
  type Block,
  type StoreReader,
} from '../../../lambdas/statements/line-store.js';
import { statementBaseName } from '../../../lambdas/statements/names.js';
import type { StatementSummary } from '../../../lambdas/statements/run.js';
import { MAX_PDF_LINES, statementPdf } from '../../../lambdas/statements/statement-pdf.js';

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

/** A growing byte buffer reused across statements (one per thread and kind of file). */
class Bytes {
  buf = Buffer.allocUnsafe(1 << 20);
  len = 0;

  room(n: number): void {
    if (this.len + n <= this.buf.length) return;
    const bigger = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.len + n));
    this.buf.copy(bigger, 0, 0, this.len);
    this.buf = bigger;
  }

  ascii(text: string): void {
    this.room(text.length * 3);
    this.len += this.buf.write(text, this.len, 'utf8');
  }

  /** A constant's bytes (short: copied byte by byte, cheaper than set() for a few bytes). */
  raw(b: Uint8Array): void {
    const buf = this.buf;
    let at = this.len;
    for (let i = 0; i < b.length; i++) buf[at++] = b[i] as number;
    this.len = at;
  }

  /** A safe integer in decimal. */
  int(n: number): void {
    const buf = this.buf;
    let at = this.len;
    if (n < 0) {
      buf[at++] = 45;
      n = -n;
    }
    if (n < 10) {
      buf[at++] = 48 + n;
      this.len = at;
      return;
    }
    if (n < 2147483648) {
      // 32-bit integer division: the common case, and cheaper.
      let x = n | 0;
      const digits =
        x < 100
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
                        : 10;
      let end = at + digits;
      this.len = end;
      while (end > at) {
        const q = (x / 10) | 0;
        buf[--end] = 48 + x - q * 10;
        x = q;
      }
      return;
    }
    let digits = 0;
    for (let x = n; x >= 1; x = Math.floor(x / 10)) digits++;
    let end = at + digits;
    this.len = end;
    while (end > at) {
      const q = Math.floor(n / 10);
      buf[--end] = 48 + (n - q * 10);
      n = q;
    }
  }

  /** Bytes of src[from, to), copied byte by byte when short. */
  copy(src: Uint8Array, from: number, to: number): void {
    const n = to - from;
    if (n > 32) {
      this.buf.set(src.subarray(from, to), this.len);
      this.len += n;
      return;
    }
    const buf = this.buf;
    let at = this.len;
    for (let i = from; i < to; i++) buf[at++] = src[i] as number;
    this.len = at;
  }
}

const enc = (s: string) => Buffer.from(s, 'latin1');
const J_OPEN_FIRST = enc('\n    {"orderId":');
const J_OPEN = enc(',\n    {"orderId":');
const J_COMMISSION = enc(',"commissionMinor":');
const J_FULFILMENT = enc(',"fulfilmentMinor":');
const J_VAS = enc(',"vasMinor":');
const J_NET = enc(',"netMinor":');

/** A line's two dates as its CSV and JSON rows write them, cached per term and day. */
interface DatePair {
  csv: Buffer;
  json: Buffer;
}
const datePairs = new Map<number, Map<number, DatePair>>();
function datePair(term: number, day: number): DatePair {
  let byDay = datePairs.get(term);
  if (byDay === undefined) {
    byDay = new Map();
    datePairs.set(term, byDay);
  }
  let pair = byDay.get(day);
  if (pair === undefined) {
    const tx = dayText(day);
    const settles = dayText(day + term);
    pair = {
      csv: enc(`,${tx},${settles},`),
      json: enc(`,"transactionDate":"${tx}","settlementDate":"${settles}","amountMinor":`),
    };
    byDay.set(day, pair);
  }
  return pair;
}

let csvOut: Bytes | undefined;
let jsonOut: Bytes | undefined;

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
  const rows: string[][] | null = pdf && summary.lines <= MAX_PDF_LINES ? [] : null;
  const byKind = [new Totals(), new Totals(), new Totals()];
  const byDay = new Map<number, Totals>();

  csvOut ??= new Bytes();
  jsonOut ??= new Bytes();
  const csv = csvOut;
  const json = jsonOut;
  csv.len = 0;
  json.len = 0;
  csv.ascii(CSV_HEADER);
  json.ascii(
    `${stringifyMoney(
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
    ).slice(0, -2)},\n  "lines": [`,
  );
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
      let amount = raw;
      let commission = v.commission[j] as number;
      let fulfilment = v.fulfilment[j] as number;
      let vas = 0;
      let net: number;
      if (kind === KIND_VAS) {
        amount = 0;
        commission = 0;
        fulfilment = 0;
        vas = raw;
        net = -raw;
      } else net = amount - commission - fulfilment;
      const day = v.day[j] as number;
      const dates = datePair(term, day);
      // Room for the id (escaped, at most 6 bytes a byte), dates and numbers.
      csv.room(idLen * 2 + 160);
      json.room(idLen * 6 + 300);
      let id: string | undefined;
      if ((kindByte & PLAIN_ID) !== 0) {
        csv.copy(chunk, idPos, idPos + idLen);
        json.raw(first ? J_OPEN_FIRST : J_OPEN);
        json.buf[json.len++] = 34;
        json.copy(chunk, idPos, idPos + idLen);
        json.buf[json.len++] = 34;
      } else {
        id = chunk.toString('utf8', idPos, idPos + idLen);
        csv.ascii(csvField(id));
        json.raw(first ? J_OPEN_FIRST : J_OPEN);
        json.ascii(JSON.stringify(id));
      }
      first = false;
      const c = csv.buf;
      csv.raw(dates.csv);
      csv.int(amount);
      c[csv.len++] = 44;
      csv.int(commission);
      c[csv.len++] = 44;
      csv.int(fulfilment);
      c[csv.len++] = 44;
      csv.int(vas);
      c[csv.len++] = 44;
      csv.int(net);
      c[csv.len++] = 10;
      json.raw(dates.json);
      json.int(amount);
      json.raw(J_COMMISSION);
      json.int(commission);
      json.raw(J_FULFILMENT);
      json.int(fulfilment);
      json.raw(J_VAS);
      json.int(vas);
      json.raw(J_NET);
      json.int(net);
      json.buf[json.len++] = 125;
      if (!pdf) continue;
      (byKind[kind] as Totals).add(amount, commission, fulfilment, vas);
      let t = byDay.get(day + term);
      if (t === undefined) {
        t = new Totals();
        byDay.set(day + term, t);
      }
      t.add(amount, commission, fulfilment, vas);
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
  csv.ascii(
    `TOTAL,,,${totals.grossMinor},${totals.commissionMinor},${totals.fulfilmentMinor},${totals.vasMinor},${totals.netMinor}\n`,
  );
  json.ascii('\n  ]\n}\n');
  writeFileSync(`${base}.csv`, csv.buf.subarray(0, csv.len));
  writeFileSync(`${base}.json`, json.buf.subarray(0, json.len));
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
