/**
 * Amounts in the statement PDF: minor units as major units with the currency's decimals and
 * thousands separators, checked against Intl's own formatting of the exact decimal.
 */
import { describe, expect, it } from 'vitest';
import { formatMinor } from '../../../lambdas/statements/statement-pdf.js';

const MAX = Number.MAX_SAFE_INTEGER;
const VALUES: (number | bigint)[] = [
  0,
  1,
  5,
  9,
  10,
  99,
  100,
  999,
  1000,
  1001,
  9999,
  10000,
  99999,
  100000,
  123456,
  999999,
  1000000,
  1234567,
  12345678,
  123456789,
  2147483647,
  2147483648,
  MAX,
  10n ** 20n + 7n,
];

/** Intl's en formatting of minor / 10^digits, from the exact decimal string. */
function reference(minor: bigint, digits: number): string {
  const neg = minor < 0n;
  const abs = (neg ? -minor : minor).toString().padStart(digits + 1, '0');
  const decimal = `${abs.slice(0, abs.length - digits)}${digits ? `.${abs.slice(abs.length - digits)}` : ''}`;
  const text = new Intl.NumberFormat('en', {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(decimal as unknown as number);
  return neg ? `-${text}` : text;
}

describe('formatMinor', () => {
  it.each([
    ['CNY', 2],
    ['JPY', 0],
    ['KWD', 3],
  ])('writes %s with %i decimals and thousands separators', (currency, digits) => {
    for (const v of VALUES)
      for (const x of [v, typeof v === 'bigint' ? -v : -v]) {
        if (Object.is(x, -0)) continue;
        expect(formatMinor(x, currency), `${x}`).toBe(reference(BigInt(x), digits));
      }
  });
});
