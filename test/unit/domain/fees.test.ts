import { describe, expect, it } from 'vitest';
import {
  bindFeeSchedule,
  formatPercent,
  scheduleInForce,
  settlementTermDays,
  specFeeSchedule,
} from '../../../lambdas/domain/fees.js';
import type { Category } from '../../../lambdas/domain/model.js';
import type { FeeScheduleVersion, RuleSettings } from '../../../lambdas/domain/settings.js';
import { settings } from './factories.js';

const base = settings().fees.schedules[0] as FeeScheduleVersion;

/** The shipped schedule, then a later one ops published ahead of its date. */
const versioned: RuleSettings = settings({
  version: 'rules-2027-01',
  fees: {
    schedules: [
      { ...base, version: 'fees-2027-03', effectiveFrom: '2027-03-01', commissionRate: '0.06' },
      base,
      {
        ...base,
        version: 'fees-2027-07',
        effectiveFrom: '2027-07-01',
        fulfilmentRate: { default: '0.05', byCategory: { apparel: '0.04' } },
      },
    ],
  },
});

describe('bindFeeSchedule', () => {
  it.each<[Category, string]>([
    ['apparel', '0.038'],
    ['consumer_electronics', '0.052'],
    ['home', '0.045'],
    ['sports_outdoor', '0.045'],
    ['beauty', '0.045'],
    ['toys', '0.045'],
    ['food', '0.045'],
    ['medical_devices', '0.045'],
    ['other', '0.045'],
  ])('charges 5%% commission and the %s fulfilment rate %s', (category, fulfilmentRate) => {
    const bound = bindFeeSchedule(category, settings(), { onDate: '2026-11-20' });
    expect(bound && specFeeSchedule(bound)).toEqual({
      commissionRate: '0.05',
      fulfilmentRate,
      settlementTermDays: 15,
    });
  });

  it.each([
    [0, 15],
    [3, 15],
    [4, 75],
    [7, 75],
  ])('settles in the right term when the seller has %i violation(s): %i days', (violationCount, days) => {
    expect(
      bindFeeSchedule('home', settings(), { onDate: '2026-11-20', violationCount })?.settlementTermDays,
    ).toBe(days);
  });

  it('names the schedule version, its effective date, the rules version and the extension it carries', () => {
    expect(bindFeeSchedule('apparel', settings(), { onDate: '2026-11-20' })).toEqual({
      commissionRate: '0.05',
      fulfilmentRate: '0.038',
      settlementTermDays: 15,
      version: 'fees-2020-01',
      effectiveFrom: '2020-01-01',
      rulesVersion: '2026-11-01',
      category: 'apparel',
      extendedSettlementTermDays: 75,
      extendedAfterViolations: 4,
    });
  });

  it.each([
    ['2026-11-20', 'fees-2020-01', '0.05', '0.038'],
    ['2027-02-28', 'fees-2020-01', '0.05', '0.038'],
    ['2027-03-01', 'fees-2027-03', '0.06', '0.038'],
    ['2027-06-30', 'fees-2027-03', '0.06', '0.038'],
    ['2027-07-01', 'fees-2027-07', '0.05', '0.04'],
    ['2031-01-01', 'fees-2027-07', '0.05', '0.04'],
  ])(
    'binds on %s the version in force: %s (commission %s, apparel %s)',
    (onDate, version, commission, apparel) => {
      const bound = bindFeeSchedule('apparel', versioned, { onDate });
      expect(bound).toMatchObject({ version, commissionRate: commission, fulfilmentRate: apparel });
      expect(bound?.rulesVersion).toBe('rules-2027-01');
    },
  );

  it('binds nothing when no version is in force yet on that day', () => {
    expect(bindFeeSchedule('home', settings(), { onDate: '2019-12-31' })).toBeNull();
    expect(scheduleInForce(settings(), '2020-01-01')?.version).toBe('fees-2020-01');
  });
});

describe('settlementTermDays', () => {
  it.each([
    [{ settlementTermDays: 15, extendedSettlementTermDays: 75, extendedAfterViolations: 4 }, 3, 15],
    [{ settlementTermDays: 15, extendedSettlementTermDays: 75, extendedAfterViolations: 4 }, 4, 75],
    [{ settlementTermDays: 10, extendedSettlementTermDays: 40, extendedAfterViolations: 2 }, 2, 40],
  ])('gives %o with %i violations %i days', (schedule, violations, days) => {
    expect(settlementTermDays(schedule, violations)).toBe(days);
  });
});

describe('formatPercent', () => {
  it.each([
    ['0.05', '5%'],
    ['0.038', '3.8%'],
    ['0.045', '4.5%'],
    ['0.052', '5.2%'],
    ['0.5', '50%'],
    ['1', '100%'],
    ['0', '0%'],
    ['0.0125', '1.25%'],
    ['0.10', '10%'],
  ])('writes %s as %s', (rate, text) => {
    expect(formatPercent(rate)).toBe(text);
  });
});
