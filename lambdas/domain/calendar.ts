/**
 * China working days (statutory holidays and make-up working days) for the human-step deadlines:
 * review SLA, lab results. The calendar comes from the `chinese-days` package; no holiday list
 * lives in our code. Years the package does not know fall back to Monday–Friday.
 *
 * An instant belongs to the calendar day it is in China (UTC+8, no daylight saving).
 */
import chineseDays from 'chinese-days';
import { addDays, compareIsoDates, fromDayNumber, parseIsoDate, toDayNumber } from './dates.js';

// chinese-days ships CommonJS to Node (named exports invisible to its ESM loader): take the default.
const { findWorkday, isWorkday } = chineseDays;

const DAY_MS = 86_400_000;
const CHINA_OFFSET_MS = 8 * 3_600_000;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/** Milliseconds since the epoch of an ISO instant that names its offset (never local time). */
function instantMs(instantIso: string): number {
  const ms = INSTANT.test(instantIso) ? Date.parse(instantIso) : Number.NaN;
  if (Number.isNaN(ms))
    throw new RangeError(`Not an ISO instant with an offset: ${JSON.stringify(instantIso)}`);
  return ms;
}

/** The China calendar day (YYYY-MM-DD) of an instant; a plain date is taken as that China day. */
export function chinaDateOf(instantOrDate: string): string {
  if (parseIsoDate(instantOrDate)) return instantOrDate;
  return fromDayNumber(Math.floor((instantMs(instantOrDate) + CHINA_OFFSET_MS) / DAY_MS));
}

/**
 * The package reads the local calendar fields of the Date it is given, so it gets a Date whose
 * local fields are the wanted day (at noon, clear of any daylight-saving gap): right in every TZ.
 */
function localNoon(dateIso: string): Date {
  const d = parseIsoDate(dateIso);
  if (!d) throw new RangeError(`Not an ISO date (YYYY-MM-DD): ${JSON.stringify(dateIso)}`);
  return new Date(d.year, d.month - 1, d.day, 12);
}

export function isChinaWorkingDay(dateIso: string): boolean {
  return isWorkday(localNoon(dateIso));
}

/** The China working day n working days after (n < 0: before) the date. */
export function addChinaWorkingDaysToDate(dateIso: string, n: number): string {
  if (!Number.isSafeInteger(n)) throw new RangeError(`Not an integer: ${n}`);
  if (n === 0) return dateIso;
  return findWorkday(n, localNoon(dateIso));
}

/**
 * The instant n China working days after `instantIso`, at the same China time of day
 * (booked Wednesday 10:00 in Shanghai, 1 working day → Thursday 10:00, or the next working day).
 */
export function addChinaWorkingDays(instantIso: string, n: number): string {
  const ms = instantMs(instantIso);
  const chinaMs = ms + CHINA_OFFSET_MS;
  const timeOfDay = chinaMs - Math.floor(chinaMs / DAY_MS) * DAY_MS;
  const target = addChinaWorkingDaysToDate(chinaDateOf(instantIso), n);
  return new Date(toDayNumber(target) * DAY_MS + timeOfDay - CHINA_OFFSET_MS).toISOString();
}

/**
 * China working days d with day(from) < d ≤ day(to), negative when `to` is earlier:
 * the inverse of addChinaWorkingDays. Accepts instants or plain dates (taken as China days).
 */
export function chinaWorkingDaysBetween(fromIso: string, toIso: string): number {
  const from = chinaDateOf(fromIso);
  const to = chinaDateOf(toIso);
  const sign = compareIsoDates(to, from) < 0 ? -1 : 1;
  const [start, end] = sign > 0 ? [from, to] : [to, from];
  let count = 0;
  for (let d = addDays(start, 1); compareIsoDates(d, end) <= 0; d = addDays(d, 1)) {
    if (isChinaWorkingDay(d)) count++;
  }
  return sign * count;
}
