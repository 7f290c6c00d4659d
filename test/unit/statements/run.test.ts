import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import type { FeeSchedule } from '../../../lambdas/domain/settlement/settle.js';
import { runStatements } from '../../../lambdas/statements/run.js';

const dir = mkdtempSync(join(tmpdir(), 'statements-run-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
function file(name: string, text: string): string {
  const path = join(dir, `${n++}-${name}`);
  writeFileSync(path, text);
  return path;
}

const SCHEDULES: FeeSchedule[] = [
  { applicationId: 'app-a', commissionRate: '0.05', fulfilmentRate: '0.045', settlementTermDays: 15 },
  { applicationId: 'app-b', commissionRate: '0.05', fulfilmentRate: '0.052', settlementTermDays: 75 },
];
const HEADER = 'orderId,applicationId,transactionDate,currency,amountMinor,kind,vasCode';
const run = (orders: string[], opts: { threads?: number; segmentBytes?: number } = {}) =>
  runStatements({ period: '2026-10', orders, schedules: SCHEDULES, threads: 1, ...opts }).then(
    (r) => r.summary,
  );

describe('runStatements', () => {
  it('reads the header for the column order, RFC 4180 quotes, CRLF and a byte-order mark', async () => {
    const csv = file(
      'orders.csv',
      `\uFEFFkind,amountMinor,"orderId",currency,transactionDate,applicationId,vasCode\r\n` +
        'sale,1000,o1,CNY,2026-10-01,app-a,\r\n' +
        'sale,"2000","o,""2""\r\nsecond line",CNY,2026-10-02,app-a,\r\n' +
        '\r\n' +
        'vas,300,o3,CNY,2026-10-03,app-a,ADS\r\n',
    );
    const out = join(dir, 'out-quotes');
    const { summary } = await runStatements({
      period: '2026-10',
      orders: [csv],
      schedules: SCHEDULES,
      outDir: out,
      pdf: false,
    });
    expect(summary.rejects).toEqual([]);
    expect(summary.statements).toEqual([
      {
        applicationId: 'app-a',
        currency: 'CNY',
        lines: 3,
        grossMinor: 3000,
        commissionMinor: 150,
        fulfilmentMinor: 135,
        vasMinor: 300,
        netMinor: 2415,
      },
    ]);
    const written = readFileSync(join(out, 'app-a-2026-10-CNY.csv'), 'utf8');
    expect(written).toContain('"o,""2""\r\nsecond line",2026-10-02,2026-10-17,2000,100,90,0,1810\n');
    expect(written.trim().split('\n').at(-1)).toBe('TOTAL,,,3000,150,135,300,2415');
    const json = JSON.parse(readFileSync(join(out, 'app-a-2026-10-CNY.json'), 'utf8'));
    expect(json.lines.map((l: { orderId: string }) => l.orderId)).toEqual([
      'o1',
      'o,"2"\r\nsecond line',
      'o3',
    ]);
    expect(json.totals.netMinor).toBe(2415);
  });

  it('lists every bad line with its 1-based line number (the header is line 1)', async () => {
    const csv = file(
      'bad.csv',
      [
        HEADER,
        'o1,app-x,2026-10-01,CNY,100,sale,',
        'o2,app-a,2026-02-30,CNY,100,sale,',
        'o3,app-a,2026-10-01,CNY,1.5,sale,',
        'o4,app-a,2026-10-01,ABC,100,sale,',
        'o5,app-a,2026-10-01,CNY,100,return,',
        'garbage',
        'o7,app-a,2026-10-01,CNY,"100,sale,',
        '',
      ].join('\n'),
    );
    const summary = await run([csv]);
    expect(summary.rejects.map((r) => [r.line, r.reason.split(':')[0]])).toEqual([
      [2, 'UNKNOWN_APPLICATION'],
      [3, 'BAD_DATE'],
      [4, 'NON_INTEGER_AMOUNT'],
      [5, 'UNKNOWN_CURRENCY'],
      [6, 'UNKNOWN_KIND'],
      [7, 'UNPARSEABLE_LINE'],
      [8, 'UNPARSEABLE_LINE'],
    ]);
    expect(summary.rejects.every((r) => r.file === csv)).toBe(true);
    expect(summary.statements).toEqual([]);
  });

  it('reads JSON lines: numbers or strings, null as empty, escapes, unknown keys skipped', async () => {
    const jsonl = file(
      'orders.jsonl',
      [
        '{"orderId":"j1","applicationId":"app-a","transactionDate":"2026-10-01","currency":"CNY","amountMinor":1000,"kind":"sale","vasCode":null}',
        ' { "orderId" : "j\\u00e92", "applicationId": "app-a", "transactionDate": "2026-10-01", "currency": "CNY", "amountMinor": "-1000", "kind": "refund", "meta": {"a": [1, "}"]} }',
        '{"orderId":"j3","applicationId":"app-a","transactionDate":"2026-10-01","currency":"CNY","amountMinor":10.5,"kind":"sale"}',
        '[1,2]',
        '{"orderId":"j5","applicationId":"app-a"',
      ].join('\n'),
    );
    const summary = await run([jsonl]);
    expect(summary.rejects.map((r) => [r.line, r.reason.split(':')[0]])).toEqual([
      [3, 'NON_INTEGER_AMOUNT'],
      [4, 'UNPARSEABLE_LINE'],
      [5, 'UNPARSEABLE_LINE'],
    ]);
    expect(summary.statements[0]).toMatchObject({ lines: 2, grossMinor: 0, commissionMinor: 0, netMinor: 0 });
  });

  it('rejects a file whose header lacks a required column at line 1', async () => {
    const csv = file(
      'noheader.csv',
      'orderId,applicationId,currency,amountMinor,kind\no1,app-a,CNY,1,sale\n',
    );
    const summary = await run([csv]);
    expect(summary.rejects).toEqual([
      { file: csv, line: 1, reason: 'UNPARSEABLE_LINE: the header lacks transactionDate' },
    ]);
  });

  it('gives the same result over many segments on two threads, quoted records across cuts included', async () => {
    const rows = [HEADER];
    for (let i = 0; i < 400; i++) {
      const id = i % 7 === 0 ? `"o${i}\nwith a newline, and ""quotes"""` : `o${i}`;
      const app = i % 13 === 0 ? 'app-x' : i % 2 ? 'app-a' : 'app-b';
      const day = `2026-${i % 3 === 0 ? '08' : '10'}-${String(1 + (i % 28)).padStart(2, '0')}`;
      rows.push(`${id},${app},${day},${i % 5 ? 'CNY' : 'USD'},${(i * 7919) % 100000},sale,`);
    }
    const csv = file('many.csv', `${rows.join('\n')}\n`);
    const whole = await run([csv]);
    expect(whole.statements.length).toBeGreaterThan(0);
    expect(whole.rejects.length).toBeGreaterThan(0);
    for (const segmentBytes of [50, 333, 4096]) {
      expect(await run([csv], { threads: 2, segmentBytes })).toEqual(whole);
    }
  });
});

describe('splitting an order file in two', () => {
  const order = fc.record({
    app: fc.constantFrom('app-a', 'app-b', 'app-x'),
    day: fc.integer({ min: 0, max: 150 }),
    currency: fc.constantFrom('CNY', 'USD', 'XYZ'),
    kind: fc.constantFrom('sale', 'refund', 'vas'),
    amount: fc.integer({ min: 0, max: 10_000_000 }),
  });
  const text = (
    o: { app: string; day: number; currency: string; kind: string; amount: number },
    i: number,
  ) => {
    const date = new Date(Date.UTC(2026, 6, 1 + o.day)).toISOString().slice(0, 10);
    const amount = o.kind === 'refund' ? -o.amount : o.amount;
    return `o${i},${o.app},${date},${o.currency},${amount},${o.kind},${o.kind === 'vas' ? 'ADS' : ''}`;
  };

  it('gives the same statements as the whole file', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(order, { maxLength: 80 }), fc.nat(), async (orders, cut) => {
        const rows = orders.map(text);
        const at = cut % (rows.length + 1);
        const whole = file('whole.csv', [HEADER, ...rows, ''].join('\n'));
        const first = file('first.csv', [HEADER, ...rows.slice(0, at), ''].join('\n'));
        const second = file(
          'second.jsonl',
          rows
            .slice(at)
            .map((r) => jsonOf(r))
            .join('\n'),
        );
        const a = await run([whole]);
        const b = await run([first, second]);
        expect(b.statements).toEqual(a.statements);
        expect(b.rejects.length).toBe(a.rejects.length);
      }),
      { numRuns: 40 },
    );
  });
});

function jsonOf(csvRow: string): string {
  const [orderId, applicationId, transactionDate, currency, amountMinor, kind, vasCode] = csvRow.split(',');
  return JSON.stringify({
    orderId,
    applicationId,
    transactionDate,
    currency,
    amountMinor: Number(amountMinor),
    kind,
    vasCode,
  });
}
