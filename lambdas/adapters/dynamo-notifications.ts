import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type {
  DeliveryAttempt,
  EndpointDisabled,
  NotificationEvent,
  NotificationStore,
  WebhookDelivery,
  WebhookEndpoint,
} from '../ports/notifications.js';
import { queryAll } from './dynamo-query.js';
import { isConditionFailure } from './dynamo-repository.js';

/**
 * Events, their outbox, email claims, webhook endpoints, deliveries and attempts in the one table.
 * Every "once" is a conditional put (attribute_not_exists): an event per id, an email per (event,
 * address), a delivery per (event, endpoint), an attempt per (delivery, number).
 */
const eventPk = (id: string) => `NEVENT#${id}`;
const sellerPk = (owner: string) => `SELLER#${owner}`;
const OUTBOX = 'OUTBOX';
const pad = (n: number) => String(n).padStart(4, '0');

/** The items as stored, for writers that batch them (the local sender). */
export const notificationItems = {
  delivery: (d: WebhookDelivery) => ({ pk: sellerPk(d.owner), sk: `DELIVERY#${d.deliveryId}`, ...d }),
  attempt: (owner: string, a: DeliveryAttempt) => ({
    pk: sellerPk(owner),
    sk: `ATTEMPT#${a.deliveryId}#${pad(a.n)}`,
    ...a,
  }),
  outboxKey: (eventId: string) => ({ pk: OUTBOX, sk: eventId }),
};

/** Events recorded together in one transaction (two items each, 100 at most). */
const EVENTS_PER_TRANSACTION = 50;

interface PendingRecord {
  event: NotificationEvent;
  resolve: (recorded: boolean) => void;
  reject: (err: unknown) => void;
}

function cancellationCodes(err: unknown): (string | undefined)[] | null {
  const reasons = (err as { CancellationReasons?: { Code?: string }[] }).CancellationReasons;
  return Array.isArray(reasons) ? reasons.map((r) => r.Code) : null;
}

function strip<T>(item: Record<string, unknown> | undefined): T | null {
  if (!item) return null;
  const { pk: _pk, sk: _sk, ...rest } = item;
  return rest as T;
}

export class DynamoNotificationStore implements NotificationStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  private async putOnce(item: Record<string, unknown>): Promise<boolean> {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: item,
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return true;
    } catch (err) {
      if (isConditionFailure(err)) return false;
      throw err;
    }
  }

  private waiting: PendingRecord[] = [];
  private flushQueued = false;

  /**
   * The event and its outbox marker in one transaction, the event conditional on its id. Calls
   * made at the same moment share a transaction (up to 50 events: group commit); an event found
   * there already is told apart by the cancellation reasons, and the others are written again.
   * (Marker first in a batch write, then the record, costs less but is two round trips: measured
   * slower, since publishing waits on the round trips.)
   */
  recordEvent(event: NotificationEvent): Promise<boolean> {
    return new Promise<boolean>((resolve, reject) => {
      this.waiting.push({ event, resolve, reject });
      if (this.waiting.length >= EVENTS_PER_TRANSACTION) this.flushRecords();
      else if (!this.flushQueued) {
        this.flushQueued = true;
        setImmediate(() => this.flushRecords());
      }
    });
  }

  private flushRecords(): void {
    this.flushQueued = this.waiting.length > EVENTS_PER_TRANSACTION;
    const group = this.waiting.splice(0, EVENTS_PER_TRANSACTION);
    if (this.flushQueued) setImmediate(() => this.flushRecords());
    if (group.length > 0) void this.recordGroup(group);
  }

  private async recordGroup(group: PendingRecord[]): Promise<void> {
    // The same id twice in one group: the later waits for the earlier's outcome (false if it was written).
    const first = new Map<string, PendingRecord>();
    const again: PendingRecord[] = [];
    for (const p of group) {
      if (first.has(p.event.id)) again.push(p);
      else first.set(p.event.id, p);
    }
    let rest = [...first.values()];
    while (rest.length > 0) {
      try {
        await this.db.send(
          new TransactWriteCommand({
            TransactItems: rest.flatMap(({ event }) => [
              {
                Put: {
                  TableName: this.tableName,
                  Item: { pk: eventPk(event.id), sk: 'EVENT', event },
                  ConditionExpression: 'attribute_not_exists(pk)',
                },
              },
              { Put: { TableName: this.tableName, Item: { pk: OUTBOX, sk: event.id, event } } },
            ]),
          }),
        );
        for (const p of rest) p.resolve(true);
        rest = [];
      } catch (err) {
        const codes = isConditionFailure(err) ? cancellationCodes(err) : null;
        const taken = rest.filter((_, i) => codes?.[2 * i] === 'ConditionalCheckFailed');
        if (!codes || taken.length === 0) {
          for (const p of rest) p.reject(err);
          rest = [];
        } else {
          for (const p of taken) p.resolve(false);
          rest = rest.filter((p) => !taken.includes(p));
        }
      }
    }
    // The earlier call has settled: asked again, the id is found unless that write failed.
    for (const p of again) this.recordEvent(p.event).then(p.resolve, p.reject);
  }

  async undispatched(limit: number, after?: string): Promise<NotificationEvent[]> {
    const out = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': OUTBOX },
        Limit: limit,
        ...(after ? { ExclusiveStartKey: { pk: OUTBOX, sk: after } } : {}),
      }),
    );
    return (out.Items ?? []).map((i) => i.event as NotificationEvent);
  }

  async markDispatched(eventId: string): Promise<void> {
    await this.db.send(new DeleteCommand({ TableName: this.tableName, Key: { pk: OUTBOX, sk: eventId } }));
  }

  claimEmail(eventId: string, address: string, at: string): Promise<boolean> {
    return this.putOnce({ pk: eventPk(eventId), sk: `EMAIL#${address.toLowerCase()}`, at });
  }

  async releaseEmail(eventId: string, address: string): Promise<void> {
    await this.db.send(
      new DeleteCommand({
        TableName: this.tableName,
        Key: { pk: eventPk(eventId), sk: `EMAIL#${address.toLowerCase()}` },
      }),
    );
  }

  async putEndpoint(endpoint: WebhookEndpoint): Promise<void> {
    await this.db.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { pk: sellerPk(endpoint.owner), sk: `ENDPOINT#${endpoint.endpointId}`, ...endpoint },
      }),
    );
  }

  async listEndpoints(owner: string): Promise<WebhookEndpoint[]> {
    const items = await queryAll(this.db, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :sk)',
      ExpressionAttributeValues: { ':pk': sellerPk(owner), ':sk': 'ENDPOINT#' },
    });
    return items.map((i) => strip<WebhookEndpoint>(i) as WebhookEndpoint);
  }

  async getEndpoint(owner: string, endpointId: string): Promise<WebhookEndpoint | null> {
    const out = await this.db.send(
      new GetCommand({
        TableName: this.tableName,
        Key: { pk: sellerPk(owner), sk: `ENDPOINT#${endpointId}` },
      }),
    );
    return strip<WebhookEndpoint>(out.Item);
  }

  /** An update of an endpoint that exists; false when it does not (or `condition` fails). */
  private async updateEndpoint(
    owner: string,
    endpointId: string,
    update: Omit<ConstructorParameters<typeof UpdateCommand>[0], 'TableName' | 'Key'>,
  ): Promise<Record<string, unknown> | null> {
    const exists = 'attribute_exists(pk)';
    try {
      const out = await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: sellerPk(owner), sk: `ENDPOINT#${endpointId}` },
          ...update,
          ConditionExpression: update.ConditionExpression
            ? `${exists} AND ${update.ConditionExpression}`
            : exists,
          ReturnValues: 'ALL_NEW',
        }),
      );
      return out.Attributes ?? {};
    } catch (err) {
      if (isConditionFailure(err)) return null;
      throw err;
    }
  }

  async markFailing(owner: string, endpointId: string, at: string): Promise<string | null> {
    const item = await this.updateEndpoint(owner, endpointId, {
      UpdateExpression: 'SET failingSince = if_not_exists(failingSince, :at)',
      ExpressionAttributeValues: { ':at': at },
    });
    return (item?.failingSince as string | undefined) ?? null;
  }

  async markHealthy(owner: string, endpointId: string): Promise<void> {
    await this.updateEndpoint(owner, endpointId, { UpdateExpression: 'REMOVE failingSince' });
  }

  async setDisabled(owner: string, endpointId: string, disabled: EndpointDisabled | null): Promise<boolean> {
    const item = disabled
      ? await this.updateEndpoint(owner, endpointId, {
          UpdateExpression: 'SET disabled = :d',
          ConditionExpression: 'attribute_not_exists(disabled)',
          ExpressionAttributeValues: { ':d': disabled },
        })
      : await this.updateEndpoint(owner, endpointId, { UpdateExpression: 'REMOVE disabled, failingSince' });
    return item !== null;
  }

  createDelivery(d: WebhookDelivery): Promise<boolean> {
    return this.putOnce({ pk: sellerPk(d.owner), sk: `DELIVERY#${d.deliveryId}`, ...d });
  }

  /**
   * All of an event's deliveries in one transaction (each conditional); when one exists already
   * (a re-dispatch) the transaction is cancelled and each is put on its own, as before.
   */
  async createDeliveries(ds: WebhookDelivery[]): Promise<boolean[]> {
    if (ds.length <= 1 || ds.length > 100) return Promise.all(ds.map((d) => this.createDelivery(d)));
    try {
      await this.db.send(
        new TransactWriteCommand({
          TransactItems: ds.map((d) => ({
            Put: {
              TableName: this.tableName,
              Item: { pk: sellerPk(d.owner), sk: `DELIVERY#${d.deliveryId}`, ...d },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          })),
        }),
      );
      return ds.map(() => true);
    } catch (err) {
      if (!isConditionFailure(err)) throw err;
      return Promise.all(ds.map((d) => this.createDelivery(d)));
    }
  }

  async getDelivery(owner: string, deliveryId: string): Promise<WebhookDelivery | null> {
    const out = await this.db.send(
      new GetCommand({
        TableName: this.tableName,
        Key: { pk: sellerPk(owner), sk: `DELIVERY#${deliveryId}` },
        ConsistentRead: true,
      }),
    );
    return strip<WebhookDelivery>(out.Item);
  }

  async listDeliveries(owner: string, limit: number): Promise<WebhookDelivery[]> {
    const items = await queryAll(this.db, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :sk)',
      ExpressionAttributeValues: { ':pk': sellerPk(owner), ':sk': 'DELIVERY#' },
    });
    return items
      .map((i) => strip<WebhookDelivery>(i) as WebhookDelivery)
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt))
      .slice(0, limit);
  }

  async takeAttempt(
    owner: string,
    deliveryId: string,
    at: string,
    dueBy: string,
  ): Promise<WebhookDelivery | null> {
    try {
      const out = await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: sellerPk(owner), sk: `DELIVERY#${deliveryId}` },
          UpdateExpression: 'SET attempts = attempts + :one, updatedAt = :at',
          ConditionExpression:
            '#s = :pending AND (attribute_not_exists(nextAttemptAt) OR nextAttemptAt <= :dueBy)',
          ExpressionAttributeNames: { '#s': 'status' },
          ExpressionAttributeValues: { ':one': 1, ':at': at, ':pending': 'pending', ':dueBy': dueBy },
          ReturnValues: 'ALL_OLD',
        }),
      );
      return strip<WebhookDelivery>(out.Attributes);
    } catch (err) {
      if (isConditionFailure(err)) return null;
      throw err;
    }
  }

  async finishAttempt(attempt: DeliveryAttempt, d: WebhookDelivery): Promise<void> {
    try {
      await this.db.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.tableName,
                Item: {
                  pk: sellerPk(d.owner),
                  sk: `ATTEMPT#${attempt.deliveryId}#${pad(attempt.n)}`,
                  ...attempt,
                },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            {
              Put: {
                TableName: this.tableName,
                Item: { pk: sellerPk(d.owner), sk: `DELIVERY#${d.deliveryId}`, ...d },
              },
            },
          ],
        }),
      );
    } catch (err) {
      // The attempt was logged already (a retried record): the delivery is still saved.
      if (!isConditionFailure(err)) throw err;
      await this.saveDelivery(d);
    }
  }

  /** Takes attempt `expected + 1` of a delivery; false when another worker took it first. */
  async claimAttempt(owner: string, deliveryId: string, expected: number, at: string): Promise<boolean> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: sellerPk(owner), sk: `DELIVERY#${deliveryId}` },
          UpdateExpression: 'SET attempts = :n, updatedAt = :at',
          ConditionExpression: 'attempts = :expected AND #s = :pending',
          ExpressionAttributeNames: { '#s': 'status' },
          ExpressionAttributeValues: {
            ':n': expected + 1,
            ':expected': expected,
            ':at': at,
            ':pending': 'pending',
          },
        }),
      );
      return true;
    } catch (err) {
      if (isConditionFailure(err)) return false;
      throw err;
    }
  }

  async saveDelivery(d: WebhookDelivery): Promise<void> {
    await this.db.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { pk: sellerPk(d.owner), sk: `DELIVERY#${d.deliveryId}`, ...d },
      }),
    );
  }

  async addAttempt(owner: string, attempt: DeliveryAttempt): Promise<void> {
    await this.putOnce({
      pk: sellerPk(owner),
      sk: `ATTEMPT#${attempt.deliveryId}#${pad(attempt.n)}`,
      ...attempt,
    });
  }

  /** Attempts as items of their own (AWS) and logged on the delivery (locally), by number. */
  async listAttempts(owner: string, deliveryId: string): Promise<DeliveryAttempt[]> {
    const [items, delivery] = await Promise.all([
      queryAll(this.db, {
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :sk)',
        ExpressionAttributeValues: { ':pk': sellerPk(owner), ':sk': `ATTEMPT#${deliveryId}#` },
      }),
      this.getDelivery(owner, deliveryId),
    ]);
    const byNumber = new Map<number, DeliveryAttempt>();
    for (const a of delivery?.log ?? []) byNumber.set(a.n, a);
    for (const i of items) {
      const a = strip<DeliveryAttempt>(i) as DeliveryAttempt;
      byNumber.set(a.n, a);
    }
    return [...byNumber.values()].sort((a, b) => a.n - b.n);
  }
}
