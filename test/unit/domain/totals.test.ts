/**
 * Totals at the edges of exact doubles: sums and merges stay in doubles while exact and move to
 * BigInt past 2^53 − 1; a net is taken in doubles only while its four sums are at most 2^51.
 */
import { describe, expect, it } from 'vitest';
import { Totals } from '../../../lambdas/domain/settlement/totals.js';

const MAX = Number.MAX_SAFE_INTEGER;
const big = (t: Totals) =>
  Object.fromEntries(Object.entries(t.toJson()).map(([k, v]) => [k, k === 'lines' ? v : BigInt(v)]));
const of = (gross: number, commission = 0, fulfilment = 0, vas = 0) => {
  const t = new Totals();
  t.add(gross, commission, fulfilment, vas);
  return t;
};

describe('Totals.merge', () => {
  it.each([
    ['both small', 100, 23, 123n],
    ['exactly 2^53 − 1', MAX - 1, 1, BigInt(MAX)],
    ['one past 2^53 − 1', MAX, 1, BigInt(MAX) + 1n],
    ['far past', MAX, MAX, 2n * BigInt(MAX)],
    ['down to −(2^53 − 1)', -(MAX - 1), -1, -BigInt(MAX)],
    ['one below', -MAX, -1, -BigInt(MAX) - 1n],
  ])('%s', (_name, a, b, gross) => {
    const t = of(a);
    t.merge(of(b));
    expect(big(t)).toMatchObject({ lines: 2, grossMinor: gross, netMinor: gross });
  });

  it('merges a partial already in BigInt', () => {
    const t = of(MAX);
    t.add(MAX, 0, 0, 0);
    const u = of(1);
    u.merge(t);
    expect(big(u)).toMatchObject({ lines: 3, grossMinor: 2n * BigInt(MAX) + 1n });
  });
});

describe('Totals.toJson', () => {
  it.each([
    ['at 2^51', 2 ** 51, 2 ** 51],
    ['past 2^51', 2 ** 51 + 1, 2 ** 51 + 1],
    ['near 2^53', MAX, MAX],
  ])('takes an exact net %s', (_name, gross, fees) => {
    const j = of(gross, -fees, -fees, 0).toJson();
    expect(BigInt(j.netMinor)).toBe(BigInt(gross) + 2n * BigInt(fees));
    expect(typeof j.netMinor).toBe(BigInt(j.netMinor) > BigInt(MAX) ? 'bigint' : 'number');
  });

  it('writes a −0 as 0', () => {
    expect(Object.is(of(-0).toJson().grossMinor, 0)).toBe(true);
  });

  it('reads back what it wrote, numbers and BigInts', () => {
    for (const t of [of(12345, 617, 469, 0), of(MAX, -MAX, -MAX, 3)]) {
      expect(Totals.fromJson(t.toJson()).toJson()).toEqual(t.toJson());
    }
  });
});
