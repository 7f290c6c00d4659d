/**
 * ISO 4217 currency codes, from the ICU data Node ships (Intl.supportedValuesOf('currency')),
 * not a hand-typed list. Checked against ISO's own List One (2024-06-25): ICU has every code in
 * circulation; it leaves out fund codes (BOV, CLF, USN…), precious metals (XAU…), and XTS
 * (testing) and XXX (no currency) — none of which can carry an order amount in minor units.
 * Codes are case-sensitive: ISO codes are upper case and "cny" is not one.
 */

const CODES: readonly string[] = Intl.supportedValuesOf('currency')
  .filter((c) => /^[A-Z]{3}$/.test(c))
  .sort();

/** The index of each code + 1 in a 26³ table of upper-case triples (0 = not a currency). */
const TABLE = new Uint16Array(26 * 26 * 26);
CODES.forEach((code, i) => {
  TABLE[(code.charCodeAt(0) - 65) * 676 + (code.charCodeAt(1) - 65) * 26 + (code.charCodeAt(2) - 65)] = i + 1;
});

export const CURRENCY_COUNT = CODES.length;

/** The code of a currency index. */
export function currencyCode(index: number): string {
  return CODES[index] as string;
}

/** The currency index of bytes[s, e), or -1 when they are not an ISO 4217 code. */
export function currencyIndex(b: Uint8Array, s: number, e: number): number {
  if (e - s !== 3) return -1;
  const c0 = (b[s] as number) - 65;
  const c1 = (b[s + 1] as number) - 65;
  const c2 = (b[s + 2] as number) - 65;
  if (c0 < 0 || c0 > 25 || c1 < 0 || c1 > 25 || c2 < 0 || c2 > 25) return -1;
  return (TABLE[c0 * 676 + c1 * 26 + c2] as number) - 1;
}

export function isCurrency(code: string): boolean {
  const b = new TextEncoder().encode(code);
  return currencyIndex(b, 0, b.length) >= 0;
}
