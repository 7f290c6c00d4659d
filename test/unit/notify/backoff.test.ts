import { describe, expect, it } from 'vitest';
import { backoffCeiling, nextAttemptAt, WEBHOOK_BACKOFF } from '../../../lambdas/notify/backoff.js';

const HOUR = 3_600_000;
const START = new Date('2026-12-04T00:00:00.000Z');

describe('webhook backoff', () => {
  it.each([
    [1, 30_000],
    [2, 60_000],
    [3, 120_000],
    [5, 480_000],
    [9, 7_680_000],
    [10, 3 * HOUR],
    [40, 3 * HOUR],
  ])('the wait after attempt %i is at most %i ms', (n, ceiling) => {
    expect(backoffCeiling(WEBHOOK_BACKOFF, n)).toBe(ceiling);
  });

  it('draws the wait below the ceiling (full jitter), at least a second', () => {
    const failedAt = new Date(START.getTime() + 1000);
    const low = nextAttemptAt(WEBHOOK_BACKOFF, 3, START, failedAt, () => 0);
    const high = nextAttemptAt(WEBHOOK_BACKOFF, 3, START, failedAt, () => 0.999_999);
    expect(low?.getTime()).toBe(failedAt.getTime() + 1000);
    expect((high?.getTime() ?? 0) - failedAt.getTime()).toBeLessThan(120_000);
    expect((high?.getTime() ?? 0) - failedAt.getTime()).toBeGreaterThan(119_000);
  });

  it('keeps retrying for 24 hours, then gives up', () => {
    // Worst case (every wait at its ceiling): attempts until the window closes.
    let at = START;
    let n = 0;
    const times: Date[] = [];
    for (;;) {
      n++;
      const next = nextAttemptAt(WEBHOOK_BACKOFF, n, START, at, () => 0.999_999_9);
      if (!next) break;
      times.push(next);
      at = next;
    }
    const last = times[times.length - 1] as Date;
    expect(last.getTime() - START.getTime()).toBeLessThanOrEqual(24 * HOUR);
    expect(last.getTime() - START.getTime()).toBeGreaterThan(21 * HOUR);
    expect(n).toBeGreaterThanOrEqual(14);
    expect(
      nextAttemptAt(WEBHOOK_BACKOFF, n, START, new Date(START.getTime() + 24 * HOUR), () => 0),
    ).toBeNull();
  });
});
