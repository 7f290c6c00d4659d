/**
 * Exact money arithmetic (SPEC "Fee schedule and settlement"): amounts are integer minor units,
 * rates are decimal strings, and a fee is amount × rate rounded half to even, per line.
 * A rate "0.052" is held as the integer 52 over 10^3, so a fee is one integer product and one
 * exact division: no float ever carries a fraction of a minor unit.
 */

/** A non-negative decimal rate as an integer fraction: `num / den`, den = 10^scale. */
export interface Rate {
  /** The decimal string it came from ("0.052"). */
  text: string;
  num: number;
  den: number;
  bigNum: bigint;
  bigDen: bigint;
  /** num and den both below 2^52: the Number path may be used (see mulRate). */
  small: boolean;
}

const RATE_TEXT = /^(0|[1-9]\d*)(?:\.(\d+))?$/;

/** Parses "0.05", "0.045", "1": throws on anything else (a negative, an exponent, a comma). */
export function parseRate(text: string): Rate {
  const m = RATE_TEXT.exec(text);
  if (!m) throw new RangeError(`not a decimal rate: ${JSON.stringify(text)}`);
  const digits = `${m[1]}${m[2] ?? ''}`;
  const bigNum = BigInt(digits);
  const bigDen = 10n ** BigInt((m[2] ?? '').length);
  const limit = 2n ** 52n;
  const small = bigNum < limit && bigDen < limit;
  return { text, num: Number(bigNum), den: Number(bigDen), bigNum, bigDen, small };
}

const FAST_LIMIT = 2 ** 52;

/**
 * round_half_even(amount × rate) in minor units, for any safe-integer amount.
 *
 * Number path: while |amount × num| < 2^52 the product is an exact integer in a double, and
 * `%` and the division of (p − r) by den are exact too (IEEE remainder is exact; p − r is a
 * multiple of den whose quotient is an integer below 2^52). Past that a double would round the
 * product itself, so the same steps run in BigInt. A true product ≥ 2^52 can never round down
 * below the limit (rounding is monotonic and 2^52 is representable), so the check is sound.
 */
export function mulRate(amount: number, rate: Rate): number {
  if (rate.small) {
    const p = amount * rate.num;
    const den = rate.den;
    const pi = p | 0;
    // The usual line: the product and the denominator are 32-bit integers, and the same steps
    // run in integer arithmetic (a double's remainder is a library call, twice as slow).
    if (pi === p && den <= 0x7fffffff) {
      const r = (pi % den) | 0;
      const q = ((pi - r) / den) | 0;
      const twice = r < 0 ? -2 * r : 2 * r;
      if (twice < den) return q;
      if (twice > den) return r < 0 ? q - 1 : q + 1;
      return (q & 1) === 0 ? q : r < 0 ? q - 1 : q + 1;
    }
    if (p < FAST_LIMIT && p > -FAST_LIMIT) {
      const r = p % den; // same sign as p (or 0)
      const q = (p - r) / den; // truncated toward zero, exact
      const twice = r < 0 ? -2 * r : 2 * r;
      if (twice < den) return q;
      if (twice > den) return r < 0 ? q - 1 : q + 1;
      // A tie: to the even neighbour.
      return q % 2 === 0 ? q : r < 0 ? q - 1 : q + 1;
    }
  }
  return Number(mulRateBig(BigInt(amount), rate));
}

/** The same rounding in BigInt: the reference, and the path for products too large for a double. */
export function mulRateBig(amount: bigint, rate: Rate): bigint {
  return divHalfEven(amount * rate.bigNum, rate.bigDen);
}

/** n / d rounded half to even (d > 0). */
export function divHalfEven(n: bigint, d: bigint): bigint {
  const q = n / d; // truncated toward zero
  const r = n % d;
  const twice = r < 0n ? -2n * r : 2n * r;
  if (twice < d) return q;
  if (twice > d) return r < 0n ? q - 1n : q + 1n;
  return q % 2n === 0n ? q : r < 0n ? q - 1n : q + 1n;
}
