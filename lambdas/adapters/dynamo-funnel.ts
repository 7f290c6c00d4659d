import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  paginateQuery,
  QueryCommand,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import { chinaDateOf } from '../domain/calendar.js';
import type { FunnelFilter } from '../domain/funnel/compute.js';
import type { Counters } from '../domain/funnel/figures.js';
import { monthsOf } from '../domain/funnel/months.js';
import type { FunnelSummary } from '../domain/funnel/summary.js';
import type { FunnelKey, FunnelPage, FunnelRepository, StoredFunnelSummary } from '../ports/funnel.js';
import { InvalidInputError } from '../shared/errors.js';
import { readRollups, rollupDeltas, rollupUpdates } from './dynamo-funnel-rollups.js';
import { queryAll } from './dynamo-query.js';
import { isConditionFailure } from './dynamo-repository.js';

/**
 * Funnel summaries, one item per application (in the applications' table):
 *   pk  FUNNEL#<YYYY-MM>#<shard>   the China month of submission, spread over SHARDS partitions
 *   sk  <category>#<applicationId>  so one category of a month is a begins_with Query
 *   s   the summary (JSON), v its version
 *   gsi1pk FUNNEL#OPEN, gsi1sk <stuckAt>#<id>  only while unfinished: "stuck before now" is one Query
 * A period's summaries are months × SHARDS partitions (the CSV export, the lists behind a figure);
 * the funnel itself reads the roll-ups kept beside them (dynamo-funnel-rollups.ts). No Scan.
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

export { monthsOf };

/** The stored item of a summary (the bench writes its generated history with it too). */
export function funnelItem(
  summary: FunnelSummary,
  stuckAt: string | null,
  version: number,
): Record<string, unknown> {
  // r: its counters are in the roll-ups (every write since they exist; older ones by `backfill`).
  const item: Record<string, unknown> = {
    ...funnelKeys(summary),
    s: JSON.stringify(summary),
    v: version,
    r: true,
  };
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
    return {
      summary: JSON.parse(out.Item.s as string) as FunnelSummary,
      version: out.Item.v as number,
      rolledUp: out.Item.r === true,
    };
  }

  async put(
    summary: FunnelSummary,
    stuckAt: string | null,
    expected: number | null,
    previous?: FunnelSummary,
  ): Promise<boolean> {
    const item = funnelItem(summary, stuckAt, (expected ?? 0) + 1);
    const condition =
      expected === null
        ? { ConditionExpression: 'attribute_not_exists(pk)' }
        : { ConditionExpression: 'v = :v', ExpressionAttributeValues: { ':v': expected } };
    const updates = rollupUpdates(this.tableName, rollupDeltas(previous, summary));
    try {
      if (updates.length === 0) {
        await this.db.send(new PutCommand({ TableName: this.tableName, Item: item, ...condition }));
      } else {
        // The version condition is the per-application marker: a write that lost it adds nothing.
        await this.db.send(
          new TransactWriteCommand({
            TransactItems: [{ Put: { TableName: this.tableName, Item: item, ...condition } }, ...updates],
          }),
        );
      }
      return true;
    } catch (err) {
      // A concurrent transaction on the same roll-up row is a lost race too: re-read, try again.
      if (isConditionFailure(err) || isTransactionConflict(err)) return false;
      throw err;
    }
  }

  async backfill(month: string): Promise<{ counted: number; skipped: number }> {
    let counted = 0;
    let skipped = 0;
    for (const pk of this.partitions({ from: `${month}-01`, to: `${month}-01` })) {
      const pages = paginateQuery(
        { client: this.db },
        {
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk',
          FilterExpression: 'attribute_not_exists(r)',
          ExpressionAttributeValues: { ':pk': pk },
        },
      );
      for await (const page of pages)
        for (const item of page.Items ?? []) {
          if (await this.countIn(item)) counted++;
          else skipped++;
        }
    }
    return { counted, skipped };
  }

  /** Adds one stored summary's counters to the roll-ups and marks it, unless it changed meanwhile. */
  private async countIn(item: Record<string, unknown>): Promise<boolean> {
    const summary = JSON.parse(item.s as string) as FunnelSummary;
    try {
      await this.db.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: this.tableName,
                Key: { pk: item.pk, sk: item.sk },
                UpdateExpression: 'SET r = :t',
                ConditionExpression: 'v = :v AND attribute_not_exists(r)',
                ExpressionAttributeValues: { ':t': true, ':v': item.v },
              },
            },
            ...rollupUpdates(this.tableName, rollupDeltas(undefined, summary)),
          ],
        }),
      );
      return true;
    } catch (err) {
      // Rewritten meanwhile: that write counted it (or a later backfill will).
      if (isConditionFailure(err) || isTransactionConflict(err)) return false;
      throw err;
    }
  }

  rollups(filter: FunnelFilter): Promise<Counters> {
    return readRollups(this.db, this.tableName, monthsOf(filter.from, filter.to), filter);
  }

  async page(filter: FunnelFilter, cursor: string | undefined, maxItems: number): Promise<FunnelPage> {
    const partitions = this.partitions(filter);
    let { part, key } = cursor ? readCursor(cursor) : { part: 0, key: undefined };
    const summaries: FunnelSummary[] = [];
    while (part < partitions.length && summaries.length < maxItems) {
      const page = await this.db.send(
        new QueryCommand({
          ...this.partitionQuery(partitions[part] as string, filter.category),
          Limit: maxItems - summaries.length,
          ExclusiveStartKey: key,
        }),
      );
      for (const it of page.Items ?? []) summaries.push(JSON.parse(it.s as string) as FunnelSummary);
      key = page.LastEvaluatedKey;
      if (!key) part++;
    }
    if (part >= partitions.length) return { summaries };
    return { summaries, cursor: Buffer.from(JSON.stringify({ part, key }), 'utf8').toString('base64url') };
  }

  private partitions(filter: FunnelFilter): string[] {
    return monthsOf(filter.from, filter.to).flatMap((month) =>
      Array.from({ length: FUNNEL_SHARDS }, (_, shard) => `FUNNEL#${month}#${shard}`),
    );
  }

  private partitionQuery(pk: string, category: string | undefined) {
    return {
      TableName: this.tableName,
      KeyConditionExpression: category ? 'pk = :pk AND begins_with(sk, :c)' : 'pk = :pk',
      ExpressionAttributeValues: category ? { ':pk': pk, ':c': `${category}#` } : { ':pk': pk },
      ProjectionExpression: 's',
    };
  }

  async inPeriod(filter: FunnelFilter): Promise<FunnelSummary[]> {
    const pages = await Promise.all(
      this.partitions(filter).map((pk) => this.queryPartition(pk, filter.category)),
    );
    return pages.flat();
  }

  private async queryPartition(pk: string, category: string | undefined): Promise<FunnelSummary[]> {
    const items = await queryAll(this.db, this.partitionQuery(pk, category));
    return items.map((item) => JSON.parse(item.s as string) as FunnelSummary);
  }

  async stuckBefore(now: string): Promise<FunnelSummary[]> {
    const items = await queryAll(this.db, {
      TableName: this.tableName,
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :p AND gsi1sk < :now',
      ExpressionAttributeValues: { ':p': FUNNEL_OPEN, ':now': now },
    });
    return items.map((item) => JSON.parse(item.s as string) as FunnelSummary);
  }
}

/** A cursor this repository wrote (it comes back from a client: checked, not trusted). */
function readCursor(cursor: string): { part: number; key?: Record<string, unknown> } {
  try {
    const c = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (c && typeof c === 'object' && Number.isInteger((c as { part: unknown }).part)) {
      const { part, key } = c as { part: number; key?: unknown };
      const keyOk = key === undefined || (typeof key === 'object' && key !== null);
      if (part >= 0 && keyOk) return key ? { part, key: key as Record<string, unknown> } : { part };
    }
  } catch {
    // fall through: not one of ours
  }
  throw new InvalidInputError('not a cursor of this list', [{ path: 'cursor', message: 'invalid' }]);
}

function isTransactionConflict(err: unknown): boolean {
  return (
    err instanceof TransactionCanceledException &&
    (err.CancellationReasons ?? []).some((r) => r.Code === 'TransactionConflict')
  );
}
