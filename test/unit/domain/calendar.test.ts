import { afterEach, describe, expect, it } from 'vitest';
import {
  addChinaWorkingDays,
  addChinaWorkingDaysToDate,
  chinaDateOf,
  chinaWorkingDaysBetween,
  isChinaWorkingDay,
} from '../../../lambdas/domain/calendar.js';

// Holidays and make-up days from node_modules/chinese-days/dist/years/2026.json.
describe('isChinaWorkingDay', () => {
  it.each([
    ['2026-10-01', false, 'National Day'],
    ['2026-10-07', false, 'National Day (in lieu)'],
    ['2026-10-08', true, 'Thursday after National Day'],
    ['2026-10-10', true, 'Saturday make-up working day'],
    ['2026-09-20', true, 'Sunday make-up working day'],
    ['2026-09-19', false, 'ordinary Saturday'],
    ['2026-09-25', false, 'Mid-autumn Festival (Friday)'],
    ['2026-02-14', true, 'Saturday make-up day before Spring Festival'],
    ['2026-02-16', false, 'Spring Festival'],
    ['2026-11-20', true, 'ordinary Friday'],
    ['2026-11-21', false, 'ordinary Saturday'],
  ])('says %s is a working day: %s (%s)', (date, expected) => {
    expect(isChinaWorkingDay(date)).toBe(expected);
  });

  it('throws when the date is not a real date', () => {
    expect(() => isChinaWorkingDay('2026-02-30')).toThrow(RangeError);
  });
});

describe('chinaDateOf', () => {
  it.each([
    ['2026-09-30T15:59:59Z', '2026-09-30'],
    ['2026-09-30T16:00:00Z', '2026-10-01'],
    ['2026-10-01T00:30:00+08:00', '2026-10-01'],
    ['2026-10-01', '2026-10-01'],
  ])('places %s on the China day %s', (instant, expected) => {
    expect(chinaDateOf(instant)).toBe(expected);
  });
});

describe('addChinaWorkingDays', () => {
  it.each([
    ['2026-09-30T02:00:00.000Z', 1, '2026-10-08T02:00:00.000Z', 'over the National Day week'],
    ['2026-09-30T02:00:00.000Z', 3, '2026-10-10T02:00:00.000Z', 'onto the Saturday make-up day'],
    ['2026-09-30T17:00:00.000Z', 1, '2026-10-07T17:00:00.000Z', 'from 01:00 on 1 October in China'],
    ['2026-09-30T10:00:00+08:00', 1, '2026-10-08T02:00:00.000Z', 'from an instant with an offset'],
    ['2026-11-20T02:00:00.000Z', 7, '2026-12-01T02:00:00.000Z', 'over two weekends'],
    ['2026-11-20T02:00:00.000Z', 0, '2026-11-20T02:00:00.000Z', 'by zero days'],
    ['2026-10-08T02:00:00.000Z', -1, '2026-09-30T02:00:00.000Z', 'backwards'],
  ])('moves %s by %i working day(s) to %s (%s)', (from, n, expected) => {
    expect(addChinaWorkingDays(from, n)).toBe(expected);
  });

  it.each(['2026-09-30T10:00:00', '2026-09-30', 'yesterday', '2026-09-30T10:00:00.000+0800'])(
    'throws when the instant %j names no offset or is not ISO',
    (instant) => {
      expect(() => addChinaWorkingDays(instant, 1)).toThrow(RangeError);
    },
  );

  it('moves a plain date by working days when given a date', () => {
    expect(addChinaWorkingDaysToDate('2026-09-30', 1)).toBe('2026-10-08');
  });
});

describe('chinaWorkingDaysBetween', () => {
  it.each([
    ['2026-09-30', '2026-10-10', 3],
    ['2026-10-10', '2026-09-30', -3],
    ['2026-11-20', '2026-11-20', 0],
    ['2026-11-20T02:00:00Z', '2026-12-01T02:00:00Z', 7],
  ])('counts working days after %s up to %s: %i', (from, to, expected) => {
    expect(chinaWorkingDaysBetween(from, to)).toBe(expected);
  });

  it.each([1, 3, 7, 12])('inverts addChinaWorkingDays when adding %i days across National Day', (n) => {
    const from = '2026-09-28T06:00:00.000Z';
    expect(chinaWorkingDaysBetween(from, addChinaWorkingDays(from, n))).toBe(n);
  });
});

describe('China calendar in other time zones', () => {
  const original = process.env.TZ;
  afterEach(() => {
    if (original === undefined) delete process.env.TZ;
    else process.env.TZ = original;
  });

  it.each(['America/Los_Angeles', 'Pacific/Kiritimati', 'UTC'])(
    'gives the same answers when the process runs in %s',
    (tz) => {
      process.env.TZ = tz;
      expect(isChinaWorkingDay('2026-10-01')).toBe(false);
      expect(isChinaWorkingDay('2026-10-10')).toBe(true);
      expect(addChinaWorkingDays('2026-09-30T02:00:00.000Z', 1)).toBe('2026-10-08T02:00:00.000Z');
    },
  );
});
