import type { FeeSchedule } from '../domain/settlement/settle.js';
import type { ApplicationRepository } from '../ports/repository.js';

/**
 * The fee schedules statements use: each admitted application's schedule, as ActivateFeeSchedule
 * recorded it from the signed agreement (result `feeSchedule`). One Query on the status index,
 * then one read per seller: no Scan.
 */
export async function admittedFeeSchedules(applications: ApplicationRepository): Promise<FeeSchedule[]> {
  const ids = await applications.listByStatus('ADMITTED');
  const schedules: FeeSchedule[] = [];
  for (const applicationId of ids.sort()) {
    const fees = await applications.getResult<{
      commissionRate: string;
      fulfilmentRate: string;
      settlementTermDays: number;
    }>(applicationId, 'feeSchedule');
    if (!fees) continue;
    schedules.push({
      applicationId,
      commissionRate: fees.commissionRate,
      fulfilmentRate: fees.fulfilmentRate,
      settlementTermDays: fees.settlementTermDays,
    });
  }
  return schedules;
}
