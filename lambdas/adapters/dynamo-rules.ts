import {
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import type { RuleSettings } from '../domain/settings.js';
import type { RulesRepository, RulesVersion } from '../ports/rules.js';
import { AlreadyDecidedError } from '../shared/errors.js';
import { isConditionFailure } from './dynamo-repository.js';

const PK = 'CONFIG#rules';

/** Versions under CONFIG#rules (VERSION#<v>), and a CURRENT item naming the current one. */
export class DynamoRulesRepository implements RulesRepository {
  // Versions never change once published, so they are cached for the life of the container.
  private readonly versions = new Map<string, RulesVersion>();

  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly defaults: RuleSettings,
  ) {}

  async current(): Promise<RulesVersion> {
    const out = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: { pk: PK, sk: 'CURRENT' }, ConsistentRead: true }),
    );
    const version = out.Item?.version as string | undefined;
    if (version) return (await this.get(version)) as RulesVersion;
    try {
      return await this.publish(this.defaults, 'seed:config/rules.default.json');
    } catch (err) {
      // Another process seeded it first.
      if (!(err instanceof AlreadyDecidedError)) throw err;
      return this.current();
    }
  }

  async get(version: string): Promise<RulesVersion | null> {
    const cached = this.versions.get(version);
    if (cached) return cached;
    const out = await this.db.send(
      new GetCommand({
        TableName: this.tableName,
        Key: { pk: PK, sk: `VERSION#${version}` },
        ConsistentRead: true,
      }),
    );
    if (!out.Item) return null;
    const { pk: _p, sk: _s, ...rest } = out.Item;
    const found = rest as RulesVersion;
    this.versions.set(version, found);
    return found;
  }

  async publish(settings: RuleSettings, publishedBy: string): Promise<RulesVersion> {
    const item: RulesVersion = {
      version: settings.version,
      settings,
      publishedAt: new Date().toISOString(),
      publishedBy,
    };
    try {
      await this.db.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.tableName,
                Item: { pk: PK, sk: `VERSION#${settings.version}`, ...item },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            {
              Put: { TableName: this.tableName, Item: { pk: PK, sk: 'CURRENT', version: settings.version } },
            },
          ],
        }),
      );
    } catch (err) {
      if (isConditionFailure(err)) {
        throw new AlreadyDecidedError(
          `rules version ${settings.version} exists already; publish a new version`,
          {
            cause: err,
          },
        );
      }
      throw err;
    }
    return item;
  }

  async list(): Promise<Omit<RulesVersion, 'settings'>[]> {
    const out = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :v)',
        ExpressionAttributeValues: { ':pk': PK, ':v': 'VERSION#' },
        ProjectionExpression: 'version, publishedAt, publishedBy',
      }),
    );
    return (out.Items ?? []) as Omit<RulesVersion, 'settings'>[];
  }
}
