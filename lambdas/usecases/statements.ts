import { settlementTermDays } from '../domain/fees.js';
import type { FeeSchedule } from '../domain/settlement/settle.js';
import type { ApplicationRepository, ViolationRepository } from '../ports/repository.js';
import type { ActiveFeeSchedule } from './agreement.js';

/**
 * The fee schedules statements use: each admitted application's schedule, as ActivateFeeSchedule
 * recorded it from the signed agreement (result `feeSchedule`). A seller that has reached the
 * violation count since settles on the extended term (SPEC: 4 violations → 75 days), so the
 * seller's violation records are counted at every run. One Query on the status index, then one
 * read per seller: no Scan.
 */
export async function admittedFeeSchedules(
  applications: ApplicationRepository,
  violations: ViolationRepository,
): Promise<FeeSchedule[]> {
  const ids = await applications.listByStatus('ADMITTED');
  const schedules: FeeSchedule[] = [];
  for (const applicationId of ids.sort()) {
    const fees = await applications.getResult<Partial<ActiveFeeSchedule> & FeeSchedule>(
      applicationId,
      'feeSchedule',
    );
    if (!fees) continue;
    let term = fees.settlementTermDays;
    if (fees.extendedAfterViolations !== undefined && fees.extendedSettlementTermDays !== undefined) {
      const record = await applications.get(applicationId);
      const count = record ? (await violations.forUscc(record.application.seller.uscc)).length : 0;
      term = Math.max(
        term,
        settlementTermDays(
          {
            settlementTermDays: fees.settlementTermDays,
            extendedSettlementTermDays: fees.extendedSettlementTermDays,
            extendedAfterViolations: fees.extendedAfterViolations,
          },
          count,
        ),
      );
    }
    schedules.push({
      applicationId,
      commissionRate: fees.commissionRate,
      fulfilmentRate: fees.fulfilmentRate,
      settlementTermDays: term,
    });
  }
  return schedules;
}
