/**
 * A spot-check round over the emulators and the local state machine (issue 18), its clock moved by
 * hand: the round books two SKUs, the lab is late, each wait times out at its due date (7 China
 * working days), the booking is flagged overdue for ops and the wait goes on; a late result is
 * still taken and recorded, and the round finishes once both are in.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { labAnswer, seedSellers } from '../../bench/spotcheck/round.js';
import { addChinaWorkingDays } from '../../lambdas/domain/calendar.js';
import { spotCheckRound } from '../../lambdas/usecases/portal/spot-checks.js';
import { postSpotCheckResult, startRound } from '../../lambdas/usecases/spot-checks.js';
import type { ManualClock } from '../../local/clock.js';
import type { Platform } from '../../local/platform.js';
import { testPlatform } from '../support/platform.js';

let platform: Platform;
beforeAll(async () => {
  platform = await testPlatform();
  await seedSellers(platform.container, 3, 2);
}, 300_000);
afterAll(() => platform?.stop());

async function until<T>(what: string, read: () => Promise<T>, ok: (v: T) => boolean): Promise<T> {
  for (let i = 0; i < 600; i++) {
    const v = await read();
    if (ok(v)) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('a spot-check round whose lab is late', () => {
  it('flags each booking overdue at its due date, keeps waiting, and records the late results', async () => {
    const c = platform.container;
    const clock = platform.clocks.fallback as ManualClock;
    const startedAt = clock.now().toISOString();
    const { roundId } = await startRound(c, { sampleSize: 2, seed: 'late-lab', startedBy: 'ops:test' });
    const waiting = await until(
      'both waits open',
      async () => {
        const bookings = await c.spotChecks.listBookings(roundId);
        const tokens = await Promise.all(bookings.map((b) => c.spotChecks.getToken(roundId, b.bookingNo)));
        return { bookings, open: tokens.filter(Boolean).length };
      },
      (v) => v.bookings.length === 2 && v.open === 2,
    );
    const due = addChinaWorkingDays(startedAt, 7);
    expect(waiting.bookings.map((b) => b.dueAt)).toEqual([due, due]);
    expect((await spotCheckRound(c, roundId)).counts).toMatchObject({ booked: 2, overdue: 0 });

    // Past the due date: the waits time out, each booking is flagged once and waits again.
    clock.advanceTo(new Date(Date.parse(due) + 60_000));
    const flagged = await until(
      'both flagged overdue',
      () => c.spotChecks.listBookings(roundId),
      (bs) => bs.every((b) => b.overdueAt),
    );
    expect(flagged.every((b) => !b.result)).toBe(true);
    expect((await spotCheckRound(c, roundId)).counts).toMatchObject({ overdue: 2, results: 0 });
    expect((await c.spotChecks.getRound(roundId))?.status).toBe('RUNNING');

    // Late results are still taken; the round ends when both are recorded.
    for (const b of flagged) {
      await until('the wait open again', () => c.spotChecks.getToken(roundId, b.bookingNo), Boolean);
      await postSpotCheckResult(c, b.labId as string, b, { ...labAnswer(b), postedBy: 'lab:test' });
    }
    const done = await until(
      'the round done',
      () => c.spotChecks.getRound(roundId),
      (r) => r?.status === 'DONE',
    );
    expect(done?.bookings).toBe(2);
    const detail = await spotCheckRound(c, roundId);
    expect(detail.counts).toMatchObject({ results: 2, recorded: 2, overdue: 0 });
    // A second post of the same result is refused: one result per booking.
    const first = flagged[0];
    await expect(
      postSpotCheckResult(c, first?.labId as string, first as never, {
        passed: true,
        findings: [],
        postedBy: 'x',
      }),
    ).rejects.toThrow(/result already/);
  }, 300_000);
});
