import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import type { FeeSchedule } from '../../../lambdas/domain/settlement/settle.js';
import { InvalidInputError } from '../../../lambdas/shared/errors.js';
import { runStatements } from '../../../lambdas/statements/run.js';
import { parseSkuCsv } from '../../../lambdas/usecases/portal/skus.js';
import { fcOptions } from './settings.js';

const csvField = (v: string) => (/[",\r\n]/.test(v) || v !== v.trim() ? `"${v.replace(/"/g, '""')}"` : v);

const skuRow = fc.record({
  sku: fc.stringMatching(/^[A-Z0-9][A-Z0-9-]{0,20}$/),
  name: fc
    .string({ minLength: 1, maxLength: 30 })
    .map((s) => s.trim())
    .filter((s) => s !== ''),
  monthlyCapacity: fc.nat(1_000_000),
  brand: fc.constantFrom('', 'Acme', '星河', 'A, "quoted" brand'),
  hasBattery: fc.constantFrom('', 'yes', 'no', 'true', '是'),
  targetMarkets: fc.uniqueArray(fc.constantFrom('US', 'DE', 'FR', 'JPN', 'GB'), { maxLength: 3 }),
});
type SkuRow = typeof skuRow extends fc.Arbitrary<infer T> ? T : never;

const HEADER = 'sku,name,monthlyCapacity,brand,hasBattery,targetMarkets';
const skuLine = (r: SkuRow) =>
  [r.sku, r.name, String(r.monthlyCapacity), r.brand, r.hasBattery, r.targetMarkets.join(';')]
    .map(csvField)
    .join(',');

const dir = mkdtempSync(join(tmpdir(), 'property-statements-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;
const SCHEDULES: FeeSchedule[] = [
  { applicationId: 'app-a', commissionRate: '0.05', fulfilmentRate: '0.045', settlementTermDays: 15 },
];
const ORDER_HEADER = 'orderId,applicationId,transactionDate,currency,amountMinor,kind,vasCode';

describe('CSV lines (property)', () => {
  it('imports every generated valid SKU row, in order', () => {
    fc.assert(
      fc.property(fc.array(skuRow, { maxLength: 20 }), fc.constantFrom('\n', '\r\n'), (rows, eol) => {
        const csv = [HEADER, ...rows.map(skuLine)].join(eol);
        const { skus, errors } = parseSkuCsv(csv);
        expect(errors).toEqual([]);
        expect(skus.map((s) => [s.sku, s.name, s.monthlyCapacity])).toEqual(
          rows.map((r) => [r.sku, r.name, r.monthlyCapacity]),
        );
      }),
      fcOptions(300),
    );
  });

  it('reports a bad SKU row at its own line, blank lines and quoted line breaks included', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(skuRow, fc.nat(2), fc.boolean()), { minLength: 1, maxLength: 10 }),
        (rows) => {
          const lines = [HEADER];
          const expected: number[] = [];
          for (const [r, blanks, bad] of rows) {
            for (let k = 0; k < blanks; k++) lines.push('');
            // A name with a line break in quotes spans two physical lines.
            const row = bad ? { ...r, monthlyCapacity: -1 } : { ...r, name: `${r.name}\nline 2` };
            // The row's first line: one past every line break written so far.
            if (bad) expected.push(lines.join('\n').split('\n').length + 1);
            lines.push(skuLine(row));
          }
          const { errors } = parseSkuCsv(lines.join('\n'));
          expect([...new Set(errors.map((e) => e.line))]).toEqual(expected);
        },
      ),
      fcOptions(300),
    );
  });

  it('never throws on arbitrary text but InvalidInputError; each error names a line', () => {
    const text = fc.oneof(
      fc.string({ maxLength: 200 }),
      fc.string({ maxLength: 200, unit: 'binary' }),
      fc.string({ maxLength: 120, unit: fc.constantFrom(...'a1,;"\n\r |x', 'attr.', 'sku', '__proto__') }),
      fc.array(skuRow, { maxLength: 5 }).map((rows) => [HEADER, ...rows.map(skuLine)].join('\n')),
    );
    fc.assert(
      fc.property(text, fc.string({ maxLength: 10 }), (body, noise) => {
        for (const csv of [body, `${HEADER}\n${body}`, `${HEADER}\n${body}${noise}`]) {
          try {
            const { skus, errors } = parseSkuCsv(csv);
            expect(Array.isArray(skus)).toBe(true);
            for (const e of errors) expect(e.line).toBeGreaterThanOrEqual(2);
          } catch (err) {
            expect(err).toBeInstanceOf(InvalidInputError);
          }
        }
      }),
      fcOptions(500),
    );
  });

  it('reads arbitrary order files without throwing: bad lines are rejects with their line', async () => {
    const content = fc.oneof(
      fc.uint8Array({ maxLength: 300 }),
      fc
        .string({
          maxLength: 300,
          unit: fc.constantFrom(...'ao1-,"\n\r{}:\\ ', 'sale', 'app-a', '2026-10-05', 'CNY'),
        })
        .map((s) => new TextEncoder().encode(`${ORDER_HEADER}\n${s}`)),
    );
    await fc.assert(
      fc.asyncProperty(content, fc.constantFrom('csv', 'jsonl'), async (bytes, ext) => {
        const path = join(dir, `${files++}.${ext}`);
        writeFileSync(path, bytes);
        try {
          const { summary } = await runStatements({
            period: '2026-10',
            orders: [path],
            schedules: SCHEDULES,
            threads: 1,
          });
          for (const r of summary.rejects) {
            expect(r.line).toBeGreaterThanOrEqual(1);
            expect(typeof r.reason).toBe('string');
          }
        } catch (err) {
          // A file whose header is not one is refused as a whole, by name: never a crash.
          expect((err as Error).message).toContain(path);
        }
      }),
      fcOptions(150),
    );
  });

  it('settles every generated valid order line, none rejected', async () => {
    const order = fc.record({
      id: fc.stringMatching(/^[a-z0-9]{1,12}$/),
      // Settled (15 days on) within the period: a statement covers lines settling in its month.
      day: fc.integer({ min: 1, max: 16 }),
      amount: fc.integer({ min: 0, max: 10_000_000 }),
      kind: fc.constantFrom('sale', 'refund'),
    });
    // A line's sign is taken as written (SPEC "Statements"): a refund is written negative.
    const signed = (o: { amount: number; kind: string }) => (o.kind === 'refund' ? -o.amount : o.amount);
    await fc.assert(
      fc.asyncProperty(fc.array(order, { minLength: 1, maxLength: 30 }), async (orders) => {
        const path = join(dir, `${files++}.csv`);
        const lines = orders.map(
          (o) => `${o.id},app-a,2026-10-${String(o.day).padStart(2, '0')},CNY,${signed(o)},${o.kind},`,
        );
        writeFileSync(path, `${ORDER_HEADER}\n${lines.join('\n')}\n`);
        const { summary } = await runStatements({
          period: '2026-10',
          orders: [path],
          schedules: SCHEDULES,
          threads: 1,
        });
        expect(summary.rejects).toEqual([]);
        expect(summary.statements[0]?.lines).toBe(orders.length);
        const gross = orders.reduce((s, o) => s + signed(o), 0);
        expect(summary.statements[0]?.grossMinor).toBe(gross);
      }),
      fcOptions(100),
    );
  });
});
