import { governedSettlementTerm, lastDayOfPeriod } from '../domain/governance/settlement.js';
import type { FeeSchedule } from '../domain/settlement/settle.js';
import type { ApplicationRepository, ViolationRepository } from '../ports/repository.js';
import type { ActiveFeeSchedule } from './agreement.js';

/** Thrown when a period is not a `YYYY-MM` month: no statement can say which tier applies. */
export class StatementPeriodError extends Error {
  override name = 'StatementPeriodError';
}

/**
 * The fee schedules statements of `period` use: each admitted application's schedule, as
 * ActivateFeeSchedule recorded it from the signed agreement (result `feeSchedule`). A seller whose
 * governance tier is BANNED on the period's last day settles on the extended term (SPEC: 4
 * violations since admission, or an egregious one → 75 days): the same standing as `governance`,
 * over the seller's violation records dated from its admission (`activeFrom`). One Query on the
 * status index, then one read per seller: no Scan.
 */
export async function admittedFeeSchedules(
  applications: ApplicationRepository,
  violations: ViolationRepository,
  period: string,
): Promise<FeeSchedule[]> {
  const asOf = lastDayOfPeriod(period);
  if (!asOf) throw new StatementPeriodError(`not a period YYYY-MM: ${JSON.stringify(period)}`);
  const ids = await applications.listByStatus('ADMITTED');
  const schedules: FeeSchedule[] = [];
  for (const applicationId of ids.sort()) {
    const fees = await applications.getResult<Partial<ActiveFeeSchedule> & FeeSchedule>(
      applicationId,
      'feeSchedule',
    );
    if (!fees) continue;
    const record = await applications.get(applicationId);
    const records = record ? await violations.forUscc(record.application.seller.uscc) : [];
    const settlementTermDays = governedSettlementTerm(
      {
        settlementTermDays: fees.settlementTermDays,
        extendedSettlementTermDays: fees.extendedSettlementTermDays,
      },
      // A schedule recorded before activeFrom existed: every record counts, as before.
      { date: fees.activeFrom ?? '0001-01-01', skus: record?.application.skus.map((s) => s.sku) ?? [] },
      records,
      asOf,
    );
    schedules.push({
      applicationId,
      commissionRate: fees.commissionRate,
      fulfilmentRate: fees.fulfilmentRate,
      settlementTermDays,
    });
  }
  return schedules;
}
