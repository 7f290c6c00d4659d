import { describe, expect, it } from 'vitest';
import { bundledRules } from '../../../../lambdas/adapters/container.js';
import {
  monthlyRoundDue,
  monthlyRoundId,
  monthlySlot,
} from '../../../../lambdas/domain/governance/spot-check-schedule.js';
import { DEFAULT_SPOT_CHECK_SETTINGS } from '../../../../lambdas/domain/governance/spot-checks.js';
import { parseRuleSettings } from '../../../../lambdas/domain/settings.js';

describe('the monthly spot-check round (the 1st, 09:00 China time)', () => {
  it.each([
    // [now (UTC), the round due, its slot]
    ['2026-12-01T01:00:00.000Z', 'monthly-2026-12', '2026-12-01T01:00:00.000Z'], // 09:00 China: due
    ['2026-12-01T00:59:59.999Z', 'monthly-2026-11', '2026-11-01T01:00:00.000Z'], // 08:59 China: not yet
    ['2026-11-30T16:30:00.000Z', 'monthly-2026-11', '2026-11-01T01:00:00.000Z'], // 1 Dec 00:30 China
    ['2026-12-31T17:00:00.000Z', 'monthly-2026-12', '2026-12-01T01:00:00.000Z'], // 1 Jan 01:00 China
    ['2027-01-01T01:00:00.000Z', 'monthly-2027-01', '2027-01-01T01:00:00.000Z'], // the new year's
    ['2026-11-20T01:00:00.000Z', 'monthly-2026-11', '2026-11-01T01:00:00.000Z'], // mid-month: this month's
    ['2024-02-29T12:00:00.000Z', 'monthly-2024-02', '2024-02-01T01:00:00.000Z'],
  ])('at %s the round due is %s (slot %s)', (now, roundId, slot) => {
    expect(monthlyRoundDue(now)).toEqual({ roundId, slot });
  });

  it("names a run by EventBridge Scheduler's scheduled time: its own month", () => {
    for (let m = 1; m <= 12; m++)
      expect(monthlyRoundDue(monthlySlot(2027, m)).roundId).toBe(monthlyRoundId(2027, m));
  });
});

describe('spot-check settings in the versioned rules configuration', () => {
  it.each([
    ['the bundled file carries them, equal to the defaults', bundledRules, DEFAULT_SPOT_CHECK_SETTINGS],
    [
      'a version published before them has none (the defaults apply)',
      parseRuleSettings({ ...bundledRules, spotChecks: undefined }),
      undefined,
    ],
  ])('%s', (_name, rules, expected) => {
    expect(rules.spotChecks).toEqual(expected);
  });

  it.each([
    ['a sample size of 0', { sampleSize: 0 }],
    ['more than 60 working days to answer', { resultWorkingDays: 61 }],
    ['an unknown field', { sweep: true }],
    ['an empty finding', { safetyFindings: [''] }],
  ])('refuses %s', (_name, change) => {
    expect(() =>
      parseRuleSettings({ ...bundledRules, spotChecks: { ...DEFAULT_SPOT_CHECK_SETTINGS, ...change } }),
    ).toThrow();
  });
});
