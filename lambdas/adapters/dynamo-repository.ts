import { randomUUID } from 'node:crypto';
import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { Reason } from '../domain/model.js';
import type {
  ApplicationRecord,
  ApplicationRepository,
  ApplicationStatus,
  AuditEvent,
  HumanTask,
  HumanTaskKind,
  LabBooking,
  StoredDocument,
  StoredExtraction,
  StoredReason,
} from '../ports/repository.js';
import { AlreadyDecidedError, NotFoundError } from '../shared/errors.js';
import { queryAll } from './dynamo-query.js';

/**
 * Single-table layout (pk = APP#<id>):
 *   META                      the application and its status (GSI1: STATUS#<status>)
 *   DOC#0001, EXTRACT#0001    documents and what was read from them
 *   RESULT#<name>             step results
 *   REASON#<key>              every reason raised, with its resolution
 *   TASK#<kind>#0001          human tasks and their tokens
 *   BOOKING#<sku>#01          lab bookings and results
 *   EVENT#<at>#<uuid>         append-only timeline and audit trail
 */
const pk = (id: string) => `APP#${id}`;
const pad = (n: number, w = 4) => String(n).padStart(w, '0');
const taskSk = (kind: HumanTaskKind, round: number) => `TASK#${kind}#${pad(round)}`;
const bookingSk = (sku: string, attempt: number) => `BOOKING#${sku}#${pad(attempt, 2)}`;

export const REVIEW_QUEUE = 'QUEUE#REVIEW';
const REVIEW_KINDS: readonly HumanTaskKind[] = ['review_checks', 'review_lab', 'appeal'];

/** Open reviewer tasks sit in gsi1 under one queue key, sorted by deadline; decided ones leave it. */
function queueKeys(applicationId: string, task: HumanTask): Record<string, string> {
  if (!REVIEW_KINDS.includes(task.kind)) return {};
  return {
    gsi1pk: REVIEW_QUEUE,
    gsi1sk: `${task.dueAt ?? task.openedAt}#${applicationId}#${task.kind}#${pad(task.round)}`,
  };
}

/** A conditional write lost: its condition failed (alone or inside a transaction). */
export function isConditionFailure(err: unknown): boolean {
  return (
    err instanceof ConditionalCheckFailedException ||
    (err instanceof TransactionCanceledException &&
      (err.CancellationReasons ?? []).some((r) => r.Code === 'ConditionalCheckFailed'))
  );
}

/** The audit table beside a table, by convention (AWS passes its name explicitly). */
export const auditTableOf = (tableName: string) => `${tableName}-audit`;

/**
 * Applications in one table; their audit trail in a table of its own, which the functions' roles
 * may only add to and read (no UpdateItem or DeleteItem is granted on it anywhere).
 */
export class DynamoApplicationRepository implements ApplicationRepository {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly auditTableName: string = auditTableOf(tableName),
  ) {}

  async create(record: ApplicationRecord, audit: AuditEvent): Promise<void> {
    const id = record.application.applicationId;
    await this.db.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: this.tableName,
              Item: { pk: pk(id), sk: 'META', ...this.statusKeys(record), ...record },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
          { Put: this.eventPut(id, audit) },
        ],
      }),
    );
  }

  private statusKeys(r: {
    status: ApplicationStatus;
    updatedAt: string;
    application: { applicationId: string };
  }) {
    return { gsi1pk: `STATUS#${r.status}`, gsi1sk: `${r.updatedAt}#${r.application.applicationId}` };
  }

  async get(applicationId: string): Promise<ApplicationRecord | null> {
    const out = await this.db.send(
      new GetCommand({
        TableName: this.tableName,
        Key: { pk: pk(applicationId), sk: 'META' },
        ConsistentRead: true,
      }),
    );
    if (!out.Item) return null;
    const { pk: _p, sk: _s, gsi1pk: _g, gsi1sk: _h, ...record } = out.Item;
    return record as ApplicationRecord;
  }

  async setStatus(
    applicationId: string,
    status: ApplicationStatus,
    patch: Partial<Pick<ApplicationRecord, 'rejection' | 'appeal' | 'resumeAt'>> = {},
  ): Promise<void> {
    const now = new Date().toISOString();
    const names: Record<string, string> = {
      '#s': 'status',
      '#u': 'updatedAt',
      '#g': 'gsi1pk',
      '#h': 'gsi1sk',
    };
    const values: Record<string, unknown> = {
      ':s': status,
      ':u': now,
      ':g': `STATUS#${status}`,
      ':h': `${now}#${applicationId}`,
    };
    let set = '#s = :s, #u = :u, #g = :g, #h = :h';
    for (const [k, v] of Object.entries(patch)) {
      names[`#${k}`] = k;
      values[`:${k}`] = v;
      set += `, #${k} = :${k}`;
    }
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: pk(applicationId), sk: 'META' },
          UpdateExpression: `SET ${set}`,
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
        }),
      );
    } catch (err) {
      if (isConditionFailure(err))
        throw new NotFoundError(`application ${applicationId} not found`, { cause: err });
      throw err;
    }
  }

  async listByStatus(status: ApplicationStatus): Promise<string[]> {
    const items = await queryAll(this.db, {
      TableName: this.tableName,
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :g',
      ExpressionAttributeValues: { ':g': `STATUS#${status}` },
    });
    return items.map((i) => (i.application as { applicationId: string }).applicationId);
  }

  async putDocuments(applicationId: string, documents: StoredDocument[]): Promise<void> {
    for (const d of documents) {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { pk: pk(applicationId), sk: `DOC#${pad(d.index)}`, ...d },
        }),
      );
    }
  }

  async listDocuments(applicationId: string): Promise<StoredDocument[]> {
    return (await this.prefix(applicationId, 'DOC#')) as unknown as StoredDocument[];
  }

  async putExtraction(applicationId: string, e: StoredExtraction): Promise<void> {
    await this.db.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { pk: pk(applicationId), sk: `EXTRACT#${pad(e.index)}`, ...e },
      }),
    );
  }

  async listExtractions(applicationId: string): Promise<StoredExtraction[]> {
    return (await this.prefix(applicationId, 'EXTRACT#')) as unknown as StoredExtraction[];
  }

  async putResult(applicationId: string, name: string, data: Record<string, unknown>): Promise<void> {
    await this.db.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { pk: pk(applicationId), sk: `RESULT#${name}`, data },
      }),
    );
  }

  async putResultIfAbsent<T extends Record<string, unknown>>(
    applicationId: string,
    name: string,
    data: T,
  ): Promise<T> {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { pk: pk(applicationId), sk: `RESULT#${name}`, data },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return data;
    } catch (err) {
      if (!isConditionFailure(err)) throw err;
      return (await this.getResult<T>(applicationId, name)) as T;
    }
  }

  async getResult<T extends Record<string, unknown>>(applicationId: string, name: string): Promise<T | null> {
    const out = await this.db.send(
      new GetCommand({
        TableName: this.tableName,
        Key: { pk: pk(applicationId), sk: `RESULT#${name}` },
        ConsistentRead: true,
      }),
    );
    return (out.Item?.data as T | undefined) ?? null;
  }

  async raiseReasons(applicationId: string, reasons: StoredReason[]): Promise<void> {
    // A reason already raised keeps its first record (and any resolution it has since).
    for (const r of reasons) {
      try {
        await this.db.send(
          new PutCommand({
            TableName: this.tableName,
            Item: { pk: pk(applicationId), sk: `REASON#${r.key}`, ...r },
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        );
      } catch (err) {
        if (!isConditionFailure(err)) throw err;
      }
    }
  }

  async listReasons(applicationId: string): Promise<StoredReason[]> {
    const items = (await this.prefix(applicationId, 'REASON#')) as unknown as StoredReason[];
    return items.sort((a, b) => a.raisedAt.localeCompare(b.raisedAt) || a.key.localeCompare(b.key));
  }

  async resolveReasons(
    applicationId: string,
    keys: string[],
    resolution: Reason['resolution'],
  ): Promise<void> {
    for (const key of keys) {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: pk(applicationId), sk: `REASON#${key}` },
          UpdateExpression: 'SET #r = :r',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeNames: { '#r': 'resolution' },
          ExpressionAttributeValues: { ':r': resolution },
        }),
      );
    }
  }

  async openTask(applicationId: string, task: HumanTask): Promise<HumanTask> {
    const key = { pk: pk(applicationId), sk: taskSk(task.kind, task.round) };
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...key, ...task, ...queueKeys(applicationId, task) },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return task;
    } catch (err) {
      if (!isConditionFailure(err)) throw err;
    }
    // Re-driven after a restart: an open task gets the new token; a decided one stays decided.
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: key,
          UpdateExpression: 'SET #t = :t',
          ConditionExpression: '#s = :open',
          ExpressionAttributeNames: { '#t': 'token', '#s': 'status' },
          ExpressionAttributeValues: { ':t': task.token, ':open': 'OPEN' },
        }),
      );
    } catch (err) {
      if (!isConditionFailure(err)) throw err;
    }
    return (await this.getTask(applicationId, task.kind, task.round)) as HumanTask;
  }

  async getTask(applicationId: string, kind: HumanTaskKind, round: number): Promise<HumanTask | null> {
    const out = await this.db.send(
      new GetCommand({
        TableName: this.tableName,
        Key: { pk: pk(applicationId), sk: taskSk(kind, round) },
        ConsistentRead: true,
      }),
    );
    if (!out.Item) return null;
    const { pk: _p, sk: _s, gsi1pk: _g, gsi1sk: _h, ...task } = out.Item;
    return task as HumanTask;
  }

  async listTasks(applicationId: string): Promise<HumanTask[]> {
    return (await this.prefix(applicationId, 'TASK#')) as unknown as HumanTask[];
  }

  async decideTask(
    applicationId: string,
    kind: HumanTaskKind,
    round: number,
    decision: Record<string, unknown>,
    audit: AuditEvent,
    opts: { claimedBy?: string } = {},
  ): Promise<HumanTask> {
    try {
      await this.db.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: this.tableName,
                Key: { pk: pk(applicationId), sk: taskSk(kind, round) },
                // Leaves the reviewers' queue (gsi1) as it is decided.
                UpdateExpression: 'SET #s = :done, #d = :d, #at = :at, #by = :by REMOVE gsi1pk, gsi1sk',
                ConditionExpression: opts.claimedBy ? '#s = :open AND claimedBy = :claim' : '#s = :open',
                ExpressionAttributeNames: {
                  '#s': 'status',
                  '#d': 'decision',
                  '#at': 'decidedAt',
                  '#by': 'decidedBy',
                },
                ExpressionAttributeValues: {
                  ':done': 'DONE',
                  ':open': 'OPEN',
                  ':d': decision,
                  ':at': audit.at,
                  ':by': audit.actor,
                  ...(opts.claimedBy ? { ':claim': opts.claimedBy } : {}),
                },
              },
            },
            { Put: this.eventPut(applicationId, audit) },
          ],
        }),
      );
    } catch (err) {
      if (isConditionFailure(err)) {
        throw new AlreadyDecidedError(`${kind} task ${round} of ${applicationId} is not open to you`, {
          cause: err,
        });
      }
      throw err;
    }
    return (await this.getTask(applicationId, kind, round)) as HumanTask;
  }

  async markTaskTimedOut(applicationId: string, kind: HumanTaskKind, round: number): Promise<void> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: pk(applicationId), sk: taskSk(kind, round) },
          UpdateExpression: 'SET #s = :to REMOVE gsi1pk, gsi1sk',
          ConditionExpression: '#s = :open',
          ExpressionAttributeNames: { '#s': 'status' },
          ExpressionAttributeValues: { ':to': 'TIMED_OUT', ':open': 'OPEN' },
        }),
      );
    } catch (err) {
      if (!isConditionFailure(err)) throw err;
    }
  }

  async markTaskConsumed(applicationId: string, kind: HumanTaskKind, round: number): Promise<void> {
    await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { pk: pk(applicationId), sk: taskSk(kind, round) },
        UpdateExpression: 'SET #c = :t',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeNames: { '#c': 'consumed' },
        ExpressionAttributeValues: { ':t': true },
      }),
    );
  }

  async book(applicationId: string, booking: LabBooking): Promise<boolean> {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            pk: pk(applicationId),
            sk: bookingSk(booking.sku, booking.attempt),
            ...booking,
            // A lab's bookings, newest first, for its work list.
            gsi1pk: `LAB#${booking.labId}`,
            gsi1sk: `${booking.bookedAt}#${applicationId}#${booking.sku}#${booking.attempt}`,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return true;
    } catch (err) {
      if (isConditionFailure(err)) return false;
      throw err;
    }
  }

  async listBookings(applicationId: string): Promise<LabBooking[]> {
    return (await this.prefix(applicationId, 'BOOKING#')) as unknown as LabBooking[];
  }

  async recordLabResult(
    applicationId: string,
    sku: string,
    attempt: number,
    result: LabBooking['result'],
    audit: AuditEvent,
  ): Promise<void> {
    try {
      await this.db.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: this.tableName,
                Key: { pk: pk(applicationId), sk: bookingSk(sku, attempt) },
                UpdateExpression: 'SET #r = :r',
                ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(#r)',
                ExpressionAttributeNames: { '#r': 'result' },
                ExpressionAttributeValues: { ':r': result },
              },
            },
            { Put: this.eventPut(applicationId, audit) },
          ],
        }),
      );
    } catch (err) {
      if (isConditionFailure(err)) {
        throw new AlreadyDecidedError(`no open booking for ${sku} attempt ${attempt} of ${applicationId}`, {
          cause: err,
        });
      }
      throw err;
    }
  }

  async extendBookingDue(applicationId: string, sku: string, attempt: number, dueAt: string): Promise<void> {
    await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { pk: pk(applicationId), sk: bookingSk(sku, attempt) },
        UpdateExpression: 'SET #d = :d',
        ExpressionAttributeNames: { '#d': 'dueAt' },
        ExpressionAttributeValues: { ':d': dueAt },
      }),
    );
  }

  /** An audit event as a write-once Put into the audit table. */
  private eventPut(applicationId: string, e: AuditEvent) {
    // Events of the same millisecond (a manual clock makes many) keep the order they were written
    // in within a process: the monotonic clock breaks the tie, the UUID keeps keys unique.
    const tie = process.hrtime.bigint().toString().padStart(20, '0');
    return {
      TableName: this.auditTableName,
      Item: { pk: pk(applicationId), sk: `EVENT#${e.at}#${tie}#${randomUUID().slice(0, 8)}`, ...e },
      ConditionExpression: 'attribute_not_exists(pk)',
    };
  }

  async appendEvent(applicationId: string, event: AuditEvent): Promise<void> {
    await this.db.send(new PutCommand(this.eventPut(applicationId, event)));
  }

  async listEvents(applicationId: string): Promise<AuditEvent[]> {
    const items = await queryAll(this.db, {
      TableName: this.auditTableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)',
      ExpressionAttributeValues: { ':pk': pk(applicationId), ':p': 'EVENT#' },
      ConsistentRead: true,
    });
    // Stores written before the audit table existed keep their events in the main table.
    const legacy = await this.prefix(applicationId, 'EVENT#');
    const events = items.map(({ pk: _p, sk: _s, ...rest }) => rest) as unknown as AuditEvent[];
    return legacy.length ? [...(legacy as unknown as AuditEvent[]), ...events] : events;
  }

  private async prefix(applicationId: string, prefix: string): Promise<Record<string, unknown>[]> {
    const items = await queryAll(this.db, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)',
      ExpressionAttributeValues: { ':pk': pk(applicationId), ':p': prefix },
      ConsistentRead: true,
    });
    return items.map(({ pk: _p, sk: _s, gsi1pk: _g, gsi1sk: _h, ...rest }) => rest);
  }
}
