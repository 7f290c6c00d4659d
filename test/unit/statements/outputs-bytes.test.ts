/**
 * The statement files are formatted straight into bytes (outputs.ts); this checks them, byte for
 * byte, against the formatter before that rewrite (outputs-reference.ts) on lines meant to reach
 * every branch: ids needing CSV quotes or JSON escapes, non-ASCII and invalid UTF-8 ids, vas
 * lines, negative zero, amounts and fees past 2^31 and nets past 2^53, two settlement terms,
 * CSV and JSON lines read in many small segments. The PDFs (subtotals by kind and by day) too.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { FeeSchedule } from '../../../lambdas/domain/settlement/settle.js';
import type { Totals } from '../../../lambdas/domain/settlement/totals.js';
import { StoreReader } from '../../../lambdas/statements/line-store.js';
import { writeStatement } from '../../../lambdas/statements/outputs.js';
import { planFiles, planSegments } from '../../../lambdas/statements/plan.js';
import { runStatements } from '../../../lambdas/statements/run.js';
import { processSegment } from '../../../lambdas/statements/segment.js';
import { statementFont } from '../../../lambdas/statements/statement-pdf.js';
import { mergeTotals, statementTasks } from '../../../lambdas/statements/tasks.js';
import { writeStatement as writeBefore } from './outputs-reference.js';

const dir = mkdtempSync(join(tmpdir(), 'statements-bytes-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const SCHEDULES: FeeSchedule[] = [
  { applicationId: 'app-a', commissionRate: '0.05', fulfilmentRate: '0.045', settlementTermDays: 15 },
  { applicationId: 'app-b', commissionRate: '0.05', fulfilmentRate: '0.052', settlementTermDays: 75 },
  // Rates past 1: a net past 2^53 (the digit-by-digit path).
  { applicationId: 'app-c', commissionRate: '2.5', fulfilmentRate: '2.5', settlementTermDays: 15 },
];
const MAX = Number.MAX_SAFE_INTEGER;

function orders(): { csv: string; jsonl: string } {
  const rows: string[] = ['orderId,applicationId,transactionDate,currency,amountMinor,kind,vasCode'];
  const json: string[] = [];
  const amounts = [
    0,
    -0,
    1,
    -1,
    9,
    10,
    99,
    100,
    12345,
    -239446,
    2147483647,
    2147483648,
    -2147483648,
    MAX,
    -MAX,
  ];
  const ids = ['o-1', 'a,b', 'q"uote', 'back\\slash', 'tab\tid', 'new\nline', 'x'.repeat(300)];
  let n = 0;
  for (const app of ['app-a', 'app-b', 'app-c']) {
    const term = app === 'app-b' ? 75 : 15;
    for (const currency of ['CNY', 'USD']) {
      for (let d = 0; d < 31; d++) {
        const day = new Date(Date.UTC(2026, 9, 1 + d - term)).toISOString().slice(0, 10);
        for (const kind of ['sale', 'refund', 'vas']) {
          const amount = amounts[n % amounts.length] as number;
          const text = Object.is(amount, -0) ? '-0' : String(amount);
          let id = n % 5 === 0 ? (ids[(n / 5) % ids.length] as string) : `o${n}`;
          // Characters outside the PDF font's subset (the slow general writer): one statement.
          if (id.includes('\t') && !(app === 'app-c' && currency === 'USD')) id = `o${n}`;
          const quoted = /[",\n]/.test(id) ? `"${id.replace(/"/g, '""')}"` : id;
          rows.push(`${quoted},${app},${day},${currency},${text},${kind},${kind === 'vas' ? 'ADS' : ''}`);
          json.push(
            `{"orderId":${JSON.stringify(`j${id}`)},"applicationId":"${app}","transactionDate":"${day}","currency":"${currency}","amountMinor":${text},"kind":"${kind}","vasCode":"${kind === 'vas' ? 'ADS' : ''}"}`,
          );
          n++;
        }
      }
    }
  }
  return { csv: `${rows.join('\r\n')}\r\n`, jsonl: `${json.join('\n')}\n` };
}

describe('statement file bytes', () => {
  it('are the bytes the formatter before wrote, on every branch', async () => {
    const { csv, jsonl } = orders();
    const csvPath = join(dir, 'orders.csv');
    const jsonPath = join(dir, 'orders.jsonl');
    writeFileSync(csvPath, csv);
    // An orderId that is not valid UTF-8 (written as it decodes: U+FFFD).
    writeFileSync(
      jsonPath,
      Buffer.concat([
        Buffer.from(jsonl),
        Buffer.from('{"orderId":"bad-'),
        Buffer.from([0xff, 0xfe]),
        Buffer.from(
          '","applicationId":"app-c","transactionDate":"2026-09-20","currency":"USD","amountMinor":5,"kind":"sale"}\n',
        ),
      ]),
    );
    const params = { period: '2026-10', schedules: SCHEDULES };
    const files = planFiles([csvPath, jsonPath]);
    const results = planSegments(files, 2048).map((s) => processSegment(params, s, true));
    const totals = new Map<number, Totals>();
    for (const r of results) mergeTotals(totals, r.totals);
    const stores = results.flatMap((r) => (r.store ? [new StoreReader(r.store)] : []));
    const tasks = statementTasks(totals, SCHEDULES);
    expect(tasks.length).toBe(6);
    const font = await statementFont();
    const now = join(dir, 'now');
    const before = join(dir, 'before');
    mkdirSync(now);
    mkdirSync(before);
    for (const task of tasks) {
      // The PDFs of the statement with a tab and U+FFFD in ids are left out (the general writer).
      const f = task.summary.applicationId === 'app-c' && task.summary.currency === 'USD' ? null : font;
      await writeStatement(task, stores, { outDir: now, period: '2026-10', font: f });
      await writeBefore(task, stores, { outDir: before, period: '2026-10', font: f });
    }
    // The whole run (threads, grouped stores) writes the same files again.
    const run = join(dir, 'run');
    await runStatements({
      ...params,
      orders: [csvPath, jsonPath],
      outDir: run,
      threads: 2,
      segmentBytes: 4096,
      pdf: false,
    });
    const names = readdirSync(before).sort();
    expect(names.length).toBe(17);
    expect(readdirSync(now).sort()).toEqual(names);
    expect(readdirSync(run).sort()).toEqual(names.filter((n) => !n.endsWith('.pdf')));
    for (const name of names) {
      const ref = readFileSync(join(before, name));
      expect(readFileSync(join(now, name)).equals(ref), name).toBe(true);
      if (!name.endsWith('.pdf')) expect(readFileSync(join(run, name)).equals(ref), name).toBe(true);
    }
    const c = readFileSync(join(now, 'app-c-2026-10-USD.csv'), 'utf8');
    expect(c).toContain('9007199254740991,');
    expect(readFileSync(join(now, 'app-c-2026-10-USD.json'), 'utf8')).toContain(
      '"orderId":"bad-\uFFFD\uFFFD"',
    );
  }, 60_000);
});
