import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { FeeSchedule } from '../../../lambdas/domain/settlement/settle.js';
import type { IssuedStatements } from '../../../lambdas/ports/portal.js';
import { issuedPrefix, issuedSummaryKey } from '../../../lambdas/statements/names.js';
import { runStatements } from '../../../lambdas/statements/run.js';
import { writeStatementFiles } from '../../../lambdas/usecases/statement-files.js';
import {
  issueRun,
  reduceRun,
  type StatementItem,
  StatementsAlreadyIssuedError,
  sumBatch,
} from '../../../lambdas/usecases/statement-job.js';
import { MemoryObjects } from '../../support/memory-statement-objects.js';

const dir = mkdtempSync(join(tmpdir(), 'statement-job-files-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const SCHEDULES: FeeSchedule[] = [
  { applicationId: 'app-a', commissionRate: '0.05', fulfilmentRate: '0.045', settlementTermDays: 15 },
  { applicationId: 'app-b', commissionRate: '0.052', fulfilmentRate: '0.03', settlementTermDays: 30 },
  { applicationId: 'app-c', commissionRate: '0.05', fulfilmentRate: '0.045', settlementTermDays: 75 },
];
const HEADER = 'orderId,applicationId,transactionDate,currency,amountMinor,kind,vasCode';
const json = (o: Record<string, unknown>) => JSON.stringify(o);

/** Order objects as finance drops them: CSV (quotes, CRLF, a BOM) and JSON lines, in and out of the period. */
const ORDERS: Record<string, string> = {
  'orders/2026-10-a.csv': [
    HEADER,
    'a-1,app-a,2026-10-01,CNY,10050,sale,',
    '"a,2",app-a,2026-10-02,CNY,-10050,refund,',
    'a-"3",app-b,2026-09-20,USD,777,sale,',
    'a-4,app-x,2026-10-01,CNY,1,sale,',
    'a-5,app-a,2026-10-30,CNY,1,sale,',
    '',
  ].join('\n'),
  'orders/2026-10-b.jsonl': [
    json({
      orderId: 'b-1',
      applicationId: 'app-a',
      transactionDate: '2026-10-03',
      currency: 'CNY',
      amountMinor: 2000,
      kind: 'vas',
      vasCode: 'ADS',
    }),
    json({
      orderId: 'b\\2',
      applicationId: 'app-b',
      transactionDate: '2026-09-21',
      currency: 'USD',
      amountMinor: 12345,
      kind: 'sale',
    }),
    json({
      orderId: 'b-3',
      applicationId: 'app-a',
      transactionDate: '2026-10-04',
      currency: 'EUR',
      amountMinor: 99,
      kind: 'sale',
    }),
    '',
  ].join('\n'),
  // Enough lines for app-b that its PDF names the CSV instead of listing them.
  'orders/2026-10-c.csv': `\ufeff${[
    HEADER,
    ...Array.from(
      { length: 460 },
      (_, i) => `c-${i},app-b,2026-09-${String(1 + (i % 30)).padStart(2, '0')},USD,${100 + i},sale,`,
    ),
    'c-x,app-c,2026-08-01,JPY,5000,sale,',
  ].join('\r\n')}\r\n`,
  'orders/2026-10-d.csv': [
    HEADER,
    'd-1,app-a,2026-10-05,CNY,300,sale,',
    'd-2,app-c,2026-08-02,JPY,-700,refund,',
  ].join('\n'),
};

describe('the statement job writes the CLI’s files', () => {
  it('every statement’s JSON, CSV and PDF equal to `npm run statements` over the same orders, then issues once', async () => {
    const period = '2026-10';
    const s3 = new MemoryObjects();
    const run = {
      period,
      runPrefix: `statements/runs/${period}/statements-${period}`,
      schedulesKey: `statements/runs/${period}/statements-${period}/schedules.json`,
    };
    s3.set(run.schedulesKey, JSON.stringify(SCHEDULES));
    for (const [key, text] of Object.entries(ORDERS)) s3.set(key, text);

    // SumOrderFiles: two batches, as the ItemBatcher cuts the listing (key order).
    const keys = Object.keys(ORDERS).sort();
    const partials = [
      await sumBatch(
        s3,
        run,
        keys.slice(0, 2).map((Key) => ({ Key })),
      ),
      await sumBatch(
        s3,
        run,
        keys.slice(2).map((Key) => ({ Key })),
      ),
    ];
    s3.set(
      'statements/map-runs/r/SUCCEEDED_0.json',
      JSON.stringify(partials.reverse().map((p) => ({ Output: JSON.stringify({ Payload: p }) }))),
    );
    s3.set(
      'statements/map-runs/r/manifest.json',
      JSON.stringify({ ResultFiles: { SUCCEEDED: [{ Key: 'statements/map-runs/r/SUCCEEDED_0.json' }] } }),
    );
    const reduced = await reduceRun(s3, run, 'statements/map-runs/r/manifest.json');

    // WriteStatementFiles: batches of two statements.
    const items = await s3.getJson<StatementItem[]>(reduced.itemsKey);
    expect(items.map((i) => `${i.applicationId} ${i.currency}`)).toEqual([
      'app-a CNY',
      'app-a EUR',
      'app-b USD',
      'app-c JPY',
    ]);
    for (let i = 0; i < items.length; i += 2)
      expect(await writeStatementFiles(s3, run, items.slice(i, i + 2))).toEqual({
        statements: 2,
        files: 6,
        existed: 0,
      });
    expect(s3.objects.has(issuedSummaryKey(period))).toBe(false);
    expect(await issueRun(s3, run)).toEqual({ issuedKey: issuedSummaryKey(period) });

    // The CLI over the same objects, in the same order (as the local issue copies them).
    const orders = keys.map((key, i) => {
      const file = join(dir, `${i}-${basename(key)}`);
      writeFileSync(file, s3.objects.get(key) as Uint8Array);
      return file;
    });
    const out = join(dir, 'out');
    const cli = await runStatements({ period, orders, schedules: SCHEDULES, outDir: out, threads: 1 });
    expect(cli.written).toHaveLength(4);

    const issued = await s3.getJson<IssuedStatements>(issuedSummaryKey(period));
    expect(issued.issuedBy).toBe('statement-job');
    expect(issued.summary.statements).toEqual(JSON.parse(JSON.stringify(cli.summary.statements)));
    expect(issued.summary.rejects).toEqual([
      { file: 'orders/2026-10-a.csv', line: 5, reason: expect.stringMatching(/^UNKNOWN_APPLICATION/) },
    ]);
    // The same entries the local issue stores: statements/issued/<period>/<file name>.
    expect(issued.files).toEqual(
      cli.written.map((w) => ({
        applicationId: w.applicationId,
        currency: w.currency,
        json: `${issuedPrefix(period)}/${basename(w.json)}`,
        csv: `${issuedPrefix(period)}/${basename(w.csv)}`,
        pdf: `${issuedPrefix(period)}/${basename(w.pdf as string)}`,
      })),
    );
    for (const [i, w] of cli.written.entries()) {
      const entry = issued.files[i] as IssuedStatements['files'][number];
      for (const kind of ['json', 'csv', 'pdf'] as const) {
        const key = entry[kind] as string;
        const ours = Buffer.from(s3.objects.get(key) as Uint8Array);
        expect(ours.equals(readFileSync(w[kind] as string)), key).toBe(true);
      }
      expect(s3.contentTypes.get(entry.pdf as string)).toBe('application/pdf');
      expect(s3.contentTypes.get(entry.csv as string)).toBe('text/csv; charset=utf-8');
    }
    const b = JSON.parse(s3.text(`${issuedPrefix(period)}/app-b-2026-10-USD.json`));
    expect(b.lines.slice(0, 2).map((l: { orderId: string }) => l.orderId)).toEqual(['a-"3"', 'b\\2']);
    expect(b.lines).toHaveLength(462);

    // A retried files batch finds its files written (write-once) and succeeds; so does a retried issue.
    expect(await writeStatementFiles(s3, run, items.slice(0, 2))).toEqual({
      statements: 2,
      files: 0,
      existed: 6,
    });
    expect(await issueRun(s3, run)).toEqual({ issuedKey: issuedSummaryKey(period) });
    // Another run of the same period does not replace what finance was given.
    const other = { ...run, runPrefix: `statements/runs/${period}/manual` };
    s3.set(`${other.runPrefix}/issued.json`, '{"period":"2026-10","files":[]}');
    await expect(issueRun(s3, other)).rejects.toBeInstanceOf(StatementsAlreadyIssuedError);
  }, 60_000);
});
