import { describe, expect, it } from 'vitest';
import type { Container } from '../../../lambdas/adapters/container.js';
import type { NotificationEvent } from '../../../lambdas/ports/notifications.js';
import type { QueuedTask } from '../../../lambdas/ports/portal.js';
import { notifyReviewsDueToday } from '../../../lambdas/usecases/due-soon.js';

// 2026-12-04 is a Friday; China time is UTC+8.
const task = (applicationId: string, dueAt: string): QueuedTask => ({
  applicationId,
  kind: 'review_checks',
  round: 1,
  openedAt: '2026-12-01T01:00:00.000Z',
  dueAt,
});

function containerAt(now: string, tasks: QueuedTask[]) {
  const published: NotificationEvent[] = [];
  const c = {
    clock: { now: () => new Date(now) },
    portal: { reviewQueue: async () => tasks },
    notifications: {
      publish: async (e: NotificationEvent) => {
        published.push(e);
        return true;
      },
    },
  } as unknown as Container;
  return { c, published };
}

describe('review.task_due_soon', () => {
  it.each([
    ['due later today (China date)', '2026-12-04T01:00:00.000Z', '2026-12-04T09:00:00.000Z', 1],
    ['due at 23:59 China time today', '2026-12-04T01:00:00.000Z', '2026-12-04T15:59:00.000Z', 1],
    [
      'due tomorrow (China date), though today in UTC',
      '2026-12-04T01:00:00.000Z',
      '2026-12-04T16:30:00.000Z',
      0,
    ],
    ['already past its deadline', '2026-12-04T10:00:00.000Z', '2026-12-04T09:00:00.000Z', 0],
    ['due next working day', '2026-12-04T01:00:00.000Z', '2026-12-07T01:00:00.000Z', 0],
  ])('tells reviewers of a task %s: %i', async (_name, now, dueAt, expected) => {
    const { c, published } = containerAt(now, [task('app-1', dueAt)]);
    expect(await notifyReviewsDueToday(c)).toBe(expected);
    expect(published).toHaveLength(expected);
  });

  it('names the task and its round in the event id, and addresses the reviewers', async () => {
    const { c, published } = containerAt('2026-12-04T01:00:00.000Z', [
      task('app-1', '2026-12-04T09:00:00.000Z'),
    ]);
    await notifyReviewsDueToday(c);
    expect(published[0]).toMatchObject({
      id: 'app-1:review.task_due_soon:review_checks#1',
      recipient: { kind: 'reviewers' },
      data: { deadline: '2026-12-04T09:00:00.000Z', taskKind: 'review_checks', round: 1 },
    });
  });
});
