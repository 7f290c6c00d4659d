import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mulRate, parseRate } from '../../../lambdas/domain/settlement/money.js';
import { KIND_REFUND, KIND_SALE, KIND_VAS } from '../../../lambdas/domain/settlement/order.js';
import { feeTerms, type StatementLine, settleLine } from '../../../lambdas/domain/settlement/settle.js';
import { Totals } from '../../../lambdas/domain/settlement/totals.js';

/** An independent reference: floor division, then half to even on the exact remainder. */
function reference(amount: bigint, rate: string): bigint {
  const [int, frac = ''] = rate.split('.');
  const num = BigInt(`${int}${frac}`);
  const den = 10n ** BigInt(frac.length);
  const n = amount * num;
  let q = n / den;
  if (n < 0n && q * den !== n) q -= 1n; // floor
  const r = n - q * den; // 0 ≤ r < den
  if (2n * r > den || (2n * r === den && q % 2n !== 0n)) q += 1n;
  return q;
}

const rateText = fc
  .tuple(fc.integer({ min: 0, max: 999_999 }), fc.integer({ min: 1, max: 6 }))
  .map(([n, scale]) => {
    const digits = String(n).padStart(scale, '0').slice(-scale);
    return `0.${digits}`;
  });
const amount = fc.oneof(
  fc.integer({ min: -1_000_000_000, max: 1_000_000_000 }),
  fc.maxSafeInteger().map((n) => n),
  fc.integer({ min: -2000, max: 2000 }).map((n) => n * 5), // many exact ties
);
const line = (): StatementLine => ({
  amountMinor: 0,
  commissionMinor: 0,
  fulfilmentMinor: 0,
  vasMinor: 0,
  netMinor: 0,
});

describe('settlement properties', () => {
  it('rounds amount × rate half to even exactly as a BigInt reference does', () => {
    fc.assert(
      fc.property(amount, rateText, (a, r) => {
        expect(BigInt(mulRate(a, parseRate(r)))).toBe(reference(BigInt(a), r));
      }),
      { numRuns: 5000 },
    );
  });

  it('lets a refund exactly reverse its sale', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 53 - 1 }), rateText, rateText, (a, cr, fr) => {
        const terms = feeTerms({
          applicationId: 'x',
          commissionRate: cr,
          fulfilmentRate: fr,
          settlementTermDays: 15,
        });
        const sale = settleLine(KIND_SALE, a, terms, line());
        const refund = settleLine(KIND_REFUND, -a, terms, line());
        const t = new Totals();
        t.add(sale.amountMinor, sale.commissionMinor, sale.fulfilmentMinor, sale.vasMinor);
        t.add(refund.amountMinor, refund.commissionMinor, refund.fulfilmentMinor, refund.vasMinor);
        expect(t.toJson()).toEqual({
          lines: 2,
          grossMinor: 0,
          commissionMinor: 0,
          fulfilmentMinor: 0,
          vasMinor: 0,
          netMinor: 0,
        });
      }),
    );
  });

  it('keeps totals equal to the sums of the lines, in any order and any split', () => {
    const kindAndAmount = fc.oneof(
      fc.tuple(fc.constant(KIND_SALE), fc.integer({ min: 0, max: 2 ** 53 - 1 })),
      fc.tuple(fc.constant(KIND_REFUND), fc.integer({ min: -(2 ** 53 - 1), max: 0 })),
      fc.tuple(fc.constant(KIND_VAS), fc.integer({ min: 0, max: 1_000_000 })),
    );
    fc.assert(
      fc.property(fc.array(kindAndAmount, { maxLength: 60 }), rateText, fc.nat(), (orders, rate, cut) => {
        const terms = feeTerms({
          applicationId: 'x',
          commissionRate: '0.05',
          fulfilmentRate: rate,
          settlementTermDays: 15,
        });
        const lines = orders.map(([k, a]) => ({ ...settleLine(k, a, terms, line()) }));
        const sum = (f: keyof StatementLine) => lines.reduce((n, l) => n + BigInt(l[f]), 0n);
        const whole = new Totals();
        const left = new Totals();
        const right = new Totals();
        const at = lines.length === 0 ? 0 : cut % (lines.length + 1);
        lines.forEach((l, i) => {
          whole.add(l.amountMinor, l.commissionMinor, l.fulfilmentMinor, l.vasMinor);
          (i < at ? left : right).add(l.amountMinor, l.commissionMinor, l.fulfilmentMinor, l.vasMinor);
        });
        right.merge(left);
        for (const t of [whole, right]) {
          const j = t.toJson();
          expect(j.lines).toBe(lines.length);
          expect(BigInt(j.grossMinor)).toBe(sum('amountMinor'));
          expect(BigInt(j.commissionMinor)).toBe(sum('commissionMinor'));
          expect(BigInt(j.fulfilmentMinor)).toBe(sum('fulfilmentMinor'));
          expect(BigInt(j.vasMinor)).toBe(sum('vasMinor'));
          expect(BigInt(j.netMinor)).toBe(sum('netMinor'));
          // Through a worker's message and back (the run's merge).
          expect(Totals.fromJson(j).toJson()).toEqual(j);
        }
      }),
      { numRuns: 300 },
    );
  });
});
