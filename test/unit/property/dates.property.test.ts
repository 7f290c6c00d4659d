import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addDays,
  daysInMonth,
  formatIsoDate,
  fromDayNumber,
  parseIsoDate,
  parseIsoMonth,
  toDayNumber,
} from '../../../lambdas/domain/dates.js';
import { findDates, findMonths, parseDate, parseTermEnd } from '../../../lambdas/extraction/parse/values.js';
import { fcOptions } from './settings.js';

const pad2 = (n: number) => String(n).padStart(2, '0');
const iso = (y: number, m: number, d: number) => `${y}-${pad2(m)}-${pad2(d)}`;

/** A real date in the years documents are read in (the extractor takes 1900–2200). */
const realDate = fc
  .record({ y: fc.integer({ min: 1900, max: 2200 }), m: fc.integer({ min: 1, max: 12 }), d: fc.nat() })
  .map(({ y, m, d }) => ({ y, m, d: (d % daysInMonth(y, m)) + 1 }));

/** A date that is not one: day past the month's end, day 0, month 0 or 13. */
const impossibleDate = fc.oneof(
  realDate.map(({ y, m }) => ({ y, m, d: daysInMonth(y, m) + 1 })),
  fc.record({ y: fc.integer({ min: 1900, max: 2200 }), m: fc.constant(2), d: fc.constant(30) }),
  realDate.map(({ y, d }) => ({ y, m: 13, d })),
  realDate.map(({ y, d }) => ({ y, m: 0, d })),
  realDate.map(({ y, m }) => ({ y, m, d: 0 })),
);

type Form = 'zh' | '-' | '/' | '.';
const written = ({ y, m, d }: { y: number; m: number; d: number }, form: Form, padded: boolean) => {
  const mm = padded ? pad2(m) : String(m);
  const dd = padded ? pad2(d) : String(d);
  return form === 'zh' ? `${y}年${mm}月${dd}日` : `${y}${form}${mm}${form}${dd}`;
};
const toFullWidth = (s: string) =>
  s.replace(/[0-9\-/.]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));

const form = fc.constantFrom<Form>('zh', '-', '/', '.');

describe('document dates (property)', () => {
  it('reads every real date in each SPEC form, padded or not, as its ISO date', () => {
    fc.assert(
      fc.property(realDate, form, fc.boolean(), (date, f, padded) => {
        const text = written(date, f, padded);
        expect(parseDate(text)).toEqual({ value: iso(date.y, date.m, date.d), clean: true });
      }),
      fcOptions(1000),
    );
  });

  it('reads full-width digits once the line is NFKC-normalised, as every reader does', () => {
    // pdf-text.ts and ocr-lines.ts normalise each line before the parsers see it.
    fc.assert(
      fc.property(realDate, form, fc.boolean(), (date, f, padded) => {
        const text = toFullWidth(written(date, f, padded)).normalize('NFKC');
        expect(parseDate(text)?.value).toBe(iso(date.y, date.m, date.d));
      }),
      fcOptions(500),
    );
  });

  it('finds a date after a label and before a term end', () => {
    fc.assert(
      fc.property(realDate, realDate, form, (start, end, f) => {
        const text = `营业期限：${written(start, f, true)}至${written(end, f, false)}`;
        expect(findDates(text).map((d) => d.iso)).toEqual([
          iso(start.y, start.m, start.d),
          iso(end.y, end.m, end.d),
        ]);
        expect(parseTermEnd(text)).toEqual({ value: iso(end.y, end.m, end.d), clean: true });
      }),
      fcOptions(500),
    );
  });

  it('never accepts an impossible date (Feb 30, month 13, day 0, day past the month)', () => {
    fc.assert(
      fc.property(impossibleDate, form, fc.boolean(), (date, f, padded) => {
        const text = written(date, f, padded);
        expect(findDates(text)).toEqual([]);
        expect(parseDate(text)).toBeNull();
        expect(parseIsoDate(`${date.y}-${pad2(date.m)}-${pad2(date.d)}`)).toBeNull();
      }),
      fcOptions(1000),
    );
  });

  it('round-trips ISO dates through parse/format and day numbers', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 9999 }), fc.integer({ min: 1, max: 12 }), fc.nat(), (y, m, d) => {
        const date = { year: y, month: m, day: (d % daysInMonth(y, m)) + 1 };
        const text = formatIsoDate(date);
        expect(parseIsoDate(text)).toEqual(date);
        expect(fromDayNumber(toDayNumber(text))).toBe(text);
        // The day after 9999-12-31 has no YYYY-MM-DD form: refused, never a malformed date.
        if (text === '9999-12-31') expect(() => addDays(text, 1)).toThrow(/Not an ISO date/);
        else expect(toDayNumber(addDays(text, 1)) - toDayNumber(text)).toBe(1);
      }),
      fcOptions(1000),
    );
  });

  it('never throws on arbitrary strings', () => {
    const text = fc.oneof(
      fc.string({ maxLength: 60 }),
      fc.string({ maxLength: 60, unit: 'binary' }),
      // Date-shaped noise: digits, separators and the Chinese date characters.
      fc.string({ maxLength: 40, unit: fc.constantFrom(...'0123456789-/.年月日至 长期', '１', '－') }),
    );
    fc.assert(
      fc.property(text, (t) => {
        findDates(t);
        parseDate(t);
        parseTermEnd(t);
        findMonths(t);
        parseIsoDate(t);
        parseIsoMonth(t);
        for (const d of findDates(t)) expect(parseIsoDate(d.iso), d.iso).not.toBeNull();
      }),
      fcOptions(2000),
    );
  });
});
