import { describe, expect, it } from 'vitest';
import type { Container } from '../../../lambdas/adapters/container.js';
import type { Lab } from '../../../lambdas/domain/labs.js';
import type { NotificationEvent } from '../../../lambdas/ports/notifications.js';
import type { SpotBooking } from '../../../lambdas/ports/spot-checks.js';
import { bookSpotCheck } from '../../../lambdas/usecases/spot-checks.js';

const lab = (labId: string): Lab => ({
  labId,
  name: labId,
  accreditations: ['CNAS', 'CMA'],
  registeredOn: '2015-01-01',
  registeredCapitalYuan: 5_000_000,
  ownLaboratories: 12,
});

/** A repository that books once, as the DynamoDB adapter's conditional write does. */
function containerAt(now: string) {
  const published: NotificationEvent[] = [];
  const bookings = new Map<number, SpotBooking>([
    [3, { roundId: 'r1', bookingNo: 3, uscc: 'U1', applicationId: 'app-1', sku: 'H-1', healthScore: 90 }],
  ]);
  const c = {
    clock: { now: () => new Date(now) },
    labs: async () => [lab('lab-a'), lab('lab-b')],
    spotChecks: {
      getBooking: async (_r: string, n: number) => bookings.get(n) ?? null,
      getRound: async () => ({ roundId: 'r1', date: '2026-12-04' }),
      book: async (_r: string, n: number, l: { labId: string; bookedAt: string; dueAt: string }) => {
        const b = bookings.get(n) as SpotBooking;
        const kept = b.labId ? b : { ...b, ...l };
        bookings.set(n, kept);
        return kept;
      },
    },
    notifications: {
      publish: async (e: NotificationEvent) => {
        published.push(e);
        return true;
      },
    },
  } as unknown as Container;
  return { c, published };
}

describe('a spot-check booking tells its lab (lab.booking_created)', () => {
  it('names the booking, the lab in turn, the SKU and the 7-working-day deadline; never the seller', async () => {
    const { c, published } = containerAt('2026-12-04T02:00:00.000Z');
    await bookSpotCheck(c, 'r1', 3);
    expect(published).toHaveLength(1);
    expect(published[0]).toMatchObject({
      id: 'app-1:lab.booking_created:spot:r1:3',
      type: 'lab.booking_created',
      recipient: { kind: 'lab', labId: 'lab-b' },
      data: { applicationId: 'app-1', sku: 'H-1', labId: 'lab-b', taskKind: 'spot_check' },
    });
    expect(published[0]?.data.deadline).toMatch(/^2026-12-1[45]T/);
  });

  it('makes the same event when the step is retried after booking (the outbox keeps one)', async () => {
    const { c, published } = containerAt('2026-12-04T02:00:00.000Z');
    await bookSpotCheck(c, 'r1', 3);
    await bookSpotCheck(c, 'r1', 3);
    expect(published).toHaveLength(2);
    expect(published[1]).toEqual(published[0]);
  });
});
