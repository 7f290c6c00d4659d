import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { Clock } from '../ports/index.js';
import type { DeliveryQueue, QueuedDelivery } from '../ports/notifications.js';

/** SQS delays a message 15 minutes at most: a later attempt is re-delayed until it is due. */
export const MAX_DELAY_SECONDS = 900;

export function delaySeconds(dueAt: string, now: Date): number {
  return Math.min(MAX_DELAY_SECONDS, Math.max(0, Math.ceil((Date.parse(dueAt) - now.getTime()) / 1000)));
}

export class SqsDeliveryQueue implements DeliveryQueue {
  constructor(
    private readonly client: SQSClient,
    private readonly queueUrl: string,
    private readonly clock: Clock,
  ) {}

  async enqueue(item: QueuedDelivery): Promise<void> {
    await this.client.send(
      new SendMessageCommand({
        QueueUrl: this.queueUrl,
        MessageBody: JSON.stringify({ kind: 'attempt', ...item }),
        DelaySeconds: delaySeconds(item.dueAt, this.clock.now()),
      }),
    );
  }
}
