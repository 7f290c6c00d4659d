import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  paginateQuery,
  QueryCommand,
  type QueryCommandInput,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { SpotPick } from '../domain/governance/spot-checks.js';
import type {
  SpotBooking,
  SpotCancellation,
  SpotCheckRepository,
  SpotResult,
  SpotRound,
  SpotRoundEvent,
} from '../ports/spot-checks.js';
import { isConditionFailure } from './dynamo-repository.js';

/**
 * A round in a partition of its own:
 *   pk SPOT#<roundId>, sk ROUND             the round; gsi1pk SPOTROUNDS, gsi1sk <startedAt>#<id>
 *   pk SPOT#<roundId>, sk B#<000000 no>     a booking; gsi1pk LABSPOT#<lab>, gsi1sk <dueAt>#<id>#<no>
 *   pk SPOT#<roundId>, sk EV#B#<no> | EV#ROUND  ops' cancellation of a booking or of the round (once each)
 * The token of the wait is an attribute of the booking, never returned with it. A cancellation is
 * its event item plus a `cancelled` mark on the booking (or round), written once in one transaction.
 */
const pk = (roundId: string) => `SPOT#${roundId}`;
const bk = (no: number) => `B#${String(no).padStart(6, '0')}`;
const PUT_CONCURRENCY = 16;

const isConflict = (err: unknown) => err instanceof ConditionalCheckFailedException;

function booking(item: Record<string, unknown>): SpotBooking {
  const { pk: _p, sk: _s, gsi1pk: _g, gsi1sk: _h, token: _t, ...rest } = item;
  return rest as unknown as SpotBooking;
}

function round(item: Record<string, unknown>): SpotRound {
  const { pk: _p, sk: _s, gsi1pk: _g, gsi1sk: _h, ...rest } = item;
  return rest as unknown as SpotRound;
}

export class DynamoSpotCheckRepository implements SpotCheckRepository {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async createRound(r: SpotRound): Promise<SpotRound> {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            pk: pk(r.roundId),
            sk: 'ROUND',
            gsi1pk: 'SPOTROUNDS',
            gsi1sk: `${r.startedAt}#${r.roundId}`,
            ...r,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return r;
    } catch (err) {
      if (!isConflict(err)) throw err;
      return (await this.getRound(r.roundId)) as SpotRound;
    }
  }

  async getRound(roundId: string): Promise<SpotRound | null> {
    const out = await this.db.send(
      new GetCommand({
        TableName: this.tableName,
        Key: { pk: pk(roundId), sk: 'ROUND' },
        ConsistentRead: true,
      }),
    );
    return out.Item ? round(out.Item) : null;
  }

  async listRounds(limit: number): Promise<SpotRound[]> {
    const out = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :p',
        ExpressionAttributeValues: { ':p': 'SPOTROUNDS' },
        ScanIndexForward: false,
        Limit: limit,
      }),
    );
    return (out.Items ?? []).map(round);
  }

  async finishRound(roundId: string, at: string, status: 'DONE' | 'CANCELLED' = 'DONE'): Promise<void> {
    await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { pk: pk(roundId), sk: 'ROUND' },
        UpdateExpression: 'SET #s = :done, finishedAt = if_not_exists(finishedAt, :at)',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: { ':done': status, ':at': at },
      }),
    );
  }

  async setPickCounts(roundId: string, counts: { candidates: number; bookings: number }): Promise<void> {
    await this.db
      .send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: pk(roundId), sk: 'ROUND' },
          // Set while still 0 only: a re-drive's recount (candidates may have changed) is not kept.
          UpdateExpression: 'SET candidates = :c, bookings = :b',
          ConditionExpression: 'attribute_exists(pk) AND bookings = :zero',
          ExpressionAttributeValues: { ':c': counts.candidates, ':b': counts.bookings, ':zero': 0 },
        }),
      )
      .catch((err: unknown) => {
        if (!isConflict(err)) throw err;
      });
  }

  async savePicks(roundId: string, picks: readonly SpotPick[]): Promise<SpotPick[]> {
    // Compact rows: 2,000 picks stay well inside an item's 400 KB.
    const rows = picks.map((p) => [p.uscc, p.applicationId, p.sku, p.healthScore]);
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { pk: pk(roundId), sk: 'PICKS', rows },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return [...picks];
    } catch (err) {
      if (!isConflict(err)) throw err;
      const out = await this.db.send(
        new GetCommand({
          TableName: this.tableName,
          Key: { pk: pk(roundId), sk: 'PICKS' },
          ConsistentRead: true,
        }),
      );
      const stored = (out.Item?.rows ?? []) as [string, string, string, number][];
      return stored.map(([uscc, applicationId, sku, healthScore], index) => ({
        uscc,
        applicationId,
        sku,
        healthScore,
        index,
      }));
    }
  }

  async putPicks(roundId: string, picks: readonly SpotPick[]): Promise<void> {
    const queue = [...picks];
    const worker = async () => {
      for (let p = queue.shift(); p; p = queue.shift()) {
        const { index, ...pick } = p;
        try {
          await this.db.send(
            new PutCommand({
              TableName: this.tableName,
              Item: { pk: pk(roundId), sk: bk(index), roundId, bookingNo: index, ...pick },
              ConditionExpression: 'attribute_not_exists(pk)',
            }),
          );
        } catch (err) {
          if (!isConflict(err)) throw err;
        }
      }
    };
    await Promise.all(Array.from({ length: PUT_CONCURRENCY }, worker));
  }

  private async item(roundId: string, no: number): Promise<Record<string, unknown> | null> {
    const out = await this.db.send(
      new GetCommand({
        TableName: this.tableName,
        Key: { pk: pk(roundId), sk: bk(no) },
        ConsistentRead: true,
      }),
    );
    return out.Item ?? null;
  }

  async getBooking(roundId: string, bookingNo: number): Promise<SpotBooking | null> {
    const item = await this.item(roundId, bookingNo);
    return item ? booking(item) : null;
  }

  listBookings(roundId: string): Promise<SpotBooking[]> {
    return this.bookings({
      KeyConditionExpression: 'pk = :p AND begins_with(sk, :b)',
      ExpressionAttributeValues: { ':p': pk(roundId), ':b': 'B#' },
      ConsistentRead: true,
    });
  }

  /** Every page of a Query for bookings (the SDK's paginator follows LastEvaluatedKey). */
  private async bookings(input: Omit<QueryCommandInput, 'TableName'>): Promise<SpotBooking[]> {
    const out: SpotBooking[] = [];
    for await (const page of paginateQuery({ client: this.db }, { TableName: this.tableName, ...input }))
      for (const item of page.Items ?? []) out.push(booking(item));
    return out;
  }

  async book(
    roundId: string,
    bookingNo: number,
    lab: { labId: string; bookedAt: string; dueAt: string },
  ): Promise<SpotBooking> {
    try {
      const out = await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: pk(roundId), sk: bk(bookingNo) },
          UpdateExpression: 'SET labId = :l, bookedAt = :b, dueAt = :d, gsi1pk = :g, gsi1sk = :s',
          ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(labId)',
          ExpressionAttributeValues: {
            ':l': lab.labId,
            ':b': lab.bookedAt,
            ':d': lab.dueAt,
            ':g': `LABSPOT#${lab.labId}`,
            ':s': `${lab.dueAt}#${roundId}#${bk(bookingNo)}`,
          },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return booking(out.Attributes ?? {});
    } catch (err) {
      if (!isConflict(err)) throw err;
      const stored = await this.getBooking(roundId, bookingNo);
      if (!stored) throw new Error(`spot-check booking ${roundId}/${bookingNo} was never picked`);
      return stored;
    }
  }

  async setToken(roundId: string, bookingNo: number, token: string): Promise<void> {
    await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { pk: pk(roundId), sk: bk(bookingNo) },
        UpdateExpression: 'SET #t = :t',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeNames: { '#t': 'token' },
        ExpressionAttributeValues: { ':t': token },
      }),
    );
  }

  async getToken(roundId: string, bookingNo: number): Promise<string | null> {
    const item = await this.item(roundId, bookingNo);
    return typeof item?.token === 'string' ? item.token : null;
  }

  async postResult(roundId: string, bookingNo: number, result: SpotResult): Promise<boolean> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: pk(roundId), sk: bk(bookingNo) },
          UpdateExpression: 'SET #r = :r',
          ConditionExpression:
            'attribute_exists(labId) AND attribute_not_exists(#r) AND attribute_not_exists(cancelled)',
          ExpressionAttributeNames: { '#r': 'result' },
          ExpressionAttributeValues: { ':r': result },
        }),
      );
      return true;
    } catch (err) {
      if (!isConflict(err)) throw err;
      return false;
    }
  }

  async cancelBooking(
    roundId: string,
    bookingNo: number,
    cancellation: SpotCancellation,
  ): Promise<'done' | 'result' | 'cancelled' | 'not_found'> {
    const event: SpotRoundEvent = {
      type: 'booking_cancelled',
      roundId,
      bookingNo,
      at: cancellation.at,
      by: cancellation.by,
      reason: cancellation.reason,
    };
    try {
      await this.db.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.tableName,
                Item: { pk: pk(roundId), sk: `EV#${bk(bookingNo)}`, ...event },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            {
              Update: {
                TableName: this.tableName,
                Key: { pk: pk(roundId), sk: bk(bookingNo) },
                UpdateExpression: 'SET cancelled = :c',
                ConditionExpression:
                  'attribute_exists(pk) AND attribute_not_exists(#r) AND attribute_not_exists(cancelled)',
                ExpressionAttributeNames: { '#r': 'result' },
                ExpressionAttributeValues: { ':c': cancellation },
              },
            },
          ],
        }),
      );
      return 'done';
    } catch (err) {
      if (!isConditionFailure(err)) throw err;
      const stored = await this.getBooking(roundId, bookingNo);
      if (!stored) return 'not_found';
      return stored.result ? 'result' : 'cancelled';
    }
  }

  async cancelRound(roundId: string, cancellation: SpotCancellation): Promise<boolean> {
    const event: SpotRoundEvent = {
      type: 'round_cancelled',
      roundId,
      at: cancellation.at,
      by: cancellation.by,
      reason: cancellation.reason,
    };
    try {
      await this.db.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.tableName,
                Item: { pk: pk(roundId), sk: 'EV#ROUND', ...event },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            {
              Update: {
                TableName: this.tableName,
                Key: { pk: pk(roundId), sk: 'ROUND' },
                UpdateExpression: 'SET cancelled = :c',
                ConditionExpression:
                  'attribute_exists(pk) AND #s = :running AND attribute_not_exists(cancelled)',
                ExpressionAttributeNames: { '#s': 'status' },
                ExpressionAttributeValues: { ':c': cancellation, ':running': 'RUNNING' },
              },
            },
          ],
        }),
      );
      return true;
    } catch (err) {
      if (!isConditionFailure(err)) throw err;
      return false;
    }
  }

  async roundEvents(roundId: string): Promise<SpotRoundEvent[]> {
    const out: SpotRoundEvent[] = [];
    const pages = paginateQuery(
      { client: this.db },
      {
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :p AND begins_with(sk, :e)',
        ExpressionAttributeValues: { ':p': pk(roundId), ':e': 'EV#' },
        ConsistentRead: true,
      },
    );
    for await (const page of pages)
      for (const { pk: _p, sk: _s, ...e } of page.Items ?? []) out.push(e as SpotRoundEvent);
    return out.sort((a, b) => a.at.localeCompare(b.at) || (a.bookingNo ?? -1) - (b.bookingNo ?? -1));
  }

  private async setOnce(roundId: string, bookingNo: number, field: string, at: string): Promise<void> {
    await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { pk: pk(roundId), sk: bk(bookingNo) },
        UpdateExpression: 'SET #f = if_not_exists(#f, :at)',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeNames: { '#f': field },
        ExpressionAttributeValues: { ':at': at },
      }),
    );
  }

  flagOverdue(roundId: string, bookingNo: number, at: string): Promise<void> {
    return this.setOnce(roundId, bookingNo, 'overdueAt', at);
  }

  markRecorded(roundId: string, bookingNo: number, at: string): Promise<void> {
    return this.setOnce(roundId, bookingNo, 'recordedAt', at);
  }

  labBookings(labId: string): Promise<SpotBooking[]> {
    return this.bookings({
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :l',
      ExpressionAttributeValues: { ':l': `LABSPOT#${labId}` },
    });
  }
}
