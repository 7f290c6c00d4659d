import type { SQSEvent } from 'aws-lambda';
import { beforeEach, describe, expect, it, vi } from 'vitest';

const outcomes: unknown[] = [];
vi.mock('../../../lambdas/notify/deliver.js', () => ({
  attemptDelivery: vi.fn(async () => outcomes.shift()),
  createDeliveries: vi.fn(),
}));
vi.mock('../../../lambdas/events/kit.js', () => ({
  isBusEnvelope: () => false,
  logger: { error: vi.fn() },
  senderDependencies: () => ({ queue: { enqueue: vi.fn() } }),
}));
vi.mock('../../../lambdas/shared/metrics.js', () => ({ countWebhookFailure: vi.fn() }));

const { handler } = await import('../../../lambdas/events/webhook-sender/handler.js');
const { countWebhookFailure } = await import('../../../lambdas/shared/metrics.js');

const attempt = (id: string) => ({
  messageId: id,
  body: JSON.stringify({ kind: 'attempt', owner: 'o', deliveryId: id, endpointId: 'e', dueAt: '' }),
});

describe('the webhook sender counts failed attempts for the WebhookDeliveriesFailing alarm', () => {
  beforeEach(() => vi.mocked(countWebhookFailure).mockClear());

  it.each([
    ['succeeded', { kind: 'succeeded' }, 0],
    ['not due yet', { kind: 'not_yet', dueAt: '2026-12-04T00:00:00Z' }, 0],
    ['skipped', { kind: 'skipped' }, 0],
    ['failed, to be retried', { kind: 'retry', dueAt: '2026-12-04T00:00:00Z' }, 1],
    ['failed for good (or closed unsent: endpoint off)', { kind: 'failed' }, 1],
  ])('%s', async (_what, outcome, counted) => {
    outcomes.push(outcome);
    const r = await handler({ Records: [attempt('d1')] } as unknown as SQSEvent);
    expect(r.batchItemFailures).toEqual([]);
    expect(countWebhookFailure).toHaveBeenCalledTimes(counted);
  });
});
