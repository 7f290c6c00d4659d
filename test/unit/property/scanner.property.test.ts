/**
 * The CSV reader's fast path (a checked column taken at its last length when a comma is there)
 * against the same reader going byte by byte: any file, cut into any chunks, gives the same
 * rejects, totals, line count and lines kept.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FeeSchedule } from '../../../lambdas/domain/settlement/settle.js';
import { scanContext } from '../../../lambdas/statements/context.js';
import { fileLayout } from '../../../lambdas/statements/header.js';
import { type LineSink, OrderScanner } from '../../../lambdas/statements/scanner.js';
import { Feeder } from '../../../lambdas/statements/segment.js';
import { fcOptions } from './settings.js';

const SCHEDULES: FeeSchedule[] = [
  { applicationId: 'app-a', commissionRate: '0.05', fulfilmentRate: '0.045', settlementTermDays: 15 },
  { applicationId: 'app-bb', commissionRate: '0.05', fulfilmentRate: '0.038', settlementTermDays: 75 },
];
const FIELDS = ['orderId', 'applicationId', 'transactionDate', 'currency', 'amountMinor', 'kind', 'vasCode'];

/**
 * Values of each field: good ones of several lengths (most lines are good, so most go the fast
 * way), bad ones, and what breaks a guess (quotes, commas, line breaks).
 */
const noise = ['', ' ', ',', '"', '""', '\r', 'x,y', '"a,b"', '"q""q"', '\n'];
const good: Record<string, string[]> = {
  orderId: ['o1', 'o22', 'ord-333', '订单4', 'a b', '"o,5"', '"q""q"'],
  applicationId: ['app-a', 'app-bb'],
  transactionDate: ['2026-10-01', '2026-09-20', '2026-08-17'],
  currency: ['CNY', 'USD', 'EUR'],
  amountMinor: ['0', '7', '-12', '1234', '123456'],
  kind: ['sale', 'refund', 'vas'],
  vasCode: ['', 'ads', 'listing'],
};
const bad: Record<string, string[]> = {
  orderId: [''],
  applicationId: ['app-c', 'app-', 'app-a ', '"app-a"'],
  transactionDate: ['2026-02-30', '2026-1-01', '2026-10-011'],
  currency: ['cny', 'CN', 'CNYY', 'XXX'],
  amountMinor: ['1.5', '9007199254740993', '-', '+1'],
  kind: ['sales', 'Sale', 'va'],
  vasCode: ['a,b'],
};

const field = (name: string) =>
  fc.oneof(
    { weight: 30, arbitrary: fc.constantFrom(...(good[name] as string[])) },
    { weight: 1, arbitrary: fc.constantFrom(...(bad[name] as string[])) },
    { weight: 1, arbitrary: fc.constantFrom(...noise) },
  );

const record = (cols: string[]) =>
  fc
    .tuple(
      fc.tuple(...cols.map((c) => (FIELDS.includes(c) ? field(c) : fc.constantFrom('', 'z', 'z,z')))),
      fc.constantFrom(0, 0, 0, 0, 0, 0, 0, 0, 1, -1),
    )
    .map(([vals, extra]) => (extra > 0 ? [...vals, 'extra'] : extra < 0 ? vals.slice(1) : vals).join(','));

const file = fc
  .tuple(
    // Every required column, vasCode or not: in the SPEC's order (a reader of its own), or any.
    fc.oneof(
      fc.constantFrom(FIELDS, FIELDS.slice(0, 6)),
      fc.shuffledSubarray(FIELDS, { minLength: 6 }).filter((c) => c.length === 7 || !c.includes('vasCode')),
    ),
    fc.boolean(),
    fc.constantFrom('\n', '\r\n'),
    fc.boolean(),
  )
  .chain(([cols, other, eol, trailing]) => {
    const header = other ? [...cols.slice(0, 2), 'note', ...cols.slice(2)] : cols;
    return fc.tuple(
      fc.constant(header),
      fc.array(
        fc.oneof({ weight: 12, arbitrary: record(header) }, { weight: 1, arbitrary: fc.constant('') }),
        {
          maxLength: 40,
        },
      ),
      fc.constant(eol),
      fc.constant(trailing),
      fc.array(fc.integer({ min: 1, max: 64 }), { minLength: 1, maxLength: 8 }),
    );
  });

interface Read {
  rejects: unknown[];
  totals: unknown[];
  newlines: number;
  lines: unknown[];
}

function read(bytes: Uint8Array, cuts: number[], byteByByte: boolean, name = 'orders.csv'): Read {
  const layout = fileLayout(name, bytes);
  expect(layout.headerError).toBeUndefined();
  const lines: unknown[] = [];
  const sink: LineSink = {
    add: (key, day, kind, b, s, e, amount, commission, fulfilment) =>
      lines.push([key, day, kind, Buffer.from(b.subarray(s, e)).toString(), amount, commission, fulfilment]),
  };
  const scanner = new OrderScanner(scanContext({ period: '2026-10', schedules: SCHEDULES }), {
    format: layout.format,
    ...(layout.columns ? { columns: layout.columns } : {}),
    skipHeader: layout.format === 'csv',
    sink,
    byteByByte,
  });
  const feeder = new Feeder(scanner);
  let at = 0;
  for (let k = 0; at < bytes.length; k++) {
    const n = cuts[k % cuts.length] as number;
    feeder.push(bytes.subarray(at, at + n));
    at += n;
  }
  feeder.finish();
  return {
    rejects: scanner.rejects,
    totals: [...scanner.totals()].map(([k, t]) => [k, t.toJson()]),
    newlines: scanner.newlines,
    lines,
  };
}

describe('CSV fast path (property)', () => {
  it('reads every file, in any chunks, as the byte-by-byte reader does', () => {
    fc.assert(
      fc.property(file, ([header, rows, eol, trailing, cuts]) => {
        const text = [header.join(','), ...rows].join(eol) + (trailing ? eol : '');
        const bytes = new TextEncoder().encode(text);
        const fast = read(bytes, cuts, false);
        const reference = read(bytes, cuts, true);
        expect(fast).toEqual(reference);
        // Nor do the cuts change anything (a reader must not look past the bytes it was given).
        expect(reference).toEqual(read(bytes, [bytes.length + 1], true));
      }),
      fcOptions(400),
    );
  });
});

/** A CSV field as RFC 4180 writes it. */
const csvField = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

describe('JSON lines (property)', () => {
  // Keys in any order, some missing, some that nearly name a field; values with escapes.
  const nearMiss = ['orderIdx', 'order', 'kind2', 'currencyCode', 'Kind'];
  const value = (name: string) =>
    fc.oneof(
      { weight: 30, arbitrary: fc.constantFrom(...(good[name] as string[])) },
      { weight: 1, arbitrary: fc.constantFrom(...(bad[name] as string[]), 'a\\b', 'q"q', '\t') },
    );
  const line = fc
    .tuple(
      fc.tuple(...FIELDS.map((f) => fc.option(value(f), { freq: 12 }))),
      fc.subarray(nearMiss, { maxLength: 2 }),
      fc.array(fc.nat(), { minLength: 9, maxLength: 9 }),
    )
    .map(([vals, extra, order]) => {
      const keys: [string, string][] = [
        ...FIELDS.flatMap((f, i) => (vals[i] === null ? [] : [[f, vals[i] as string] as [string, string]])),
        ...extra.map((k) => [k, 'x'] as [string, string]),
      ];
      // Shuffled by the drawn numbers (stable: the same draw, the same order).
      const shuffled = keys
        .map((kv, i) => [order[i] ?? 0, i, kv] as const)
        .sort((a, b) => a[0] - b[0] || a[1] - b[1]);
      return {
        values: vals,
        json: `{${shuffled.map(([, , [k, v]]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`).join(',')}}`,
      };
    });

  it('reads a JSON line as the CSV reader reads the same values, whatever the key order', () => {
    fc.assert(
      fc.property(
        fc.array(line, { maxLength: 30 }),
        fc.array(fc.integer({ min: 1, max: 64 }), { minLength: 1, maxLength: 8 }),
        (lines, cuts) => {
          const jsonl = new TextEncoder().encode(lines.map((l) => `${l.json}\n`).join(''));
          const csv = new TextEncoder().encode(
            [FIELDS.join(','), ...lines.map((l) => l.values.map((v) => csvField(v ?? '')).join(','))].join(
              '\n',
            ),
          );
          const fromJson = read(jsonl, cuts, false, 'orders.jsonl');
          const fromCsv = read(csv, cuts, true);
          // The CSV's header is its line 1.
          expect(fromJson.rejects).toEqual(
            (fromCsv.rejects as { line: number; reason: string }[]).map((r) => ({ ...r, line: r.line - 1 })),
          );
          expect(fromJson.totals).toEqual(fromCsv.totals);
          expect(fromJson.lines).toEqual(fromCsv.lines);
        },
      ),
      fcOptions(300),
    );
  });

  it('reads JSON lines, the last one cut short anywhere, the same in any chunks as in one', () => {
    fc.assert(
      fc.property(
        fc.array(line, { minLength: 1, maxLength: 12 }),
        fc.nat(),
        fc.array(fc.integer({ min: 1, max: 64 }), { minLength: 1, maxLength: 8 }),
        (lines, cutAt, cuts) => {
          const text = lines.map((l) => l.json).join('\n');
          const bytes = new TextEncoder().encode(text.slice(0, text.length - (cutAt % 12)));
          expect(read(bytes, cuts, false, 'orders.jsonl')).toEqual(
            read(bytes, [bytes.length + 1], false, 'orders.jsonl'),
          );
        },
      ),
      fcOptions(400),
    );
  });
});

describe('reading in chunks (property)', () => {
  // Bytes past what was read are left over from earlier reads in a reused buffer: a reader that
  // looks at them decides differently with other cuts (a quoted last field, an object cut short).
  const soup = fc.string({
    maxLength: 200,
    unit: fc.constantFrom(
      ...',"\n\r{}:\\ ',
      'o1',
      'app-a',
      '2026-10-05',
      'CNY',
      'sale',
      '12',
      '"orderId":',
      '"kind":"sale"',
      '"amountMinor":7',
    ),
  });

  it.each([
    ['CSV', 'orders.csv', `${FIELDS.join(',')}\n`],
    ['JSON lines', 'orders.jsonl', ''],
  ])('reads %s the same in any chunks as in one', (_what, name, head) => {
    fc.assert(
      fc.property(
        soup,
        fc.array(fc.integer({ min: 1, max: 24 }), { minLength: 1, maxLength: 6 }),
        (body, cuts) => {
          const bytes = new TextEncoder().encode(head + body);
          expect(read(bytes, cuts, false, name)).toEqual(read(bytes, [bytes.length + 1], false, name));
        },
      ),
      fcOptions(400),
    );
  });
});
