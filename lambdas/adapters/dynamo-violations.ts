import { createHash } from 'node:crypto';
import { type DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { ViolationRecord, ViolationRepository } from '../ports/repository.js';
import { queryAll } from './dynamo-query.js';

/** Violations live in the USCC's own partition, so a check is one Query. */
export class DynamoViolationRepository implements ViolationRepository {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async put(records: ViolationRecord[]): Promise<number> {
    for (const r of records) {
      // The same record loaded twice is one item: its sort key is derived from its content.
      const digest = createHash('sha256').update(JSON.stringify(r)).digest('hex').slice(0, 16);
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { pk: `USCC#${r.uscc}`, sk: `VIOLATION#${r.date}#${digest}`, ...r },
        }),
      );
    }
    return records.length;
  }

  async forUscc(uscc: string): Promise<ViolationRecord[]> {
    const items = await queryAll<ViolationRecord & { pk: string; sk: string }>(this.db, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :v)',
      ExpressionAttributeValues: { ':pk': `USCC#${uscc}`, ':v': 'VIOLATION#' },
    });
    return items.map(({ pk: _p, sk: _s, ...rest }) => rest);
  }
}
