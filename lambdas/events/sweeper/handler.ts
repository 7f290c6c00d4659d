import { dynamoPorts } from '../../adapters/aws/dynamo.js';
import { notificationPorts } from '../../adapters/aws/events.js';
import { containerFor } from '../../adapters/container.js';
import { OutboxNotifications } from '../../adapters/outbox-notifications.js';
import { notifyReviewsDueToday } from '../../usecases/due-soon.js';
import { logger } from '../kit.js';

const ports = { ...dynamoPorts, ...notificationPorts };

/**
 * On a schedule: hands over events a crash left in the outbox, and tells reviewers of tasks
 * whose SLA ends today (`review.task_due_soon`, once per task and round).
 */
export const handler = async (): Promise<{ redispatched: number; dueToday: number }> => {
  const c = containerFor(ports, 'sweeper');
  const outbox = c.notifications as OutboxNotifications;
  const redispatched = outbox instanceof OutboxNotifications ? await outbox.redispatch(100) : 0;
  const dueToday = await notifyReviewsDueToday(c);
  logger.info('swept', { redispatched, dueToday });
  return { redispatched, dueToday };
};
