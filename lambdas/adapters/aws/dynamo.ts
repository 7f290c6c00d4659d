import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { loadConfig } from '../../shared/config.js';
import { bundledRules, type Ports, withRegistered } from '../container.js';
import { DynamoFingerprintIndex } from '../dynamo-fingerprints.js';
import { DynamoFunnelRepository } from '../dynamo-funnel.js';
import { DynamoGovernanceEventRepository } from '../dynamo-governance.js';
import { DynamoPortalRepository } from '../dynamo-portal.js';
import { DynamoApplicationRepository } from '../dynamo-repository.js';
import { DynamoRulesRepository } from '../dynamo-rules.js';
import { DynamoSpotCheckRepository } from '../dynamo-spot-checks.js';
import { DynamoViolationRepository } from '../dynamo-violations.js';

let client: DynamoDBDocumentClient | undefined;
/** One DynamoDB client per execution environment, made on first use. */
export function db(): DynamoDBDocumentClient {
  client ??= DynamoDBDocumentClient.from(new DynamoDBClient({}), {
    marshallOptions: { removeUndefinedValues: true },
  });
  return client;
}

let portal: DynamoPortalRepository | undefined;
const portalRepository = () => {
  portal ??= new DynamoPortalRepository(db(), loadConfig().TABLE_NAME);
  return portal;
};

/** The ports kept in DynamoDB: applications, violations, governance events, rules, the portal's items, the labs. */
export const dynamoPorts = {
  applications: () => {
    const config = loadConfig();
    return new DynamoApplicationRepository(db(), config.TABLE_NAME, config.AUDIT_TABLE_NAME);
  },
  violations: () => new DynamoViolationRepository(db(), loadConfig().TABLE_NAME),
  governanceEvents: () => new DynamoGovernanceEventRepository(db(), loadConfig().TABLE_NAME),
  fingerprints: () => new DynamoFingerprintIndex(db(), loadConfig().TABLE_NAME),
  rulesConfig: () => new DynamoRulesRepository(db(), loadConfig().TABLE_NAME, bundledRules),
  portal: portalRepository,
  funnel: () => new DynamoFunnelRepository(db(), loadConfig().TABLE_NAME),
  labs: () => () => withRegistered(portalRepository()),
  spotChecks: () => new DynamoSpotCheckRepository(db(), loadConfig().TABLE_NAME),
} as const satisfies Ports;
