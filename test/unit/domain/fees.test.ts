import { describe, expect, it } from 'vitest';
import { feeScheduleFor } from '../../../lambdas/domain/fees.js';
import type { Category } from '../../../lambdas/domain/model.js';
import { settings } from './factories.js';

describe('feeScheduleFor', () => {
  it.each<[Category, string]>([
    ['apparel', '0.038'],
    ['consumer_electronics', '0.052'],
    ['home', '0.045'],
    ['sports_outdoor', '0.045'],
    ['beauty', '0.045'],
    ['toys', '0.045'],
    ['food', '0.045'],
    ['other', '0.045'],
  ])('charges 5%% commission and the %s fulfilment rate %s', (category, fulfilmentRate) => {
    expect(feeScheduleFor(category, settings())).toEqual({
      commissionRate: '0.05',
      fulfilmentRate,
      settlementTermDays: 15,
    });
  });

  it.each([
    [undefined, 15],
    [0, 15],
    [3, 15],
    [4, 75],
    [7, 75],
  ])('settles in the right term when the seller has %s violation(s): %i days', (violationCount, days) => {
    const opts = violationCount === undefined ? {} : { violationCount };
    expect(feeScheduleFor('home', settings(), opts).settlementTermDays).toBe(days);
  });
});
