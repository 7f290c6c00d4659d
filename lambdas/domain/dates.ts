/**
 * Calendar dates as `YYYY-MM-DD` strings and months as `YYYY-MM`.
 * Pure integer arithmetic on the proleptic Gregorian calendar: no `Date`, so no local time zone
 * can shift a day. ISO strings sort like the dates they name, so comparisons are string compares.
 */

export interface CalendarDate {
  year: number;
  month: number; // 1..12
  day: number; // 1..31
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const ISO_MONTH = /^(\d{4})-(\d{2})$/;

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** A real, zero-padded `YYYY-MM-DD` date (year 0001 or later), else null. */
export function parseIsoDate(text: string): CalendarDate | null {
  const m = ISO_DATE.exec(text);
  if (!m) return null;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  return { year, month, day };
}

export function isIsoDate(text: unknown): text is string {
  return typeof text === 'string' && parseIsoDate(text) !== null;
}

/** A real, zero-padded `YYYY-MM` month, else null. */
export function parseIsoMonth(text: string): { year: number; month: number } | null {
  const m = ISO_MONTH.exec(text);
  if (!m) return null;
  const year = Number(m[1]);
  const month = Number(m[2]);
  if (year < 1 || month < 1 || month > 12) return null;
  return { year, month };
}

export function formatIsoDate({ year, month, day }: CalendarDate): string {
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
}

function formatIsoMonth(year: number, month: number): string {
  return `${pad(year, 4)}-${pad(month, 2)}`;
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

/** Parses or throws: arithmetic on a date that is not one is a programming error upstream. */
function mustParse(date: string): CalendarDate {
  const parsed = parseIsoDate(date);
  if (!parsed) throw new RangeError(`Not an ISO date (YYYY-MM-DD): ${JSON.stringify(date)}`);
  return parsed;
}

function mustBeInteger(n: number): void {
  if (!Number.isSafeInteger(n)) throw new RangeError(`Not an integer: ${n}`);
}

/** Days since 1970-01-01 (H. Hinnant's days_from_civil). */
export function toDayNumber(date: string): number {
  const { year, month, day } = mustParse(date);
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (month + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** The date of a day number (inverse of toDayNumber). */
export function fromDayNumber(days: number): string {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  return formatIsoDate({ year, month, day });
}

export function addDays(date: string, n: number): string {
  mustBeInteger(n);
  return fromDayNumber(toDayNumber(date) + n);
}

/** Same day n months later (n may be negative); a day the target month lacks becomes its last day. */
export function addMonths(date: string, n: number): string {
  mustBeInteger(n);
  const { year, month, day } = mustParse(date);
  const index = year * 12 + (month - 1) + n;
  const y = Math.floor(index / 12);
  const m = index - y * 12 + 1;
  return formatIsoDate({ year: y, month: m, day: Math.min(day, daysInMonth(y, m)) });
}

/** Same month and day n months earlier (31 March − 1 month → 28/29 February). */
export function monthsBefore(date: string, n: number): string {
  return addMonths(date, -n);
}

/** Same month and day n years earlier; 29 February → 28 February (SPEC "Dates"). */
export function yearsBefore(date: string, n: number): string {
  mustBeInteger(n);
  return addMonths(date, -12 * n);
}

/** `YYYY-MM` of a date. */
export function monthOf(date: string): string {
  const { year, month } = mustParse(date);
  return formatIsoMonth(year, month);
}

/** The n full calendar months before the date's month, oldest first: 2026-11-20, 6 → 2026-05..2026-10. */
export function fullMonthsBefore(date: string, n: number): string[] {
  mustBeInteger(n);
  const { year, month } = mustParse(date);
  const months: string[] = [];
  for (let k = n; k >= 1; k--) {
    const index = year * 12 + (month - 1) - k;
    const y = Math.floor(index / 12);
    months.push(formatIsoMonth(y, index - y * 12 + 1));
  }
  return months;
}

/** Negative, zero or positive as a is before, on or after b (both valid ISO dates). */
export function compareIsoDates(a: string, b: string): number {
  return toDayNumber(a) - toDayNumber(b);
}

/** from ≤ date ≤ to: windows include both ends (SPEC "Dates"). */
export function isWithin(date: string, from: string, to: string): boolean {
  return compareIsoDates(date, from) >= 0 && compareIsoDates(date, to) <= 0;
}

/** The window of the n months up to and including `date`: [monthsBefore(date, n), date]. */
export function monthsWindow(date: string, n: number): { from: string; to: string } {
  return { from: monthsBefore(date, n), to: date };
}
