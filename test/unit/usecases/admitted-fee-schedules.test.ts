import { describe, expect, it } from 'vitest';
import type { ApplicationRepository, ViolationRepository } from '../../../lambdas/ports/repository.js';
import { admittedFeeSchedules } from '../../../lambdas/usecases/statements.js';

const schedule = {
  commissionRate: '0.05',
  fulfilmentRate: '0.045',
  settlementTermDays: 15,
  extendedSettlementTermDays: 75,
  extendedAfterViolations: 4,
};

function stores(violationCount: number) {
  const applications = {
    listByStatus: async () => ['app-1'],
    getResult: async () => schedule,
    get: async () => ({ application: { seller: { uscc: 'U1' } } }),
  } as unknown as ApplicationRepository;
  const violations = {
    forUscc: async () =>
      Array.from({ length: violationCount }, (_, i) => ({
        uscc: 'U1',
        date: `2026-0${i + 1}-01`,
        severity: 'minor',
      })),
  } as unknown as ViolationRepository;
  return { applications, violations };
}

describe('admittedFeeSchedules', () => {
  it.each([
    [0, 15],
    [3, 15],
    [4, 75],
    [5, 75],
  ])('settles on %i violations after %i days', async (count, days) => {
    const { applications, violations } = stores(count);
    expect(await admittedFeeSchedules(applications, violations)).toEqual([
      { applicationId: 'app-1', commissionRate: '0.05', fulfilmentRate: '0.045', settlementTermDays: days },
    ]);
  });
});
