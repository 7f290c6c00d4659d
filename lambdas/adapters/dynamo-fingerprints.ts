import { type DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Fingerprint } from '../domain/rules/integrity.js';
import {
  type FingerprintIndex,
  type FingerprintKey,
  indexKeys,
  type NewFingerprint,
} from '../ports/fingerprints.js';
import { queryAll } from './dynamo-query.js';

const SEQ_KEY = { pk: 'FP#SEQ', sk: 'FP#SEQ' };
const pad = (n: number) => String(n).padStart(12, '0');

/**
 * Fingerprints in the single table: one item per fingerprint and index key (`FP#<kind>#<value>`,
 * a page hash under each of its eight bands), sorted by the confirmation order; a counter item
 * gives that order, and a marker per application keeps recording idempotent.
 */
export class DynamoFingerprintIndex implements FingerprintIndex {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async record(applicationId: string, uscc: string, prints: readonly NewFingerprint[]): Promise<number> {
    const marker = { pk: `FP#APP#${applicationId}`, sk: 'FP#APP' };
    const had = await this.db.send(new GetCommand({ TableName: this.tableName, Key: marker }));
    let seq = had.Item?.seq as number | undefined;
    if (seq === undefined) {
      const next = await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: SEQ_KEY,
          UpdateExpression: 'ADD #n :one',
          ExpressionAttributeNames: { '#n': 'n' },
          ExpressionAttributeValues: { ':one': 1 },
          ReturnValues: 'UPDATED_NEW',
        }),
      );
      seq = next.Attributes?.n as number;
    }
    for (const p of prints) {
      const item: Fingerprint = { ...p, applicationId, uscc, seq };
      for (const key of indexKeys(p)) {
        await this.db.send(
          new PutCommand({
            TableName: this.tableName,
            Item: {
              pk: `FP#${key}`,
              sk: `${pad(seq)}#${applicationId}#${p.file}#${p.page ?? 0}`,
              ...item,
            },
          }),
        );
      }
    }
    // Written last: a recording cut short is done again whole, under the same place.
    await this.db.send(
      new PutCommand({ TableName: this.tableName, Item: { ...marker, seq, applicationId, uscc } }),
    );
    return seq;
  }

  async lookup(keys: readonly FingerprintKey[]): Promise<Fingerprint[]> {
    const out = new Map<string, Fingerprint>();
    const pks = [...new Set(keys.flatMap(indexKeys))];
    for (const key of pks) {
      const items = await queryAll<Fingerprint & { pk: string; sk: string }>(this.db, {
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': `FP#${key}` },
      });
      for (const { pk: _p, sk, ...rest } of items) out.set(`${rest.kind}#${rest.value}#${sk}`, rest);
    }
    return [...out.values()];
  }
}
