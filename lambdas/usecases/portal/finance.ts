import type { Container } from '../../adapters/container.js';

/** Admitted sellers and the fee schedule each signed. */
export async function admittedSellers(c: Container) {
  const rows = [];
  for (const id of await c.applications.listByStatus('ADMITTED')) {
    const [record, fees] = await Promise.all([
      c.applications.get(id),
      c.applications.getResult<{
        commissionRate: string;
        fulfilmentRate: string;
        settlementTermDays: number;
        activeFrom?: string;
        version?: string;
      }>(id, 'feeSchedule'),
    ]);
    if (!record || !fees) continue;
    rows.push({
      applicationId: id,
      companyName: record.application.seller.companyName,
      category: record.application.category,
      feeSchedule: {
        commissionRate: fees.commissionRate,
        fulfilmentRate: fees.fulfilmentRate,
        settlementTermDays: fees.settlementTermDays,
      },
      // The day the signed schedule became active (the application's own clock).
      admittedAt: fees.activeFrom ?? record.updatedAt,
      ...(fees.version ? { scheduleVersion: fees.version } : {}),
    });
  }
  return rows;
}
