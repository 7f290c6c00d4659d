/**
 * Integers written in decimal straight into bytes, with no string between: the statement files
 * (lambdas/statements/line-format.ts) and the PDF writer's coordinates (lambdas/pdf/pdf-bytes.ts).
 */

/** "00" to "99": two digits per division when writing a number. */
const PAIRS = Buffer.from(
  Array.from({ length: 100 }, (_, i) => String(i).padStart(2, '0')).join(''),
  'latin1',
);

/**
 * Writes integer n in decimal at b[at] and returns where it ended. Integers below 2^31 in
 * magnitude take two digits a step; larger ones go digit by digit in doubles (every safe
 * integer exactly). Room is the caller's.
 */
export function putInt(b: Uint8Array, at: number, n: number): number {
  if (n < 0) {
    b[at++] = 45;
    n = -n;
  }
  if (n < 10) {
    b[at] = 48 + n;
    return at + 1;
  }
  if (n >= 2147483648) return putLarge(b, at, n);
  let x = n | 0;
  const end =
    at +
    (x < 100
      ? 2
      : x < 1000
        ? 3
        : x < 10000
          ? 4
          : x < 100000
            ? 5
            : x < 1000000
              ? 6
              : x < 10000000
                ? 7
                : x < 100000000
                  ? 8
                  : x < 1000000000
                    ? 9
                    : 10);
  let p = end;
  while (x >= 100) {
    const q = (x / 100) | 0;
    const r = (x - q * 100) << 1;
    b[--p] = PAIRS[r + 1] as number;
    b[--p] = PAIRS[r] as number;
    x = q;
  }
  if (x >= 10) {
    b[--p] = PAIRS[(x << 1) + 1] as number;
    b[--p] = PAIRS[x << 1] as number;
  } else b[--p] = 48 + x;
  return end;
}

function putLarge(b: Uint8Array, at: number, n: number): number {
  let digits = 0;
  for (let x = n; x >= 1; x = Math.floor(x / 10)) digits++;
  const end = at + digits;
  let p = end;
  while (p > at) {
    const q = Math.floor(n / 10);
    b[--p] = 48 + (n - q * 10);
    n = q;
  }
  return end;
}
