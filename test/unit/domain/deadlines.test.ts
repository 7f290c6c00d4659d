import { describe, expect, it } from 'vitest';
import { appealDueAt, isPast, reviewDueAt, signatureDueAt } from '../../../lambdas/domain/deadlines.js';
import { settings } from './factories.js';

describe('reviewDueAt', () => {
  it.each([
    ['2026-09-24T02:00:00.000Z', '2026-09-30T02:00:00.000Z', 'over the Mid-autumn holiday'],
    ['2026-11-18T02:00:00.000Z', '2026-11-23T02:00:00.000Z', 'over a weekend'],
  ])('gives 3 China working days after %s: %s (%s)', (raisedAt, expected) => {
    expect(reviewDueAt(raisedAt, settings())).toBe(expected);
  });
});

describe('signatureDueAt', () => {
  it('gives 14 calendar days after sending when the agreement is sent', () => {
    expect(signatureDueAt('2026-09-28T02:00:00.000Z', settings())).toBe('2026-10-12T02:00:00.000Z');
  });
});

describe('appealDueAt', () => {
  it('gives 14 calendar days after the rejection when one is issued', () => {
    expect(appealDueAt('2026-11-20T00:00:00.000Z', settings())).toBe('2026-12-04T00:00:00.000Z');
  });
});

describe('isPast', () => {
  it.each([
    ['2026-12-04T00:00:00.000Z', false],
    ['2026-12-04T00:00:00.001Z', true],
    ['2026-12-03T23:59:59.999Z', false],
  ])('says the deadline has passed at %s: %s', (now, expected) => {
    expect(isPast('2026-12-04T00:00:00.000Z', now)).toBe(expected);
  });
});
