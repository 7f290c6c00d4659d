import { SendMessageBatchCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { SqsDeliveryQueue } from '../../../lambdas/adapters/sqs-delivery-queue.js';
import type { QueuedDelivery } from '../../../lambdas/ports/notifications.js';

const NOW = new Date('2026-12-04T10:00:00.000Z');
const sqs = mockClient(SQSClient);
const queue = new SqsDeliveryQueue(new SQSClient({}), 'https://sqs.test/q', { now: () => NOW });

const item = (i: number, dueInSeconds = 0): QueuedDelivery => ({
  owner: 'seller-1',
  deliveryId: `d${i}`,
  endpointId: `we_${i % 3}`,
  dueAt: new Date(NOW.getTime() + dueInSeconds * 1000).toISOString(),
});

describe('SqsDeliveryQueue.enqueueMany', () => {
  beforeEach(() => {
    sqs.reset();
  });

  it('queues 23 deliveries in 3 SendMessageBatch calls of at most 10, each delayed until due', async () => {
    sqs.on(SendMessageBatchCommand).resolves({ Successful: [], Failed: [] });
    await queue.enqueueMany(
      Array.from({ length: 23 }, (_, i) => item(i, i === 0 ? 120 : i === 1 ? 3600 : 0)),
    );
    const calls = sqs.commandCalls(SendMessageBatchCommand).map((c) => c.args[0].input);
    expect(calls.map((c) => c.Entries?.length)).toEqual([10, 10, 3]);
    expect(sqs.commandCalls(SendMessageCommand)).toHaveLength(0);
    const first = calls[0]?.Entries ?? [];
    expect(first[0]?.DelaySeconds).toBe(120);
    // SQS delays 15 minutes at most: a later attempt is re-delayed by the sender.
    expect(first[1]?.DelaySeconds).toBe(900);
    expect(first[2]?.DelaySeconds).toBe(0);
    expect(JSON.parse(first[2]?.MessageBody ?? '{}')).toEqual({ kind: 'attempt', ...item(2) });
    expect(new Set(first.map((e) => e.Id)).size).toBe(10);
  });

  it('sends again only the entries SQS failed on its side', async () => {
    sqs
      .on(SendMessageBatchCommand)
      .resolvesOnce({ Failed: [{ Id: '1', Code: 'InternalError', SenderFault: false }] })
      .resolves({ Failed: [] });
    await queue.enqueueMany([item(0), item(1), item(2)]);
    const calls = sqs.commandCalls(SendMessageBatchCommand).map((c) => c.args[0].input.Entries ?? []);
    expect(calls.map((c) => c.map((e) => e.Id))).toEqual([['0', '1', '2'], ['1']]);
  });

  it('throws when SQS refuses an entry (a sender fault), or keeps failing one', async () => {
    sqs
      .on(SendMessageBatchCommand)
      .resolves({ Failed: [{ Id: '0', Code: 'InvalidParameterValue', SenderFault: true }] });
    await expect(queue.enqueueMany([item(0)])).rejects.toThrow(/refused message 0/);
    sqs.reset();
    sqs
      .on(SendMessageBatchCommand)
      .resolves({ Failed: [{ Id: '0', Code: 'InternalError', SenderFault: false }] });
    await expect(queue.enqueueMany([item(0)])).rejects.toThrow(/3 times/);
    expect(sqs.commandCalls(SendMessageBatchCommand)).toHaveLength(3);
  });
});
