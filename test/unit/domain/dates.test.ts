import { describe, expect, it } from 'vitest';
import {
  addDays,
  addMonths,
  compareIsoDates,
  fromDayNumber,
  fullMonthsBefore,
  isIsoDate,
  isWithin,
  monthOf,
  monthsBefore,
  monthsWindow,
  parseIsoDate,
  parseIsoMonth,
  toDayNumber,
  yearsBefore,
} from '../../../lambdas/domain/dates.js';

describe('parseIsoDate', () => {
  it.each([
    ['2026-11-20', { year: 2026, month: 11, day: 20 }],
    ['2024-02-29', { year: 2024, month: 2, day: 29 }],
    ['2000-02-29', { year: 2000, month: 2, day: 29 }],
    ['0001-01-01', { year: 1, month: 1, day: 1 }],
  ])('reads %s when it is a real zero-padded date', (text, expected) => {
    expect(parseIsoDate(text)).toEqual(expected);
    expect(isIsoDate(text)).toBe(true);
  });

  it.each([
    '2025-02-29',
    '1900-02-29',
    '2026-02-30',
    '2026-04-31',
    '2026-13-01',
    '2026-00-10',
    '2026-01-00',
    '2026-2-3',
    '20261120',
    '2026/11/20',
    ' 2026-11-20',
    '2026-11-20T00:00:00Z',
    '0000-01-01',
    '２０２６-11-20',
    '',
  ])('returns null when given %j', (text) => {
    expect(parseIsoDate(text)).toBeNull();
    expect(isIsoDate(text)).toBe(false);
  });

  it('returns false from isIsoDate when given a non-string', () => {
    expect(isIsoDate(20261120)).toBe(false);
  });
});

describe('parseIsoMonth', () => {
  it.each([
    ['2026-05', { year: 2026, month: 5 }],
    ['2026-5', null],
    ['2026-13', null],
    ['2026-05-01', null],
  ])('reads %j as %j', (text, expected) => {
    expect(parseIsoMonth(text)).toEqual(expected);
  });
});

describe('yearsBefore', () => {
  it.each([
    ['2026-11-20', 1, '2025-11-20'],
    ['2028-02-29', 1, '2027-02-28'],
    ['2024-02-29', 4, '2020-02-29'],
    ['2025-03-01', 1, '2024-03-01'],
    ['2026-01-01', 3, '2023-01-01'],
  ])('gives the same month and day: %s − %i year(s) = %s', (date, n, expected) => {
    expect(yearsBefore(date, n)).toBe(expected);
  });

  it('throws when the date is not a real date', () => {
    expect(() => yearsBefore('2026-02-30', 1)).toThrow(RangeError);
  });
});

describe('monthsBefore', () => {
  it.each([
    ['2026-11-20', 12, '2025-11-20'],
    ['2026-03-31', 1, '2026-02-28'],
    ['2024-03-31', 1, '2024-02-29'],
    ['2026-01-15', 1, '2025-12-15'],
    ['2026-05-31', 3, '2026-02-28'],
  ])('gives %s − %i month(s) = %s, clamping to the month end', (date, n, expected) => {
    expect(monthsBefore(date, n)).toBe(expected);
  });

  it('moves forward when addMonths is given a positive count', () => {
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
  });
});

describe('addDays', () => {
  it.each([
    ['2026-12-31', 1, '2027-01-01'],
    ['2024-02-28', 1, '2024-02-29'],
    ['2026-03-01', -1, '2026-02-28'],
    ['2026-11-20', 15, '2026-12-05'],
    ['2026-11-20', 0, '2026-11-20'],
    ['1970-01-01', -1, '1969-12-31'],
  ])('gives %s + %i day(s) = %s', (date, n, expected) => {
    expect(addDays(date, n)).toBe(expected);
  });

  it('throws when the count is not an integer', () => {
    expect(() => addDays('2026-11-20', 1.5)).toThrow(RangeError);
  });
});

describe('toDayNumber', () => {
  it('agrees with Date.UTC on every day from 1899 to 2101 when converting both ways', () => {
    const start = Date.UTC(1899, 0, 1) / 86_400_000;
    const end = Date.UTC(2101, 11, 31) / 86_400_000;
    const wrong: string[] = [];
    for (let day = start; day <= end; day++) {
      const iso = new Date(day * 86_400_000).toISOString().slice(0, 10);
      if (fromDayNumber(day) !== iso || toDayNumber(iso) !== day) wrong.push(iso);
    }
    expect(wrong).toEqual([]);
  });
});

describe('fullMonthsBefore', () => {
  it.each([
    ['2026-11-20', 6, ['2026-05', '2026-06', '2026-07', '2026-08', '2026-09', '2026-10']],
    ['2026-02-01', 6, ['2025-08', '2025-09', '2025-10', '2025-11', '2025-12', '2026-01']],
    ['2026-11-30', 1, ['2026-10']],
  ])('lists the full months before %s (%i) oldest first', (date, n, expected) => {
    expect(fullMonthsBefore(date, n)).toEqual(expected);
  });
});

describe('monthOf', () => {
  it('gives the YYYY-MM of a date', () => {
    expect(monthOf('2026-05-31')).toBe('2026-05');
  });
});

describe('isWithin', () => {
  it.each([
    ['2025-11-20', true],
    ['2025-11-19', false],
    ['2026-11-20', true],
    ['2026-11-21', false],
    ['2026-03-01', true],
  ])('includes both ends: %s in [2025-11-20, 2026-11-20] is %s', (date, expected) => {
    const { from, to } = monthsWindow('2026-11-20', 12);
    expect(isWithin(date, from, to)).toBe(expected);
  });

  it('orders dates when comparing them', () => {
    expect(compareIsoDates('2026-01-01', '2025-12-31')).toBeGreaterThan(0);
    expect(compareIsoDates('2025-12-31', '2026-01-01')).toBeLessThan(0);
    expect(compareIsoDates('2026-01-01', '2026-01-01')).toBe(0);
  });
});
