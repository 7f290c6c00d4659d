/**
 * Calendar days as integers (days since 1970-01-01, proleptic Gregorian), parsed straight from
 * bytes: settlement is "transaction date + N calendar days" and a period is a calendar month, so
 * both reduce to integer comparisons on the hot path. No Date object, no time zone.
 */

const D0 = 48; // '0'
const DASH = 45;

export function isLeap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

export function daysInMonth(y: number, m: number): number {
  return m === 2 ? (isLeap(y) ? 29 : 28) : m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

/** Days since 1970-01-01 of a valid civil date (H. Hinnant's days_from_civil). */
export function dayNumber(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** The civil date of a day number. */
export function civil(days: number): { y: number; m: number; d: number } {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return { y: yoe + era * 400 + (m <= 2 ? 1 : 0), m, d };
}

const pad2 = (n: number) => (n < 10 ? `0${n}` : String(n));

/** YYYY-MM-DD of a day number (years 1000–9999 as the input format allows). */
export function formatDay(days: number): string {
  const { y, m, d } = civil(days);
  return `${y}-${pad2(m)}-${pad2(d)}`;
}

/**
 * The day number of a real, zero-padded YYYY-MM-DD in bytes[s, e), or -1e9 when it is not one
 * (2026-02-30, 2026-2-03, 2026-02-03T00:00, a year 0000). Reads bytes so a file never has to be
 * decoded into strings to be checked.
 */
export const NOT_A_DAY = -1e9;
export function parseDay(b: Uint8Array, s: number, e: number): number {
  if (e - s !== 10 || b[s + 4] !== DASH || b[s + 7] !== DASH) return NOT_A_DAY;
  let y = 0;
  for (let i = s; i < s + 4; i++) {
    const c = (b[i] as number) - D0;
    if (c < 0 || c > 9) return NOT_A_DAY;
    y = y * 10 + c;
  }
  const m1 = (b[s + 5] as number) - D0;
  const m2 = (b[s + 6] as number) - D0;
  const d1 = (b[s + 8] as number) - D0;
  const d2 = (b[s + 9] as number) - D0;
  if (m1 < 0 || m1 > 9 || m2 < 0 || m2 > 9 || d1 < 0 || d1 > 9 || d2 < 0 || d2 > 9) return NOT_A_DAY;
  const m = m1 * 10 + m2;
  const d = d1 * 10 + d2;
  if (y < 1 || m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return NOT_A_DAY;
  return monthStart(y, m) + d - 1;
}

/** Day numbers of first days of months, filled as met: order files repeat a few months. */
const UNSET = -2147483648;
const MONTH_STARTS = new Int32Array(10000 * 12).fill(UNSET);
function monthStart(y: number, m: number): number {
  const i = y * 12 + m - 1;
  let v = MONTH_STARTS[i] as number;
  if (v === UNSET) {
    v = dayNumber(y, m, 1);
    MONTH_STARTS[i] = v;
  }
  return v;
}

const encoder = new TextEncoder();

/** parseDay for a string; null when it is not a real zero-padded date. */
export function parseDayText(text: string): number | null {
  const b = encoder.encode(text);
  const n = parseDay(b, 0, b.length);
  return n === NOT_A_DAY ? null : n;
}

const PERIOD = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** The first and last day numbers of a period YYYY-MM; null when it is not one. */
export function periodDays(period: string): { first: number; last: number } | null {
  const m = PERIOD.exec(period);
  if (!m) return null;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  if (y < 1) return null;
  return { first: dayNumber(y, mo, 1), last: dayNumber(y, mo, daysInMonth(y, mo)) };
}
