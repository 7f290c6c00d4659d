/**
 * China working days between two instants, by a running count per day (one calendar lookup per
 * distinct day, then two array reads per question): the funnel asks this of every application.
 */
import { isChinaWorkingDay } from '../calendar.js';
import { fromDayNumber, toDayNumber } from '../dates.js';

const DAY_MS = 86_400_000;
const CHINA_OFFSET_MS = 8 * 3_600_000;

let base = 0;
let counts = new Int32Array(0);

/** Working days on or before day number `d`, counted from the table's first day. */
function countTo(d: number): number {
  if (counts.length === 0 || d < base || d >= base + counts.length) grow(d);
  return counts[d - base] as number;
}

function grow(d: number): void {
  const from = counts.length === 0 ? d - 400 : Math.min(base, d - 400);
  const to = counts.length === 0 ? d + 400 : Math.max(base + counts.length - 1, d + 400);
  const next = new Int32Array(to - from + 1);
  let running = 0;
  for (let day = from; day <= to; day++) {
    if (isChinaWorkingDay(fromDayNumber(day))) running++;
    next[day - from] = running;
  }
  base = from;
  counts = next;
}

/** `YYYY-MM-DDTHH:mm:ss.sssZ` (what toISOString writes) is read by its digits: no Date per call. */
const UTC_ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

function chinaDay(instant: string): number {
  if (instant.length === 10) return toDayNumber(instant);
  if (instant.length === 24 && UTC_ISO.test(instant)) {
    const hour = (instant.charCodeAt(11) - 48) * 10 + (instant.charCodeAt(12) - 48);
    return toDayNumber(instant.slice(0, 10)) + (hour >= 16 ? 1 : 0);
  }
  return Math.floor((Date.parse(instant) + CHINA_OFFSET_MS) / DAY_MS);
}

/** Working days d with day(from) < d ≤ day(to) (China days), as `chinaWorkingDaysBetween`. */
export function workingDaysBetween(fromIso: string, toIso: string): number {
  return countTo(chinaDay(toIso)) - countTo(chinaDay(fromIso));
}

/** The China day number of an instant or a plain date (the funnel's day buckets). */
export function chinaDayNumber(instantOrDate: string): number {
  return chinaDay(instantOrDate);
}
