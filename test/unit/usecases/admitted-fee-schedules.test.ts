import { describe, expect, it } from 'vitest';
import type {
  ApplicationRepository,
  ViolationRecord,
  ViolationRepository,
} from '../../../lambdas/ports/repository.js';
import { admittedFeeSchedules, StatementPeriodError } from '../../../lambdas/usecases/statements.js';

const schedule = {
  commissionRate: '0.05',
  fulfilmentRate: '0.045',
  settlementTermDays: 15,
  extendedSettlementTermDays: 75,
  extendedAfterViolations: 4,
};

function stores(records: Omit<ViolationRecord, 'uscc'>[], fees: object = schedule) {
  const applications = {
    listByStatus: async () => ['app-1'],
    getResult: async () => fees,
    get: async () => ({ application: { seller: { uscc: 'U1' }, skus: [{ sku: 'S1', monthlyCapacity: 1 }] } }),
  } as unknown as ApplicationRepository;
  const violations = {
    forUscc: async () => records.map((r) => ({ uscc: 'U1', ...r })),
  } as unknown as ViolationRepository;
  return { applications, violations };
}

const minor = (date: string): Omit<ViolationRecord, 'uscc'> => ({ date, severity: 'minor' });
const term = async (
  records: Omit<ViolationRecord, 'uscc'>[],
  period = '2026-10',
  fees: object = schedule,
) => {
  const { applications, violations } = stores(records, fees);
  return (await admittedFeeSchedules(applications, violations, period))[0]?.settlementTermDays;
};

describe("admittedFeeSchedules: the governance tier on the period's last day", () => {
  const admitted = { ...schedule, activeFrom: '2026-01-15' };
  it.each<[string, Omit<ViolationRecord, 'uscc'>[], string, number]>([
    ['no violation', [], '2026-10', 15],
    [
      '3 violations since admission',
      [minor('2026-02-01'), minor('2026-03-01'), minor('2026-04-01')],
      '2026-10',
      15,
    ],
    [
      '4 violations since admission: BANNED',
      [minor('2026-02-01'), minor('2026-03-01'), minor('2026-04-01'), minor('2026-05-01')],
      '2026-10',
      75,
    ],
    [
      '4, one dated on the admission day: BANNED',
      [minor('2026-01-15'), minor('2026-03-01'), minor('2026-04-01'), minor('2026-05-01')],
      '2026-10',
      75,
    ],
    [
      '4, one dated before the admission (not counted)',
      [minor('2026-01-14'), minor('2026-03-01'), minor('2026-04-01'), minor('2026-05-01')],
      '2026-10',
      15,
    ],
    [
      "the 4th after the period's last day (not counted yet)",
      [minor('2026-02-01'), minor('2026-03-01'), minor('2026-04-01'), minor('2026-11-01')],
      '2026-10',
      15,
    ],
    [
      "the 4th on the period's last day",
      [minor('2026-02-01'), minor('2026-03-01'), minor('2026-04-01'), minor('2026-10-31')],
      '2026-10',
      75,
    ],
    [
      'an egregious one since admission',
      [{ date: '2026-02-01', severity: 'minor', impact: 'egregious' }],
      '2026-10',
      75,
    ],
    [
      'an egregious one before admission',
      [{ date: '2025-02-01', severity: 'serious', impact: 'egregious' }],
      '2026-10',
      15,
    ],
    [
      'a record whose date is not a day does not count',
      [minor('2026-02-01'), minor('2026-03-01'), minor('2026-04-01'), minor('2026-02-30')],
      '2026-10',
      15,
    ],
  ])('%s → T+%s', async (_name, records, period, days) => {
    expect(await term(records, period, admitted)).toBe(days);
  });

  it('a schedule recorded without activeFrom counts every dated record (as before)', async () => {
    const four = [minor('2020-01-01'), minor('2021-01-01'), minor('2022-01-01'), minor('2023-01-01')];
    expect(await term(four.slice(0, 3))).toBe(15);
    expect(await term(four)).toBe(75);
  });

  it("gives SPEC's three fields per admitted application", async () => {
    const { applications, violations } = stores([]);
    expect(await admittedFeeSchedules(applications, violations, '2026-10')).toEqual([
      { applicationId: 'app-1', commissionRate: '0.05', fulfilmentRate: '0.045', settlementTermDays: 15 },
    ]);
  });

  it('refuses a period that is not a month', async () => {
    const { applications, violations } = stores([]);
    await expect(admittedFeeSchedules(applications, violations, '2026-13')).rejects.toBeInstanceOf(
      StatementPeriodError,
    );
  });
});
