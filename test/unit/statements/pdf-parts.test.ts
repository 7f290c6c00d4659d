import { describe, expect, it } from 'vitest';
import { KIND_VAS } from '../../../lambdas/domain/settlement/order.js';
import { LineStore, StoreReader } from '../../../lambdas/statements/line-store.js';
import type { StatementTask } from '../../../lambdas/statements/outputs.js';
import { addToPdf, newPdfParts, type PdfParts, pdfPartsOf } from '../../../lambdas/statements/pdf-parts.js';
import type { StatementSummary } from '../../../lambdas/statements/run.js';
import { MAX_PDF_LINES } from '../../../lambdas/statements/statement-pdf.js';

const KEY = 5;
const TERM = 15;

/** Stores of one statement's lines (and another key's), `wide` when any amount needs a double. */
function stores(n: number, wide: boolean): StoreReader[] {
  return [0, 1, 2].map((s) => {
    const store = new LineStore();
    for (let i = s; i < n; i += 3) {
      const kind = i % 3;
      const amount = wide && i === 7 ? 2 ** 40 : (i % 2 === 0 ? 1 : -1) * (2 ** 31 - 1 - i);
      const b = Buffer.from(`o${i}`);
      store.add(
        i % 4 === 0 ? 9 : KEY,
        20_700 + (i % 31),
        kind,
        b,
        0,
        b.length,
        amount,
        kind === KIND_VAS ? 0 : i,
        2 * i,
      );
    }
    return new StoreReader(store.finish());
  });
}

/** The subtotals added one line at a time, as the JSON's pass does. */
function oneByOne(readers: StoreReader[], summary: StatementSummary): PdfParts {
  const parts = newPdfParts(summary);
  for (const r of readers)
    r.forEach(KEY, (l) => {
      const kind = l.kind & 15;
      const vas = kind === KIND_VAS;
      addToPdf(
        parts,
        kind,
        l.day,
        TERM,
        l.amount,
        vas ? 0 : l.commission,
        vas ? 0 : l.fulfilment,
        l.ids,
        l.idStart,
        l.idEnd - l.idStart,
      );
    });
  return parts;
}

const summaryOf = (lines: number): StatementSummary => ({
  applicationId: 'app-a',
  currency: 'CNY',
  lines,
  grossMinor: 0,
  commissionMinor: 0,
  fulfilmentMinor: 0,
  vasMinor: 0,
  netMinor: 0,
});

const taskOf = (summary: StatementSummary): StatementTask => ({
  key: KEY,
  summary,
  schedule: {
    applicationId: 'app-a',
    commissionRate: '0.05',
    fulfilmentRate: '0.045',
    settlementTermDays: TERM,
  },
});

const plain = (p: PdfParts) => ({
  byKind: p.byKind.map((t) => t.toJson()),
  byDay: p.byDay?.entries().map(([d, t]) => [d, t.toJson()]),
  rows: p.rows,
});

describe('pdfPartsOf', () => {
  it.each([
    ['int32 amounts near 2^31 (summed in doubles)', false],
    ['a store with a wider amount (summed line by line)', true],
  ])('gives the subtotals line-by-line adding gives: %s', (_what, wide) => {
    const readers = stores(30_000, wide);
    let lines = 0;
    for (const r of readers) r.forEach(KEY, () => lines++);
    expect(lines).toBeGreaterThan(MAX_PDF_LINES);
    const summary = summaryOf(lines);
    const got = plain(pdfPartsOf(taskOf(summary), readers));
    expect(got).toEqual(plain(oneByOne(readers, summary)));
    expect(got.byDay).toHaveLength(31);
    expect(got.byKind.map((t) => t.lines)).toEqual([7_500, 7_500, 7_500]);
  });

  it('lists the lines of a statement small enough to show them', () => {
    const readers = stores(30, false);
    let lines = 0;
    for (const r of readers) r.forEach(KEY, () => lines++);
    const got = plain(pdfPartsOf(taskOf(summaryOf(lines)), readers));
    expect(got.rows).toHaveLength(lines);
    expect(got).toEqual(plain(oneByOne(readers, summaryOf(lines))));
  });
});
