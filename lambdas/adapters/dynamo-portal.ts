import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { Lab } from '../domain/labs.js';
import type { Draft, PortalRepository, QueuedTask } from '../ports/portal.js';
import { AlreadyDecidedError, ConcurrentChangeError } from '../shared/errors.js';
import { queryAll } from './dynamo-query.js';
import { isConditionFailure, REVIEW_QUEUE } from './dynamo-repository.js';

const pk = (id: string) => `APP#${id}`;
const ownerPk = (owner: string) => `OWNER#${owner}`;

/** Drafts and owners in the application's partition; queues read through gsi1 (Query, never Scan). */
export class DynamoPortalRepository implements PortalRepository {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async createDraft(draft: Draft): Promise<void> {
    try {
      await this.db.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.tableName,
                Item: { pk: pk(draft.applicationId), sk: 'DRAFT', ...draft },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            {
              Put: {
                TableName: this.tableName,
                Item: {
                  pk: ownerPk(draft.owner),
                  sk: `APP#${draft.applicationId}`,
                  applicationId: draft.applicationId,
                  createdAt: draft.createdAt,
                },
              },
            },
          ],
        }),
      );
    } catch (err) {
      if (isConditionFailure(err)) {
        throw new AlreadyDecidedError(`application ${draft.applicationId} exists already`, { cause: err });
      }
      throw err;
    }
  }

  async getDraft(applicationId: string): Promise<Draft | null> {
    const out = await this.db.send(
      new GetCommand({
        TableName: this.tableName,
        Key: { pk: pk(applicationId), sk: 'DRAFT' },
        ConsistentRead: true,
      }),
    );
    if (!out.Item) return null;
    const { pk: _p, sk: _s, ...draft } = out.Item;
    return draft as Draft;
  }

  async saveDraft(draft: Draft, expectedVersion: number): Promise<void> {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { pk: pk(draft.applicationId), sk: 'DRAFT', ...draft, version: expectedVersion + 1 },
          // Optimistic, on a counter (not a time: a frozen or coarse clock gives equal times):
          // two tabs or parallel uploads cannot silently overwrite each other.
          ConditionExpression:
            expectedVersion === 0 ? 'attribute_not_exists(version) OR version = :v' : 'version = :v',
          ExpressionAttributeValues: { ':v': expectedVersion },
        }),
      );
    } catch (err) {
      if (isConditionFailure(err)) {
        throw new ConcurrentChangeError(
          `application ${draft.applicationId} was changed meanwhile; reload it`,
          {
            cause: err,
          },
        );
      }
      throw err;
    }
  }

  async listOwned(owner: string): Promise<string[]> {
    const items = await queryAll(this.db, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)',
      ExpressionAttributeValues: { ':pk': ownerPk(owner), ':p': 'APP#' },
    });
    return items.map((i) => i.applicationId as string);
  }

  async reviewQueue(): Promise<QueuedTask[]> {
    const items = await queryAll(this.db, {
      TableName: this.tableName,
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :q',
      ExpressionAttributeValues: { ':q': REVIEW_QUEUE },
    });
    return items.map((i) => ({
      applicationId: String(i.pk).slice('APP#'.length),
      kind: i.kind as QueuedTask['kind'],
      round: i.round as number,
      openedAt: i.openedAt as string,
      dueAt: (i.dueAt ?? i.openedAt) as string,
      ...(i.claimedBy ? { claimedBy: i.claimedBy as string } : {}),
    }));
  }

  async claimTask(
    applicationId: string,
    kind: QueuedTask['kind'],
    round: number,
    reviewer: string,
  ): Promise<void> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: pk(applicationId), sk: `TASK#${kind}#${String(round).padStart(4, '0')}` },
          UpdateExpression: 'SET claimedBy = :r',
          ConditionExpression: '#s = :open AND (attribute_not_exists(claimedBy) OR claimedBy = :r)',
          ExpressionAttributeNames: { '#s': 'status' },
          ExpressionAttributeValues: { ':r': reviewer, ':open': 'OPEN' },
        }),
      );
    } catch (err) {
      if (isConditionFailure(err)) {
        throw new AlreadyDecidedError(`this task is decided or claimed by someone else`, { cause: err });
      }
      throw err;
    }
  }

  async labBookings(labId: string): Promise<{ applicationId: string; sku: string; attempt: number }[]> {
    const items = await queryAll(this.db, {
      TableName: this.tableName,
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :l',
      ExpressionAttributeValues: { ':l': `LAB#${labId}` },
      ScanIndexForward: false,
    });
    return items.map((i) => ({
      applicationId: String(i.pk).slice('APP#'.length),
      sku: i.sku as string,
      attempt: i.attempt as number,
    }));
  }

  async putLab(lab: Lab, by: string): Promise<void> {
    await this.db.send(
      new PutCommand({ TableName: this.tableName, Item: { pk: 'LABS', sk: `LAB#${lab.labId}`, lab, by } }),
    );
  }

  async listLabs(): Promise<Lab[]> {
    const items = await queryAll(this.db, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': 'LABS' },
    });
    return items.map((i) => i.lab as Lab);
  }
}
