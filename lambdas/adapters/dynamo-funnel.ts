import { type DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { chinaDateOf } from '../domain/calendar.js';
import type { FunnelFilter } from '../domain/funnel/compute.js';
import type { FunnelSummary } from '../domain/funnel/summary.js';
import type { FunnelKey, FunnelRepository, StoredFunnelSummary } from '../ports/funnel.js';
import { isConditionFailure } from './dynamo-repository.js';

/**
 * Funnel summaries, one item per application (in the applications' table):
 *   pk  FUNNEL#<YYYY-MM>#<shard>   the China month of submission, spread over SHARDS partitions
 *   sk  <category>#<applicationId>  so one category of a month is a begins_with Query
 *   s   the summary (JSON), v its version
 *   gsi1pk FUNNEL#OPEN, gsi1sk <stuckAt>#<id>  only while unfinished: "stuck before now" is one Query
 * A period reads months × SHARDS partitions, all in parallel; nothing is ever Scanned.
 */
export const FUNNEL_SHARDS = 8;
export const FUNNEL_OPEN = 'FUNNEL#OPEN';

/** FNV-1a of the id: a stable shard per application. */
export function shardOf(applicationId: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < applicationId.length; i++) {
    h ^= applicationId.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) % FUNNEL_SHARDS;
}

export function funnelKeys(key: FunnelKey): { pk: string; sk: string } {
  const month = chinaDateOf(key.submittedAt).slice(0, 7);
  return { pk: `FUNNEL#${month}#${shardOf(key.applicationId)}`, sk: `${key.category}#${key.applicationId}` };
}

/** The months (YYYY-MM) a period of China dates touches. */
export function monthsOf(from: string, to: string): string[] {
  const months: string[] = [];
  let [y, m] = from.slice(0, 7).split('-').map(Number) as [number, number];
  const last = to.slice(0, 7);
  for (;;) {
    const month = `${y}-${String(m).padStart(2, '0')}`;
    if (month > last) break;
    months.push(month);
    m++;
    if (m > 12) {
      m = 1;
      y++;
    }
  }
  return months;
}

/** The stored item of a summary (the bench writes its generated history with it too). */
export function funnelItem(
  summary: FunnelSummary,
  stuckAt: string | null,
  version: number,
): Record<string, unknown> {
  const item: Record<string, unknown> = { ...funnelKeys(summary), s: JSON.stringify(summary), v: version };
  if (stuckAt) Object.assign(item, { gsi1pk: FUNNEL_OPEN, gsi1sk: `${stuckAt}#${summary.applicationId}` });
  return item;
}

export class DynamoFunnelRepository implements FunnelRepository {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async get(key: FunnelKey): Promise<StoredFunnelSummary | null> {
    const out = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: funnelKeys(key), ConsistentRead: true }),
    );
    if (!out.Item) return null;
    return { summary: JSON.parse(out.Item.s as string) as FunnelSummary, version: out.Item.v as number };
  }

  async put(summary: FunnelSummary, stuckAt: string | null, expected: number | null): Promise<boolean> {
    const item = funnelItem(summary, stuckAt, (expected ?? 0) + 1);
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: item,
          ...(expected === null
            ? { ConditionExpression: 'attribute_not_exists(pk)' }
            : { ConditionExpression: 'v = :v', ExpressionAttributeValues: { ':v': expected } }),
        }),
      );
      return true;
    } catch (err) {
      if (isConditionFailure(err)) return false;
      throw err;
    }
  }

  async inPeriod(filter: FunnelFilter): Promise<FunnelSummary[]> {
    const partitions = monthsOf(filter.from, filter.to).flatMap((month) =>
      Array.from({ length: FUNNEL_SHARDS }, (_, shard) => `FUNNEL#${month}#${shard}`),
    );
    const pages = await Promise.all(partitions.map((pk) => this.queryPartition(pk, filter.category)));
    return pages.flat();
  }

  private async queryPartition(pk: string, category: string | undefined): Promise<FunnelSummary[]> {
    const out: FunnelSummary[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.db.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: category ? 'pk = :pk AND begins_with(sk, :c)' : 'pk = :pk',
          ExpressionAttributeValues: category ? { ':pk': pk, ':c': `${category}#` } : { ':pk': pk },
          ProjectionExpression: 's',
          ExclusiveStartKey: start,
        }),
      );
      for (const item of page.Items ?? []) out.push(JSON.parse(item.s as string) as FunnelSummary);
      start = page.LastEvaluatedKey;
    } while (start);
    return out;
  }

  async stuckBefore(now: string): Promise<FunnelSummary[]> {
    const out: FunnelSummary[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.db.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: 'gsi1',
          KeyConditionExpression: 'gsi1pk = :p AND gsi1sk < :now',
          ExpressionAttributeValues: { ':p': FUNNEL_OPEN, ':now': now },
          ExclusiveStartKey: start,
        }),
      );
      for (const item of page.Items ?? []) out.push(JSON.parse(item.s as string) as FunnelSummary);
      start = page.LastEvaluatedKey;
    } while (start);
    return out;
  }
}
