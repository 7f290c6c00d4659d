import { describe, expect, it } from 'vitest';
import { queueCounts, slaBucket } from '../../../portal/src/pages/review/buckets.js';

describe('slaBucket', () => {
  // 2026-12-04 10:00 in China.
  const now = new Date('2026-12-04T02:00:00Z');
  it.each([
    ['2026-12-04T01:59:59Z', 'overdue'],
    ['2026-12-04T02:00:00Z', 'today'],
    ['2026-12-04T15:59:59Z', 'today'], // 23:59:59 in China
    ['2026-12-04T16:00:00Z', 'later'], // midnight in China: tomorrow
    ['2026-12-09T02:00:00Z', 'later'],
  ])('a task due %s is %s', (due, bucket) => {
    expect(slaBucket(due, now)).toBe(bucket);
  });
});

describe('queueCounts', () => {
  it('counts tasks per bucket and per step', () => {
    const now = new Date('2026-12-04T02:00:00Z');
    expect(
      queueCounts(
        [
          { kind: 'review_checks', dueAt: '2026-12-03T02:00:00Z' },
          { kind: 'review_checks', dueAt: '2026-12-04T09:00:00Z' },
          { kind: 'appeal', dueAt: '2026-12-08T02:00:00Z' },
        ],
        now,
      ),
    ).toEqual({ byBucket: { overdue: 1, today: 1, later: 1 }, byKind: { review_checks: 2, appeal: 1 } });
  });
});
