import { describe, expect, it } from 'vitest';
import { isCurrency } from '../../../lambdas/domain/settlement/currency.js';
import { formatDay, parseDayText, periodDays } from '../../../lambdas/domain/settlement/days.js';
import { mulRate, parseRate } from '../../../lambdas/domain/settlement/money.js';
import {
  type CheckedOrder,
  checkOrder,
  FIELD_COUNT,
  type RejectCode,
} from '../../../lambdas/domain/settlement/order.js';
import {
  feeTerms,
  type StatementLine,
  settleLine,
  settlementDate,
  settlementPeriod,
} from '../../../lambdas/domain/settlement/settle.js';

const T15 = feeTerms({
  applicationId: 'a',
  commissionRate: '0.05',
  fulfilmentRate: '0.045',
  settlementTermDays: 15,
});
const T75 = feeTerms({
  applicationId: 'a',
  commissionRate: '0.05',
  fulfilmentRate: '0.052',
  settlementTermDays: 75,
});
const day = (text: string) => parseDayText(text) as number;
const line = (): StatementLine => ({
  amountMinor: 0,
  commissionMinor: 0,
  fulfilmentMinor: 0,
  vasMinor: 0,
  netMinor: 0,
});

describe('mulRate', () => {
  it.each([
    // amount, rate, expected: ties go to the even neighbour, both signs
    [10, '0.05', 0], // 0.5 → 0
    [30, '0.05', 2], // 1.5 → 2
    [50, '0.05', 2], // 2.5 → 2
    [70, '0.05', 4], // 3.5 → 4
    [-10, '0.05', 0],
    [-30, '0.05', -2],
    [-50, '0.05', -2],
    [250, '0.045', 11], // 11.25
    [1050, '0.052', 55], // 54.6
    [12345, '0.038', 469], // 469.11
    [500, '0.001', 0], // 0.5
    [1500, '0.001', 2], // 1.5
    [1, '1', 1],
    [7, '0', 0],
    [9007199254740991, '0.05', 450359962737050], // 450359962737049.55: the BigInt path
    [-9007199254740991, '0.05', -450359962737050],
  ] as const)('%d × %s = %d', (amount, rate, expected) => {
    expect(mulRate(amount, parseRate(rate))).toBe(expected);
  });

  it('rejects rates that are not plain decimals', () => {
    for (const bad of ['-0.05', '5%', '0,05', '1e-2', '.05', '']) expect(() => parseRate(bad)).toThrow();
  });
});

describe('parseDayText', () => {
  it.each([
    ['2026-02-28', true],
    ['2028-02-29', true],
    ['2026-02-29', false],
    ['2026-02-30', false],
    ['2026-2-03', false],
    ['2026-02-3', false],
    ['2026/02/03', false],
    ['2026-13-01', false],
    ['2026-00-10', false],
    ['0000-01-01', false],
    ['2026-02-03T00:00', false],
    [' 2026-02-03', false],
    ['', false],
  ])('%s is a real date: %s', (text, ok) => {
    expect(parseDayText(text) !== null).toBe(ok);
  });

  it('round-trips through day numbers', () => {
    for (const d of ['1970-01-01', '2000-02-29', '2026-12-31', '9999-12-31', '1600-03-01'])
      expect(formatDay(day(d))).toBe(d);
  });
});

describe('settlement dates and periods', () => {
  it.each([
    // transaction, term, settlement, period: T+15 exactly at month end stays in the month
    ['2026-10-16', T15, '2026-10-31', '2026-10'],
    ['2026-10-17', T15, '2026-11-01', '2026-11'],
    ['2026-09-16', T15, '2026-10-01', '2026-10'],
    ['2026-02-13', T15, '2026-02-28', '2026-02'],
    ['2028-02-14', T15, '2028-02-29', '2028-02'],
    ['2026-12-20', T15, '2027-01-04', '2027-01'],
    ['2026-08-17', T75, '2026-10-31', '2026-10'],
    ['2026-08-18', T75, '2026-11-01', '2026-11'],
    ['2026-10-01', T75, '2026-12-15', '2026-12'],
  ] as const)('%s + %o settles on its date', (tx, terms, settles, period) => {
    expect(settlementDate(day(tx), terms)).toBe(settles);
    expect(settlementPeriod(day(tx), terms)).toBe(period);
  });

  it('knows a period by its first and last days', () => {
    expect(periodDays('2026-02')).toEqual({ first: day('2026-02-01'), last: day('2026-02-28') });
    for (const bad of ['2026-13', '2026-1', '202610', '2026-10-01']) expect(periodDays(bad)).toBeNull();
  });
});

describe('settleLine', () => {
  it('charges commission and fulfilment on a sale, net of both', () => {
    expect(settleLine(0, 10000, T15, line())).toEqual({
      amountMinor: 10000,
      commissionMinor: 500,
      fulfilmentMinor: 450,
      vasMinor: 0,
      netMinor: 9050,
    });
  });

  it('computes a refund on its own negative amount', () => {
    expect(settleLine(1, -10000, T15, line())).toEqual({
      amountMinor: -10000,
      commissionMinor: -500,
      fulfilmentMinor: -450,
      vasMinor: 0,
      netMinor: -9050,
    });
  });

  it('shows a vas line as amount 0, its fee as vas and −fee as net', () => {
    expect(settleLine(2, 700, T15, line())).toEqual({
      amountMinor: 0,
      commissionMinor: 0,
      fulfilmentMinor: 0,
      vasMinor: 700,
      netMinor: -700,
    });
  });
});

describe('isCurrency', () => {
  it.each([
    ['CNY', true],
    ['USD', true],
    ['EUR', true],
    ['JPY', true],
    ['cny', false],
    ['RMB', false],
    ['XYZ', false],
    ['XXX', false],
    ['US', false],
    ['USDT', false],
    ['', false],
  ])('%s: %s', (code, ok) => {
    expect(isCurrency(code)).toBe(ok);
  });
});

describe('checkOrder', () => {
  const apps = ['app-a'];
  const encoder = new TextEncoder();
  const lookup = {
    get: (b: Uint8Array, s: number, e: number) => apps.indexOf(new TextDecoder().decode(b.subarray(s, e))),
  };
  function check(fields: string[]): RejectCode | null {
    const parts = fields.map((f) => encoder.encode(f));
    const b = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    const starts = new Int32Array(FIELD_COUNT);
    const ends = new Int32Array(FIELD_COUNT);
    let at = 0;
    parts.forEach((p, i) => {
      b.set(p, at);
      starts[i] = at;
      at += p.length;
      ends[i] = at;
    });
    const out: CheckedOrder = { app: 0, day: 0, currency: 0, amount: 0, kind: 0 };
    return checkOrder(b, starts, ends, lookup, out);
  }
  const good = ['o1', 'app-a', '2026-10-01', 'CNY', '100', 'sale', ''];
  const with_ = (i: number, v: string) => good.map((g, j) => (j === i ? v : g));

  it.each([
    ['a good sale', good, null],
    ['a refund', with_(4, '-100').map((v, j) => (j === 5 ? 'refund' : v)), null],
    ['a vas line with its code', ['o1', 'app-a', '2026-10-01', 'CNY', '300', 'vas', 'ADS'], null],
    ['a vas line without a code', ['o1', 'app-a', '2026-10-01', 'CNY', '300', 'vas', ''], null],
    ['a zero sale', with_(4, '0'), null],
    ['no orderId', with_(0, ''), 'UNPARSEABLE_LINE'],
    ['an unknown application', with_(1, 'app-x'), 'UNKNOWN_APPLICATION'],
    ['no application', with_(1, ''), 'UNKNOWN_APPLICATION'],
    ['30 February', with_(2, '2026-02-30'), 'BAD_DATE'],
    ['an unpadded month', with_(2, '2026-2-03'), 'BAD_DATE'],
    ['a decimal amount', with_(4, '12.5'), 'NON_INTEGER_AMOUNT'],
    ['an integral decimal', with_(4, '100.0'), 'NON_INTEGER_AMOUNT'],
    ['an exponent', with_(4, '1e3'), 'NON_INTEGER_AMOUNT'],
    ['no amount', with_(4, ''), 'NON_INTEGER_AMOUNT'],
    ['a lone minus', with_(4, '-'), 'NON_INTEGER_AMOUNT'],
    ['a 17-digit amount', with_(4, '90071992547409930'), 'AMOUNT_OUT_OF_RANGE'],
    ['an unknown currency', with_(3, 'XYZ'), 'UNKNOWN_CURRENCY'],
    ['a lower-case currency', with_(3, 'cny'), 'UNKNOWN_CURRENCY'],
    ['an unknown kind', with_(5, 'gift'), 'UNKNOWN_KIND'],
    ['a kind in capitals', with_(5, 'SALE'), 'UNKNOWN_KIND'],
    // Not in the SPEC's list: taken as written (a correction may carry either sign).
    ['a positive refund', with_(5, 'refund'), null],
    ['a negative sale', with_(4, '-5'), null],
    ['a sale with a vasCode', with_(6, 'ADS'), null],
  ] as const)('%s → %s', (_name, fields, code) => {
    expect(check([...fields])).toBe(code);
  });
});
