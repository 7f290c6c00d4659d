/**
 * The fast path of the edge: a hand-written check that accepts an event only when it is exactly
 * well formed (every field of the right type, optional ones absent or well typed, no null), and
 * otherwise says nothing, so the zod schema (event-schema.ts) decides and gives the reason. It
 * never accepts what the schema refuses (a property test holds them together); it exists because
 * zod costs ~2 µs an event, most of the budget at a million events.
 */
import { daysInMonth, isIsoDate } from '../domain/dates.js';
import type { GovernanceEvent } from '../domain/governance/events.js';

/** Distinct dates are few (days of a few years): each is checked once. */
const dates = new Map<string, boolean>();
function isDate(v: unknown): v is string {
  if (typeof v !== 'string' || v.length !== 10) return false;
  let ok = dates.get(v);
  if (ok === undefined) {
    ok = isIsoDate(v);
    if (dates.size < 100_000) dates.set(v, ok);
  }
  return ok;
}

const isText = (v: unknown): v is string => typeof v === 'string' && v.length > 0 && v.length <= 1000;

function isTextArray(v: unknown, max: number): v is string[] {
  if (!Array.isArray(v) || v.length > max) return false;
  for (const x of v) if (!isText(x)) return false;
  return true;
}

/** The event a parsed line is, when it is exactly well formed; else null (ask the schema). */
export function fastEvent(o: Record<string, unknown>): GovernanceEvent | null {
  switch (o.type) {
    case 'spot_check':
      return isText(o.uscc) &&
        isText(o.sku) &&
        isDate(o.date) &&
        typeof o.passed === 'boolean' &&
        isTextArray(o.findings, 1000)
        ? {
            type: 'spot_check',
            uscc: o.uscc,
            sku: o.sku,
            date: o.date,
            passed: o.passed,
            findings: o.findings,
          }
        : null;
    case 'violation': {
      if (!(isText(o.violationId) && isText(o.uscc) && isDate(o.date))) return null;
      if (o.severity !== 'minor' && o.severity !== 'serious') return null;
      if (o.impact !== undefined && o.impact !== 'egregious') return null;
      if (o.skus !== undefined && !isTextArray(o.skus, 100_000)) return null;
      if (
        o.violationType !== undefined &&
        !(typeof o.violationType === 'string' && o.violationType.length <= 1000)
      )
        return null;
      if (o.note !== undefined && !(typeof o.note === 'string' && o.note.length <= 100_000)) return null;
      const e: GovernanceEvent = {
        type: 'violation',
        violationId: o.violationId,
        uscc: o.uscc,
        date: o.date,
        severity: o.severity,
      };
      if (o.impact !== undefined) e.impact = o.impact;
      if (o.skus !== undefined) e.skus = o.skus as string[];
      if (o.violationType !== undefined) e.violationType = o.violationType as string;
      if (o.note !== undefined) e.note = o.note as string;
      return e;
    }
    case 'fix_confirmed':
      return isText(o.violationId) && isDate(o.date)
        ? { type: 'fix_confirmed', violationId: o.violationId, date: o.date }
        : null;
    case 'appeal':
      return isText(o.violationId) && isDate(o.date) && (o.outcome === 'uphold' || o.outcome === 'dismiss')
        ? { type: 'appeal', violationId: o.violationId, date: o.date, outcome: o.outcome }
        : null;
    case 'admitted':
      return isText(o.applicationId) &&
        isText(o.uscc) &&
        isDate(o.date) &&
        isText(o.category) &&
        isTextArray(o.skus, 100_000)
        ? {
            type: 'admitted',
            applicationId: o.applicationId,
            uscc: o.uscc,
            date: o.date,
            category: o.category,
            skus: o.skus,
          }
        : null;
    default:
      return null;
  }
}

/**
 * A passed spot check written the way JSON.stringify writes an object built in SPEC's field
 * order, with no escapes in its strings: the bulk of a history, read without JSON.parse (a
 * regular expression allocates a tenth of what a parsed object does). Any other spelling of the
 * same event returns null and takes the general path, with the same result.
 */
const HEAD = '{"type":"spot_check","uscc":"';
const TAIL = '","passed":true,"findings":[]}';
const PASSED_CHECK =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: JSON refuses raw control characters in a string, so must this.
  /\{"type":"spot_check","uscc":"[^"\\\u0000-\u001f]{1,1000}","sku":"[^"\\\u0000-\u001f]{1,1000}","date":"\d{4}-\d{2}-\d{2}","passed":true,"findings":\[\]\}/y;

const digit = (text: string, i: number) => text.charCodeAt(i) - 48;

/** `YYYY-MM-DD` at `i` (digits checked already) as the number YYYYMMDD when a real day, else -1. */
export function dayAt(text: string, i: number): number {
  const y = digit(text, i) * 1000 + digit(text, i + 1) * 100 + digit(text, i + 2) * 10 + digit(text, i + 3);
  const m = digit(text, i + 5) * 10 + digit(text, i + 6);
  const d = digit(text, i + 8) * 10 + digit(text, i + 9);
  if (y < 1 || m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return -1;
  return y * 10_000 + m * 100 + d;
}

/**
 * The passed check that `text` holds exactly from `start` to `end`: its USCC and its date as
 * YYYYMMDD; else null. Matched in place: the only string made is the USCC.
 */
export function passedSpotCheckAt(
  text: string,
  start: number,
  end: number,
): { uscc: string; day: number } | null {
  if (text.charCodeAt(start + 9) !== 0x73 /* s of spot_check */) return null;
  PASSED_CHECK.lastIndex = start;
  if (!PASSED_CHECK.test(text) || PASSED_CHECK.lastIndex !== end) return null;
  const day = dayAt(text, end - TAIL.length - 10);
  if (day < 0) return null;
  const from = start + HEAD.length;
  return { uscc: text.slice(from, text.indexOf('"', from)), day };
}

/** The passed check a whole line is, else null. */
export function passedSpotCheck(line: string): { uscc: string; date: string } | null {
  const m = passedSpotCheckAt(line, 0, line.length);
  return m
    ? { uscc: m.uscc, date: line.slice(line.length - TAIL.length - 10, line.length - TAIL.length) }
    : null;
}
