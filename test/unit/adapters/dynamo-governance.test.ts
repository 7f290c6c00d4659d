import { ConditionalCheckFailedException, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { DynamoGovernanceEventRepository } from '../../../lambdas/adapters/dynamo-governance.js';
import type { GovernanceEvent } from '../../../lambdas/domain/governance/events.js';

const ddb = mockClient(DynamoDBDocumentClient);
const repo = new DynamoGovernanceEventRepository(
  DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'cn-north-1' })),
  'table',
);
const violation: GovernanceEvent = {
  type: 'violation',
  violationId: 'v1',
  uscc: 'U1',
  date: '2026-06-01',
  severity: 'minor',
  skus: ['S1'],
};
const fix: GovernanceEvent = { type: 'fix_confirmed', violationId: 'v1', date: '2026-06-03' };

describe('DynamoGovernanceEventRepository', () => {
  beforeEach(() => ddb.reset());

  it('appends each event in the seller partition, by date, never over an existing item', async () => {
    ddb.on(PutCommand).resolves({});
    expect(await repo.append('U1', [violation, fix])).toBe(2);
    const puts = ddb.commandCalls(PutCommand).map((c) => c.args[0].input);
    expect(puts.map((p) => [p.Item?.pk, String(p.Item?.sk).split('#').slice(0, 3).join('#')])).toEqual([
      ['USCC#U1', 'GOV#2026-06-01#violation'],
      ['USCC#U1', 'GOV#2026-06-03#fix_confirmed'],
    ]);
    expect(puts.every((p) => p.ConditionExpression === 'attribute_not_exists(pk)')).toBe(true);
    expect(puts[1]?.Item?.event).toEqual(fix);
  });

  it('the same event twice is one item: the second put is refused and not counted', async () => {
    ddb
      .on(PutCommand)
      .resolvesOnce({})
      .rejectsOnce(new ConditionalCheckFailedException({ message: 'exists', $metadata: {} }));
    expect(await repo.append('U1', [violation, violation])).toBe(1);
    const [a, b] = ddb.commandCalls(PutCommand).map((c) => c.args[0].input.Item?.sk);
    expect(a).toBe(b);
  });

  it('passes any other failure on', async () => {
    ddb.on(PutCommand).rejects(new Error('throttled'));
    await expect(repo.append('U1', [violation])).rejects.toThrow('throttled');
  });

  it('reads the history with Queries on the partition, page by page', async () => {
    ddb
      .on(QueryCommand)
      .resolvesOnce({
        Items: [{ pk: 'USCC#U1', sk: 'GOV#a', event: violation }],
        LastEvaluatedKey: { pk: 'x' },
      })
      .resolvesOnce({ Items: [{ pk: 'USCC#U1', sk: 'GOV#b', event: fix }] });
    expect(await repo.forUscc('U1')).toEqual([violation, fix]);
    expect(ddb.commandCalls(QueryCommand)[0]?.args[0].input.ExpressionAttributeValues).toEqual({
      ':pk': 'USCC#U1',
      ':g': 'GOV#',
    });
  });
});
