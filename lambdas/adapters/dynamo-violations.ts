import { createHash } from 'node:crypto';
import { type DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { ViolationRecord, ViolationRepository } from '../ports/repository.js';

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
    const out: ViolationRecord[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.db.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :v)',
          ExpressionAttributeValues: { ':pk': `USCC#${uscc}`, ':v': 'VIOLATION#' },
          ExclusiveStartKey: start,
        }),
      );
      for (const { pk: _p, sk: _s, ...rest } of page.Items ?? []) out.push(rest as ViolationRecord);
      start = page.LastEvaluatedKey;
    } while (start);
    return out;
  }
}
