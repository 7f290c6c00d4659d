import { describe, expect, it } from 'vitest';
import type { Container } from '../../../lambdas/adapters/container.js';
import type { SpotBooking, SpotCancellation, SpotRound } from '../../../lambdas/ports/spot-checks.js';
import { AlreadyDecidedError } from '../../../lambdas/shared/errors.js';
import {
  cancelRound,
  openSpotCheckWait,
  postSpotCheckResult,
} from '../../../lambdas/usecases/spot-checks.js';

const AT = '2026-12-04T02:00:00.000Z';
const byOps: SpotCancellation = { at: AT, by: 'ops:a', reason: 'listing withdrawn' };

/** A round of bookings kept as the DynamoDB adapter keeps them (a result or a cancel, once), and the waits' answers. */
function fakes(round: Partial<SpotRound>, bookings: Partial<SpotBooking>[]) {
  const stored = new Map(
    bookings.map((b, i) => [
      i,
      {
        roundId: 'r1',
        bookingNo: i,
        uscc: 'U1',
        applicationId: 'a1',
        sku: `S${i}`,
        healthScore: 90,
        labId: 'lab-a',
        ...b,
      },
    ]),
  );
  const answers: string[] = [];
  const c = {
    clock: { now: () => new Date(AT) },
    spotChecks: {
      getRound: async () => ({ roundId: 'r1', status: 'RUNNING', ...round }),
      cancelRound: async () => !round.cancelled,
      getBooking: async (_r: string, n: number) => stored.get(n) ?? null,
      listBookings: async () => [...stored.values()],
      setToken: async () => {},
      getToken: async (_r: string, n: number) => `token-${n}`,
      cancelBooking: async (_r: string, n: number, x: SpotCancellation) => {
        const b = stored.get(n);
        if (!b) return 'not_found';
        if (b.result) return 'result';
        if (b.cancelled) return 'cancelled';
        stored.set(n, { ...b, cancelled: x });
        return 'done';
      },
      postResult: async () => true,
    },
    spotCheckWorkflow: {
      sendTaskSuccess: async (t: string) => void answers.push(`success ${t}`),
      sendTaskFailure: async (t: string, error: string) => void answers.push(`${error} ${t}`),
    },
  } as unknown as Container;
  return { c, stored, answers };
}

const result = { passed: true, findings: [], postedAt: AT, postedBy: 'lab:a' };

describe('a spot-check wait as it opens', () => {
  it.each([
    ['the result is in: woken', {}, {}, ['success t'], false],
    ['the booking was cancelled: ended by name', {}, { cancelled: byOps }, ['SpotCheckCancelled t'], true],
    [
      'its round was cancelled, the booking not yet (the cancel stopped part-way): cancelled with it and ended',
      { cancelled: byOps },
      {},
      ['SpotCheckCancelled t'],
      true,
    ],
    ['neither: it waits', {}, {}, [], false],
  ] as const)('%s', async (name, round, booking, expected, cancelled) => {
    const { c, stored, answers } = fakes(round, [
      { ...booking, ...(name.startsWith('the result') ? { result } : {}) },
    ]);
    await openSpotCheckWait(c, { roundId: 'r1', bookingNo: 0, taskToken: 't' });
    expect(answers).toEqual(expected);
    expect(Boolean(stored.get(0)?.cancelled)).toBe(cancelled);
  });
});

describe('cancelling', () => {
  it('refuses a result for a cancelled booking, 409 naming it', async () => {
    const { c } = fakes({}, [{ cancelled: byOps }]);
    const post = postSpotCheckResult(
      c,
      'lab-a',
      { roundId: 'r1', bookingNo: 0 },
      { passed: false, findings: [], postedBy: 'lab:a' },
    );
    await expect(post).rejects.toBeInstanceOf(AlreadyDecidedError);
    await expect(post).rejects.toThrow(/r1~0 was cancelled on 2026-12-04/);
  });

  it.each([
    [
      'a running round: every booking without a result cancelled, its wait ended',
      {},
      2,
      ['SpotCheckCancelled token-1', 'SpotCheckCancelled token-2'],
    ],
    [
      'a round whose cancel stopped part-way: the rest cancelled',
      { cancelled: byOps },
      2,
      ['SpotCheckCancelled token-1', 'SpotCheckCancelled token-2'],
    ],
  ] as const)('%s', async (_n, round, count, expected) => {
    const { c, answers, stored } = fakes(round, [{ result }, {}, {}]);
    expect(await cancelRound(c, 'r1', { reason: 'lab audit', by: 'ops:a' })).toEqual({
      roundId: 'r1',
      cancelledBookings: count,
    });
    expect(answers.sort()).toEqual(expected);
    expect(stored.get(0)?.cancelled).toBeUndefined();
  });

  it('refuses to cancel a round that ended', async () => {
    const { c } = fakes({ cancelled: byOps, status: 'CANCELLED' }, [{}]);
    await expect(cancelRound(c, 'r1', { reason: 'x', by: 'ops:a' })).rejects.toBeInstanceOf(
      AlreadyDecidedError,
    );
  });
});
