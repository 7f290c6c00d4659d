import type { Container } from '../adapters/container.js';
import { chinaDateOf } from '../domain/calendar.js';
import { staffEvent } from '../notify/events.js';
import { emit } from './notify.js';

/**
 * `review.task_due_soon`: on the last China working day of a review task's SLA (the China date
 * of its deadline), the reviewers are told once (the id names the task and its round). Run by the
 * sweeper (hourly on AWS, every few seconds locally); a Query on the review queue, no Scan.
 */
export async function notifyReviewsDueToday(c: Container): Promise<number> {
  const now = c.clock.now();
  const today = chinaDateOf(now.toISOString());
  const due = (await c.portal.reviewQueue()).filter(
    (t) => chinaDateOf(t.dueAt) === today && Date.parse(t.dueAt) > now.getTime(),
  );
  await emit(
    c,
    ...due.map((t) =>
      staffEvent(
        { kind: 'reviewers' },
        t.applicationId,
        'review.task_due_soon',
        `${t.kind}#${t.round}`,
        now.toISOString(),
        {
          deadline: t.dueAt,
          taskKind: t.kind,
          round: t.round,
          requirements: [{ kind: 'decide_review', deadline: t.dueAt }],
        },
      ),
    ),
  );
  return due.length;
}
