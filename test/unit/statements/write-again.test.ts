/**
 * A writing thread that fails leaves the files it took and did not finish: the main thread
 * writes them again (outputs.ts `writeStatementAgain`), JSON/CSV and PDFs apart, and they are
 * the files one call would have written.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { FeeSchedule } from '../../../lambdas/domain/settlement/settle.js';
import type { Totals } from '../../../lambdas/domain/settlement/totals.js';
import { StoreReader } from '../../../lambdas/statements/line-store.js';
import {
  type StatementTask,
  type WriteJob,
  writeStatement,
  writeStatementAgain,
} from '../../../lambdas/statements/outputs.js';
import { planFiles, planSegments } from '../../../lambdas/statements/plan.js';
import { processSegment } from '../../../lambdas/statements/segment.js';
import { statementFont } from '../../../lambdas/statements/statement-pdf.js';
import {
  dataDone,
  mergeTotals,
  NEXT_DATA,
  NEXT_PDF,
  pdfDone,
  statementTasks,
  writeCounter,
} from '../../../lambdas/statements/tasks.js';

const dir = mkdtempSync(join(tmpdir(), 'statements-again-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const SCHEDULES: FeeSchedule[] = [
  { applicationId: 'app-a', commissionRate: '0.05', fulfilmentRate: '0.045', settlementTermDays: 15 },
  { applicationId: 'app-b', commissionRate: '0.05', fulfilmentRate: '0.052', settlementTermDays: 15 },
];

describe('writing again what a failed thread left', () => {
  it('writes the JSON/CSV and the PDFs not marked done, the same bytes as one call', async () => {
    const rows = ['orderId,applicationId,transactionDate,currency,amountMinor,kind,vasCode'];
    for (let i = 0; i < 600; i++)
      rows.push(
        `o${i},app-${i % 3 ? 'a' : 'b'},2026-09-${String(16 + (i % 15)).padStart(2, '0')},${i % 2 ? 'CNY' : 'USD'},${(i * 7919) % 100000},${['sale', 'refund', 'vas'][i % 3]},`,
      );
    const orders = join(dir, 'orders.csv');
    writeFileSync(orders, `${rows.join('\n')}\n`);
    const params = { period: '2026-10', schedules: SCHEDULES };
    const results = planSegments(planFiles([orders]), 4096).map((s) => processSegment(params, s, true));
    const totals = new Map<number, Totals>();
    for (const r of results) mergeTotals(totals, r.totals);
    const tasks = statementTasks(totals, SCHEDULES);
    expect(tasks.length).toBe(4);
    const handles = results.flatMap((r) => (r.store ? [r.store] : []));
    const font = await statementFont();
    const once = join(dir, 'once');
    mkdirSync(once);
    const readers = handles.map((h) => new StoreReader(h));
    for (const task of tasks) await writeStatement(task, readers, { outDir: once, period: '2026-10', font });

    const again = join(dir, 'again');
    mkdirSync(again);
    const n = tasks.length;
    // Every statement taken; the JSON/CSV of the first two and the PDF of the last done.
    const counter = writeCounter(n);
    const c = new Int32Array(counter);
    c[NEXT_DATA] = n;
    c[NEXT_PDF] = n;
    c[dataDone(0)] = 1;
    c[dataDone(1)] = 1;
    c[pdfDone(n, n - 1)] = 1;
    const job: WriteJob = {
      outDir: again,
      period: '2026-10',
      pdf: true,
      tasks,
      stores: handles,
      counter,
      font,
    };
    await writeStatementAgain(job);
    const names = readdirSync(again).sort();
    // What was marked done is not written again here; everything else is.
    const base = (t: StatementTask) => `${t.summary.applicationId}-2026-10-${t.summary.currency}`;
    const expected = [
      ...tasks.slice(2).flatMap((t) => [`${base(t)}.csv`, `${base(t)}.json`]),
      ...tasks.slice(0, n - 1).map((t) => `${base(t)}.pdf`),
    ].sort();
    expect(names).toEqual(expected);
    for (const name of names)
      expect(readFileSync(join(again, name)).equals(readFileSync(join(once, name))), name).toBe(true);
  }, 60_000);
});
