import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import * as z from 'zod';
import { attemptDelivery, createDeliveries } from '../../notify/deliver.js';
import { countWebhookFailure } from '../../shared/metrics.js';
import { isBusEnvelope, logger, senderDependencies } from '../kit.js';

const Attempt = z.object({
  kind: z.literal('attempt'),
  owner: z.string().min(1),
  deliveryId: z.string().min(1),
  endpointId: z.string().min(1),
  dueAt: z.string(),
});

/**
 * The webhook sender, fed by one SQS queue: an event (from the bus rule) becomes one delivery per
 * subscribed endpoint, each queued as a message of its own; an attempt message POSTs one delivery.
 * The records of a batch run concurrently, each attempt bounded by its timeout, so one slow or
 * down receiver never holds another's delivery; a record that throws is reported alone
 * (ReportBatchItemFailures) and retried by SQS, then dead-lettered.
 */
export const handler = async (event: SQSEvent): Promise<SQSBatchResponse> => {
  const deps = senderDependencies();
  const results = await Promise.allSettled(
    event.Records.map(async (record) => {
      const body: unknown = JSON.parse(record.body);
      if (isBusEnvelope(body)) return createDeliveries(deps, body.detail);
      const attempt = Attempt.parse(body);
      const outcome = await attemptDelivery(deps, attempt.owner, attempt.deliveryId);
      // SQS delays 15 minutes at most: a later attempt is queued again until it is due.
      if (outcome.kind === 'not_yet') await deps.queue.enqueue({ ...attempt, dueAt: outcome.dueAt });
      // A failed attempt (to be retried, or the last), or a delivery closed unsent because its
      // endpoint is off: the alarm WebhookDeliveriesFailing sums these.
      if (outcome.kind === 'retry' || outcome.kind === 'failed') countWebhookFailure();
      return outcome.kind;
    }),
  );
  const batchItemFailures = results.flatMap((r, i) => {
    if (r.status === 'fulfilled') return [];
    logger.error('webhook record failed', { error: r.reason as Error });
    return [{ itemIdentifier: event.Records[i]?.messageId as string }];
  });
  return { batchItemFailures };
};
