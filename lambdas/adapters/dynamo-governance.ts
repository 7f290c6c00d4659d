import { createHash } from 'node:crypto';
import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { AppealFiling } from '../domain/governance/appeal-filing.js';
import type { AppealEvent, GovernanceEvent } from '../domain/governance/events.js';
import type { GovernanceEventRepository } from '../ports/governance.js';
import { queryAll } from './dynamo-query.js';

/** An event's key: its date, type and content, so the same event twice is the same item. */
function eventSk(event: GovernanceEvent): string {
  const digest = createHash('sha256').update(JSON.stringify(event)).digest('hex').slice(0, 24);
  return `GOV#${event.date}#${event.type}#${digest}`;
}

/**
 * Governance events in the USCC's own partition beside its violation records
 * (dynamo-violations.ts): sort key `GOV#<date>#<type>#<digest of the event>`, so a history reads
 * in date order and the same event twice is the same item. Puts are conditional on the item not
 * existing: an event once recorded is never edited. Appeals as filed and their decisions are items
 * of their own (`GOVAPPEAL#<violationId>#filed|decided`), one each per violation by their key.
 */
export class DynamoGovernanceEventRepository implements GovernanceEventRepository {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  private eventItem(uscc: string, event: GovernanceEvent) {
    return { pk: `USCC#${uscc}`, sk: eventSk(event), event };
  }

  /** Puts every item only if none exists; false when a condition failed (recorded already). */
  private async putAllNew(items: Record<string, unknown>[]): Promise<boolean> {
    try {
      await this.db.send(
        new TransactWriteCommand({
          TransactItems: items.map((Item) => ({
            Put: { TableName: this.tableName, Item, ConditionExpression: 'attribute_not_exists(pk)' },
          })),
        }),
      );
      return true;
    } catch (err) {
      const reasons = err instanceof TransactionCanceledException ? (err.CancellationReasons ?? []) : null;
      if (reasons?.some((r) => r.Code === 'ConditionalCheckFailed')) return false;
      throw err;
    }
  }

  async appendOnce(uscc: string, event: GovernanceEvent, once: string): Promise<boolean> {
    const guard = { pk: `USCC#${uscc}`, sk: `GOVONCE#${once}`, at: event.date };
    return this.putAllNew([guard, this.eventItem(uscc, event)]);
  }

  async fileAppeal(filing: AppealFiling): Promise<boolean> {
    const { decision: _none, ...filed } = filing;
    const item = { pk: `USCC#${filing.uscc}`, sk: `GOVAPPEAL#${filing.violationId}#filed`, filing: filed };
    return this.putAllNew([item]);
  }

  async decideAppeal(
    filing: AppealFiling & { decision: NonNullable<AppealFiling['decision']> },
    event: AppealEvent,
  ): Promise<boolean> {
    const pk = `USCC#${filing.uscc}`;
    const decided = { pk, sk: `GOVAPPEAL#${filing.violationId}#decided`, decision: filing.decision };
    return this.putAllNew([decided, this.eventItem(filing.uscc, event)]);
  }

  async appealFilings(uscc: string): Promise<AppealFiling[]> {
    const filed = new Map<string, AppealFiling>();
    const decisions = new Map<string, AppealFiling['decision']>();
    const items = await queryAll(this.db, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :g)',
      ExpressionAttributeValues: { ':pk': `USCC#${uscc}`, ':g': 'GOVAPPEAL#' },
    });
    for (const item of items) {
      if (item.filing) {
        const filing = item.filing as AppealFiling;
        filed.set(filing.violationId, filing);
      } else
        decisions.set(
          String(item.sk).slice('GOVAPPEAL#'.length, -'#decided'.length),
          item.decision as AppealFiling['decision'],
        );
    }
    return [...filed.values()].map((f) => {
      const decision = decisions.get(f.violationId);
      return decision ? { ...f, decision } : f;
    });
  }

  async append(uscc: string, events: readonly GovernanceEvent[]): Promise<number> {
    let added = 0;
    for (const event of events) {
      try {
        await this.db.send(
          new PutCommand({
            TableName: this.tableName,
            Item: this.eventItem(uscc, event),
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
    const items = await queryAll(this.db, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :g)',
      ExpressionAttributeValues: { ':pk': `USCC#${uscc}`, ':g': 'GOV#' },
    });
    return items.map((item) => item.event as GovernanceEvent);
  }
}
