import { createHash } from 'node:crypto';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { GovernanceEvent } from '../domain/governance/events.js';
import type { GovernanceEventRepository } from '../ports/governance.js';

/**
 * Governance events in the USCC's own partition beside its violation records
 * (dynamo-violations.ts): sort key `GOV#<date>#<type>#<digest of the event>`, so a history reads
 * in date order and the same event twice is the same item. Puts are conditional on the item not
 * existing: an event once recorded is never edited.
 */
export class DynamoGovernanceEventRepository implements GovernanceEventRepository {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async append(uscc: string, events: readonly GovernanceEvent[]): Promise<number> {
    let added = 0;
    for (const event of events) {
      const digest = createHash('sha256').update(JSON.stringify(event)).digest('hex').slice(0, 24);
      try {
        await this.db.send(
          new PutCommand({
            TableName: this.tableName,
            Item: { pk: `USCC#${uscc}`, sk: `GOV#${event.date}#${event.type}#${digest}`, event },
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        );
        added++;
      } catch (err) {
        // Recorded already: the key is the content's, so it is this very event.
        if (!(err instanceof ConditionalCheckFailedException)) throw err;
      }
    }
    return added;
  }

  async forUscc(uscc: string): Promise<GovernanceEvent[]> {
    const out: GovernanceEvent[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.db.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :g)',
          ExpressionAttributeValues: { ':pk': `USCC#${uscc}`, ':g': 'GOV#' },
          ExclusiveStartKey: start,
        }),
      );
      for (const item of page.Items ?? []) out.push(item.event as GovernanceEvent);
      start = page.LastEvaluatedKey;
    } while (start);
    return out;
  }
}
