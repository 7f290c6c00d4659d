/**
 * What a statement's PDF shows besides its totals: subtotals by kind and by settlement day, and
 * its lines when they fit (MAX_PDF_LINES). Gathered on the JSON's pass when one call writes all
 * three files (addToPdf), or read from the stores apart when a thread makes the PDF alone
 * (pdfPartsOf).
 */
import { KIND_VAS } from '../domain/settlement/order.js';
import { Totals } from '../domain/settlement/totals.js';
import { DATE_SLOTS, dayText } from './line-format.js';
import { BLOCK_MASK, BLOCK_SHIFT, type Block, type StoreReader } from './line-store.js';
import type { StatementTask } from './outputs.js';
import type { StatementSummary } from './run.js';
import { MAX_PDF_LINES } from './statement-pdf.js';

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

/** What a statement's PDF shows besides its totals: subtotals, and its lines when they fit. */
export interface PdfParts {
  byKind: Totals[];
  byDay: DayTotals | null;
  rows: string[][] | null;
}

export function newPdfParts(summary: StatementSummary): PdfParts {
  return {
    byKind: [new Totals(), new Totals(), new Totals()],
    byDay: null,
    rows: summary.lines <= MAX_PDF_LINES ? [] : null,
  };
}

/** Counts one line into the PDF's subtotals (and rows). */
export function addToPdf(
  parts: PdfParts,
  kind: number,
  day: number,
  term: number,
  raw: number,
  commission: number,
  fulfilment: number,
  chunk: Buffer,
  idPos: number,
  idLen: number,
): void {
  const amount = kind === KIND_VAS ? 0 : raw;
  const vas = kind === KIND_VAS ? raw : 0;
  (parts.byKind[kind] as Totals).add(amount, commission, fulfilment, vas);
  parts.byDay ??= new DayTotals(day + term - DATE_SLOTS / 2);
  parts.byDay.at(day + term).add(amount, commission, fulfilment, vas);
  parts.rows?.push([
    chunk.toString('utf8', idPos, idPos + idLen),
    dayText(day),
    dayText(day + term),
    String(amount),
    String(commission),
    String(fulfilment),
    String(vas),
    String(amount - commission - fulfilment - vas),
  ]);
}

/** The PDF's subtotals (and lines) read from the stores, for a PDF made apart from the data. */
export function pdfPartsOf(task: StatementTask, stores: StoreReader[]): PdfParts {
  const { key, summary } = task;
  const term = task.schedule.settlementTermDays;
  const parts = newPdfParts(summary);
  if (parts.rows === null && summedInDoubles(key, summary, term, stores, parts)) return parts;
  for (const store of stores)
    store.forEach(key, (l) => {
      const kind = l.kind & 15;
      addToPdf(
        parts,
        kind,
        l.day,
        term,
        l.amount,
        kind === KIND_VAS ? 0 : l.commission,
        kind === KIND_VAS ? 0 : l.fulfilment,
        l.ids,
        l.idStart,
        l.idEnd - l.idStart,
      );
    });
  return parts;
}

/** Fewer lines than this, each an int32, sum exactly in doubles (below 2^53). */
const EXACT_LINES = 2 ** 22;
/** Per subtotal: gross, commission, fulfilment, vas. */
const SUMS = 4;

/**
 * pdfPartsOf's subtotals in plain doubles, straight from the stores' columns: exact when every
 * store is narrow (each amount and fee an int32) and the statement has fewer than 2^22 lines;
 * else (or a day far from the rest) false, and nothing is set.
 */
function summedInDoubles(
  key: number,
  summary: StatementSummary,
  term: number,
  stores: StoreReader[],
  parts: PdfParts,
): boolean {
  if (summary.lines >= EXACT_LINES || stores.some((s) => s.handle.layout !== 'grouped-narrow')) return false;
  const days = new Float64Array(DATE_SLOTS * SUMS);
  const dayLines = new Int32Array(DATE_SLOTS);
  const kinds = new Float64Array(3 * SUMS);
  const kindLines = new Int32Array(3);
  let base = Number.NaN;
  for (const store of stores) {
    const [start, end] = store.group(key);
    const views = store.views;
    for (let p = start; p < end; p++) {
      const v = views[p >>> BLOCK_SHIFT] as Block;
      const j = p & BLOCK_MASK;
      const kind = (v.kind[j] as number) & 15;
      const settles = (v.day[j] as number) + term;
      if (Number.isNaN(base)) base = settles - DATE_SLOTS / 2;
      const slot = settles - base;
      if (slot < 0 || slot >= DATE_SLOTS) return false;
      const raw = v.amount[j] as number;
      const d = slot * SUMS;
      const k = kind * SUMS;
      dayLines[slot] = (dayLines[slot] as number) + 1;
      kindLines[kind] = (kindLines[kind] as number) + 1;
      if (kind === KIND_VAS) {
        days[d + 3] = (days[d + 3] as number) + raw;
        kinds[k + 3] = (kinds[k + 3] as number) + raw;
      } else {
        const c = v.commission[j] as number;
        const f = v.fulfilment[j] as number;
        days[d] = (days[d] as number) + raw;
        days[d + 1] = (days[d + 1] as number) + c;
        days[d + 2] = (days[d + 2] as number) + f;
        kinds[k] = (kinds[k] as number) + raw;
        kinds[k + 1] = (kinds[k + 1] as number) + c;
        kinds[k + 2] = (kinds[k + 2] as number) + f;
      }
    }
  }
  parts.byKind = [0, 1, 2].map((kind) => totalsOf(kinds, kind, kindLines[kind] as number));
  if (!Number.isNaN(base)) {
    const byDay = new DayTotals(base);
    dayLines.forEach((lines, slot) => {
      if (lines > 0) byDay.slots[slot] = totalsOf(days, slot, lines);
    });
    parts.byDay = byDay;
  }
  return true;
}

function totalsOf(sums: Float64Array, i: number, lines: number): Totals {
  const t = new Totals();
  t.lines = lines;
  t.gross = sums[i * SUMS] as number;
  t.commission = sums[i * SUMS + 1] as number;
  t.fulfilment = sums[i * SUMS + 2] as number;
  t.vas = sums[i * SUMS + 3] as number;
  return t;
}
