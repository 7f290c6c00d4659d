import { describe, expect, it } from 'vitest';
import { governedSettlementTerm, lastDayOfPeriod } from '../../../../lambdas/domain/governance/settlement.js';

describe('lastDayOfPeriod', () => {
  it.each([
    ['2026-10', '2026-10-31'],
    ['2026-11', '2026-11-30'],
    ['2028-02', '2028-02-29'],
    ['2026-02', '2026-02-28'],
    ['2026-13', null],
    ['2026-1', null],
  ])('%s → %s', (period, day) => {
    expect(lastDayOfPeriod(period)).toBe(day);
  });
});

describe('governedSettlementTerm', () => {
  const admission = { date: '2026-01-01', skus: ['S1'] };
  const banned = [{ date: '2026-02-01', severity: 'minor' as const, impact: 'egregious' as const }];
  it.each<
    [string, { settlementTermDays: number; extendedSettlementTermDays?: number }, typeof banned, number]
  >([
    ["not banned: the seller's own term", { settlementTermDays: 15, extendedSettlementTermDays: 75 }, [], 15],
    [
      "banned: the agreement's extended term",
      { settlementTermDays: 15, extendedSettlementTermDays: 75 },
      banned,
      75,
    ],
    ['banned, no extended term recorded: term + 60 days', { settlementTermDays: 20 }, banned, 80],
  ])('%s', (_name, schedule, violations, days) => {
    expect(governedSettlementTerm(schedule, admission, violations, '2026-10-31')).toBe(days);
  });
});
