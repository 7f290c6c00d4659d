import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { afterAll, describe, expect, it } from 'vitest';
import type { FeeSchedule } from '../../../lambdas/domain/settlement/settle.js';
import { runStatements } from '../../../lambdas/statements/run.js';
import { MAX_PDF_LINES } from '../../../lambdas/statements/statement-pdf.js';

const dir = mkdtempSync(join(tmpdir(), 'statements-outputs-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const SCHEDULES: FeeSchedule[] = [
  { applicationId: 'app-small', commissionRate: '0.05', fulfilmentRate: '0.045', settlementTermDays: 15 },
  { applicationId: 'app-big', commissionRate: '0.05', fulfilmentRate: '0.052', settlementTermDays: 15 },
];
const HEADER = 'orderId,applicationId,transactionDate,currency,amountMinor,kind,vasCode';

async function pdfText(path: string): Promise<{ pages: number; text: string }> {
  const doc = await getDocument({ data: new Uint8Array(readFileSync(path)), useSystemFonts: false }).promise;
  let text = '';
  for (let p = 1; p <= doc.numPages; p++) {
    const content = await (await doc.getPage(p)).getTextContent();
    text += `${content.items.map((i) => ('str' in i ? i.str : '')).join(' ')}\n`;
  }
  const pages = doc.numPages;
  await doc.destroy();
  return { pages, text };
}

describe('statement files', () => {
  it('writes the lines in the PDF when they fit, else the subtotals and where the lines are', async () => {
    const big = Array.from(
      { length: MAX_PDF_LINES + 1 },
      (_, i) => `b${i},app-big,2026-10-${String(1 + (i % 16)).padStart(2, '0')},USD,${100 + i},sale,`,
    );
    const orders = join(dir, 'orders.csv');
    writeFileSync(
      orders,
      [
        HEADER,
        'o-1,app-small,2026-10-01,CNY,10050,sale,',
        'o-"2",app-small,2026-10-01,CNY,-10050,refund,',
        'o-3,app-small,2026-10-02,CNY,2000,vas,ADS',
        ...big,
        '',
      ].join('\n'),
    );
    const out = join(dir, 'out');
    const { summary, written } = await runStatements({
      period: '2026-10',
      orders: [orders],
      schedules: SCHEDULES,
      outDir: out,
      threads: 2,
      segmentBytes: 4096,
    });
    expect(summary.rejects).toEqual([]);
    expect(written.map((w) => w.pdf)).toEqual([
      join(out, 'app-big-2026-10-USD.pdf'),
      join(out, 'app-small-2026-10-CNY.pdf'),
    ]);
    // Lines in file order across segments and threads, ids escaped as CSV and JSON need.
    const csv = readFileSync(join(out, 'app-big-2026-10-USD.csv'), 'utf8').trim().split('\n');
    expect(csv.slice(1, -1).map((l) => l.split(',')[0])).toEqual(big.map((l) => l.split(',')[0]));
    const small = JSON.parse(readFileSync(join(out, 'app-small-2026-10-CNY.json'), 'utf8'));
    expect(small.lines.map((l: { orderId: string }) => l.orderId)).toEqual(['o-1', 'o-"2"', 'o-3']);
    expect(readFileSync(join(out, 'app-small-2026-10-CNY.csv'), 'utf8')).toContain(
      '"o-""2""",2026-10-01,2026-10-16,-10050,-502,-452,0,-9096\n',
    );

    const smallPdf = await pdfText(join(out, 'app-small-2026-10-CNY.pdf'));
    expect(smallPdf.text).toContain('app-small');
    expect(smallPdf.text).toContain('o-"2"');
    expect(smallPdf.text).toContain('-90.96');
    expect(smallPdf.text).toContain('按类型小计 / Subtotals by kind');
    expect(smallPdf.text).toContain('退款 / Refund');

    const bigPdf = await pdfText(join(out, 'app-big-2026-10-USD.pdf'));
    expect(bigPdf.pages).toBeLessThanOrEqual(3);
    expect(bigPdf.text).not.toContain('b0 ');
    expect(bigPdf.text).toContain(
      `All ${MAX_PDF_LINES + 1} lines of this statement are in app-big-2026-10-USD.csv`,
    );
    expect(bigPdf.text).toContain('2026-10-31');
  });
});
