import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NOT_INTEGER, OUT_OF_RANGE, parseAmount } from '../../../lambdas/domain/settlement/order.js';
import {
  parseAmountMinor,
  parseCapitalYuan,
  parseChineseNumeral,
  parseCount,
  parseQuantity,
} from '../../../lambdas/extraction/parse/values.js';
import { fcOptions } from './settings.js';

/** `1234567` → `1,234,567`: thousands separators as documents print them. */
const grouped = (digits: string) => digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');

/** n / 10^scale as an exact decimal string, trailing zeros of the fraction dropped. */
function decimal(n: bigint, scale: number): string {
  const s = n.toString().padStart(scale + 1, '0');
  const int = s.slice(0, s.length - scale);
  const frac = s.slice(s.length - scale).replace(/0+$/, '');
  return frac ? `${int}.${frac}` : int;
}

const yuan = fc.oneof(
  fc.integer({ min: 1, max: 10_000_000_000 }),
  fc.integer({ min: 1, max: 100_000 }).map((n) => n * 10_000), // round 万 amounts, the usual case
  fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }),
);
const fen = fc.oneof(fc.integer({ min: -100_000_000_00, max: 100_000_000_00 }), fc.maxSafeInteger());

describe('amounts (property)', () => {
  it('reads a registered capital written in 元, 万元, 亿元 or with separators as its exact yuan', () => {
    fc.assert(
      fc.property(yuan, fc.constantFrom('元', '万元', '亿元', '万人民币', 'RMB', 'million'), (n, unit) => {
        const big = BigInt(n);
        const text =
          unit === '元'
            ? `${grouped(String(n))}元`
            : unit === 'RMB'
              ? `RMB ${grouped(String(n))}`
              : unit === 'million'
                ? `RMB ${decimal(big, 6)} million`
                : unit === '亿元'
                  ? `${decimal(big, 8)}亿元`
                  : `${decimal(big, 4)}${unit}`;
        expect(parseCapitalYuan(text), text).toEqual({ value: n, clean: true });
      }),
      fcOptions(1500),
    );
  });

  it('reads a money amount in fen exactly, whatever sign, currency mark or separators it has', () => {
    fc.assert(
      fc.property(
        fen,
        fc.constantFrom('', '¥', 'RMB ', '人民币'),
        fc.constantFrom('', '元'),
        fc.boolean(),
        fc.boolean(),
        (v, prefix, suffix, withSeparators, parenthesised) => {
          const abs = BigInt(Math.abs(v));
          const int = (abs / 100n).toString();
          const text = `${prefix}${withSeparators ? grouped(int) : int}.${(abs % 100n).toString().padStart(2, '0')}${suffix}`;
          const signed = v < 0 ? (parenthesised ? `(${text})` : `-${text}`) : text;
          expect(parseAmountMinor(signed), signed).toEqual({ value: v === 0 ? 0 : v, clean: true });
        },
      ),
      fcOptions(1500),
    );
  });

  it('reads an order line amount exactly or calls it out of range, as a BigInt does', () => {
    const enc = new TextEncoder();
    fc.assert(
      fc.property(fc.bigInt({ min: -(2n ** 64n), max: 2n ** 64n }), fc.nat(3), (n, zeros) => {
        const text = `${n < 0n ? '-' : ''}${'0'.repeat(zeros)}${(n < 0n ? -n : n).toString()}`;
        const b = enc.encode(text);
        const safe = n <= BigInt(Number.MAX_SAFE_INTEGER) && n >= -BigInt(Number.MAX_SAFE_INTEGER);
        const got = parseAmount(b, 0, b.length);
        if (safe) expect(got, text).toBe(Number(n));
        else expect(got, text).toBe(OUT_OF_RANGE);
      }),
      fcOptions(2000),
    );
  });

  it('never throws on arbitrary strings or bytes, and what it reads is a safe integer', () => {
    const text = fc.oneof(
      fc.string({ maxLength: 40 }),
      fc.string({ maxLength: 40, unit: 'binary' }),
      fc.string({ maxLength: 30, unit: fc.constantFrom(...'0123456789,.-+()元万亿¥ RMBmillion伍佰拾壹') }),
    );
    fc.assert(
      fc.property(text, (t) => {
        for (const parsed of [parseAmountMinor(t), parseCapitalYuan(t), parseCount(t)]) {
          if (parsed) expect(Number.isSafeInteger(parsed.value), t).toBe(true);
        }
        parseQuantity(t);
        const cn = parseChineseNumeral(t);
        if (cn !== null) expect(Number.isSafeInteger(cn)).toBe(true);
        const b = new TextEncoder().encode(t);
        const amount = parseAmount(b, 0, b.length);
        expect(Number.isSafeInteger(amount) || Number.isNaN(amount) || amount === OUT_OF_RANGE).toBe(true);
      }),
      fcOptions(2000),
    );
    expect(Number.isNaN(NOT_INTEGER)).toBe(true);
  });
});
