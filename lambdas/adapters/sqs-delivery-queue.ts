import {
  SendMessageBatchCommand,
  type SendMessageBatchRequestEntry,
  SendMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { Clock } from '../ports/index.js';
import type { DeliveryQueue, QueuedDelivery } from '../ports/notifications.js';

/** SQS delays a message 15 minutes at most: a later attempt is re-delayed until it is due. */
export const MAX_DELAY_SECONDS = 900;

export function delaySeconds(dueAt: string, now: Date): number {
  return Math.min(MAX_DELAY_SECONDS, Math.max(0, Math.ceil((Date.parse(dueAt) - now.getTime()) / 1000)));
}

export class DeliveryQueueError extends Error {
  override name = 'DeliveryQueueError';
}

/** SendMessageBatch takes 10 messages a call; entries SQS fails on its side are sent again, twice. */
const PER_BATCH = 10;
const ROUNDS = 3;

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

  /** An event's deliveries queued 10 a call (SendMessageBatch) instead of one call each. */
  async enqueueMany(items: QueuedDelivery[]): Promise<void> {
    const now = this.clock.now();
    for (let i = 0; i < items.length; i += PER_BATCH) {
      let entries: SendMessageBatchRequestEntry[] = items.slice(i, i + PER_BATCH).map((item, k) => ({
        Id: String(k),
        MessageBody: JSON.stringify({ kind: 'attempt', ...item }),
        DelaySeconds: delaySeconds(item.dueAt, now),
      }));
      for (let round = 1; entries.length > 0; round++) {
        const out = await this.client.send(
          new SendMessageBatchCommand({ QueueUrl: this.queueUrl, Entries: entries }),
        );
        const failed = out.Failed ?? [];
        const refused = failed.find((f) => f.SenderFault);
        if (refused) throw new DeliveryQueueError(`SQS refused message ${refused.Id}: ${refused.Code}`);
        if (failed.length > 0 && round >= ROUNDS)
          throw new DeliveryQueueError(`SQS failed ${failed.length} messages ${ROUNDS} times`);
        const again = new Set(failed.map((f) => f.Id));
        entries = entries.filter((e) => again.has(e.Id));
      }
    }
  }
}
