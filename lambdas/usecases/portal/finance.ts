import type { Container } from '../../adapters/container.js';
import { specFeeSchedule } from '../../domain/fees.js';
import { activeFeeSchedule } from '../agreement.js';

/** Admitted sellers and the fee schedule each signed. */
export async function admittedSellers(c: Container) {
  const rows = [];
  for (const id of await c.applications.listByStatus('ADMITTED')) {
    const [record, fees] = await Promise.all([c.applications.get(id), activeFeeSchedule(c, id)]);
    if (!record || !fees) continue;
    rows.push({
      applicationId: id,
      companyName: record.application.seller.companyName,
      category: record.application.category,
      feeSchedule: specFeeSchedule(fees),
      // The day the signed schedule became active (the application's own clock); schedules
      // activated before that was recorded fall back to the record's last change.
      admittedAt: fees.activeFrom ?? record.updatedAt,
      ...(fees.version ? { scheduleVersion: fees.version } : {}),
    });
  }
  return rows;
}
