import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { S3Client } from '@aws-sdk/client-s3';
import { SFNClient } from '@aws-sdk/client-sfn';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import labRegistry from '../../config/labs.json' with { type: 'json' };
import defaultRules from '../../config/rules.default.json' with { type: 'json' };
import type { Lab } from '../domain/labs.js';
import { parseRuleSettings } from '../domain/settings.js';
import type { Clock, DocumentReader, DocumentStore, Workflow } from '../ports/index.js';
import type { PortalRepository, StatementIssuer } from '../ports/portal.js';
import type { ApplicationRepository, ViolationRepository } from '../ports/repository.js';
import type { RulesRepository } from '../ports/rules.js';
import { loadConfig } from '../shared/config.js';
import { DynamoPortalRepository } from './dynamo-portal.js';
import { DynamoApplicationRepository } from './dynamo-repository.js';
import { DynamoRulesRepository } from './dynamo-rules.js';
import { DynamoViolationRepository } from './dynamo-violations.js';
import { LambdaDocumentReader } from './lambda-document-reader.js';
import { S3DocumentStore } from './s3-document-store.js';
import { SfnStatementIssuer } from './sfn-statement-issuer.js';
import { SfnWorkflow } from './sfn-workflow.js';

/** Everything a use case may touch. Built once per Lambda container; the local runtime supplies its own. */
export interface Container {
  applications: ApplicationRepository;
  violations: ViolationRepository;
  documents: DocumentStore;
  workflow: Workflow;
  clock: Clock;
  /** The rules configuration: current, or the version an application was submitted under. */
  rulesConfig: RulesRepository;
  /** The lab registry ops keep. */
  labs(): Promise<Lab[]>;
  /** Drafts, owners and work queues of the portal. */
  portal: PortalRepository;
  /** Reads one uploaded file at once, for the seller's preview. */
  reader: DocumentReader;
  /** Finance's statement runs. */
  statements: StatementIssuer;
}

export const systemClock: Clock = { now: () => new Date() };

/** The defaults shipped with the code; published as the first version when the table has none. */
export const bundledRules = parseRuleSettings(defaultRules);

export function awsContainer(): Container {
  const config = loadConfig();
  const db = DynamoDBDocumentClient.from(new DynamoDBClient({}), {
    marshallOptions: { removeUndefinedValues: true },
  });
  const s3 = new S3Client({});
  const sfn = new SFNClient({});
  const portal = new DynamoPortalRepository(db, config.TABLE_NAME);
  const documents = new S3DocumentStore(s3, config.BUCKET_NAME);
  return {
    applications: new DynamoApplicationRepository(db, config.TABLE_NAME, config.AUDIT_TABLE_NAME),
    violations: new DynamoViolationRepository(db, config.TABLE_NAME),
    documents,
    workflow: new SfnWorkflow(sfn, config.STATE_MACHINE_ARN ?? 'unset'),
    clock: systemClock,
    rulesConfig: new DynamoRulesRepository(db, config.TABLE_NAME, bundledRules),
    labs: () => withRegistered(portal),
    portal,
    reader: new LambdaDocumentReader(new LambdaClient({}), config.READER_FUNCTION_NAME ?? 'unset'),
    statements: new SfnStatementIssuer(sfn, config.STATEMENT_JOB_ARN ?? 'unset', documents),
  };
}

/** The bundled lab registry, with the labs ops registered since (by labId). */
export async function withRegistered(portal: PortalRepository): Promise<Lab[]> {
  const byId = new Map<string, Lab>(labRegistry.map((l) => [l.labId, l]));
  for (const lab of await portal.listLabs()) byId.set(lab.labId, lab);
  return [...byId.values()];
}

let current: Container | undefined;

export function container(): Container {
  current ??= awsContainer();
  return current;
}

/** The local runtime swaps adapters here, never logic. */
export function installContainer(c: Container): void {
  current = c;
}
