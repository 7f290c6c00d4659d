import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { S3Client } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import defaultRules from '../config/rules.default.json' with { type: 'json' };
import { type Container, installContainer, withRegistered } from '../lambdas/adapters/container.js';
import { InProcessDocumentReader } from '../lambdas/adapters/document-reader.js';
import { DynamoFingerprintIndex } from '../lambdas/adapters/dynamo-fingerprints.js';
import { DynamoFunnelRepository } from '../lambdas/adapters/dynamo-funnel.js';
import { DynamoGovernanceEventRepository } from '../lambdas/adapters/dynamo-governance.js';
import { DynamoPortalRepository } from '../lambdas/adapters/dynamo-portal.js';
import { DynamoApplicationRepository } from '../lambdas/adapters/dynamo-repository.js';
import { DynamoRulesRepository } from '../lambdas/adapters/dynamo-rules.js';
import { DynamoSpotCheckRepository } from '../lambdas/adapters/dynamo-spot-checks.js';
import { DynamoViolationRepository } from '../lambdas/adapters/dynamo-violations.js';
import { S3DocumentStore } from '../lambdas/adapters/s3-document-store.js';
import { s3Presigner } from '../lambdas/adapters/s3-presigner.js';
import { parseRuleSettings } from '../lambdas/domain/settings.js';
import { PaddleOcr } from '../lambdas/ocr/paddle-ocr.js';
import { TERMINAL_STATUSES, UNFINISHED_STATUSES } from '../lambdas/ports/repository.js';
import { notifyReviewsDueToday } from '../lambdas/usecases/due-soon.js';
import { redriveApplication } from '../lambdas/usecases/funnel.js';
import { type ResolvedWorkflow, resolveWorkflow } from './asl.js';
import { ClockRouter, type RuntimeClock, SystemClock } from './clock.js';
import {
  createBucket,
  createTable,
  LOCAL_CREDENTIALS,
  LOCAL_REGION,
  localS3Client,
  type RunningDynamo,
  type RunningS3,
  startDynamoDbLocal,
  startS3,
} from './emulators.js';
import { faultsFromEnv } from './faults.js';
import { LocalNotifier, type LocalNotifierOptions } from './notifications.js';
import { type FaultRule, type InvocationRecord, LocalRuntime } from './runtime.js';
import { LocalSchedules, type LocalSchedulesOptions } from './schedules.js';
import { LocalStatementIssuer } from './statement-issuer.js';

export const LOCAL_TABLE = 'admission-local';
export const LOCAL_BUCKET = 'admission-documents-local';

export interface Emulators {
  dynamo: RunningDynamo;
  s3: RunningS3;
  stop(): Promise<void>;
}

/** DynamoDB Local and s3rver, persistent under `storeDir` or in memory / a temporary folder. */
export async function startEmulators(opts: { storeDir?: string } = {}): Promise<Emulators> {
  const [dynamo, s3] = await Promise.all([
    startDynamoDbLocal(opts.storeDir ? { dataDir: join(opts.storeDir, 'dynamodb') } : {}),
    startS3(opts.storeDir ? { dataDir: join(opts.storeDir, 's3') } : {}),
  ]);
  return { dynamo, s3, stop: async () => void (await Promise.all([dynamo.stop(), s3.stop()])) };
}

export interface Platform {
  container: Container;
  runtime: LocalRuntime;
  /** The spot-check rounds' state machine, from the same synthesized template. */
  spotRuntime: LocalRuntime;
  clocks: ClockRouter;
  tableName: string;
  /** Emails and webhooks (SPEC "Telling people"), run in-process. */
  notifier: LocalNotifier;
  /** The monthly spot-check round's schedule, when the platform runs it. */
  schedules: LocalSchedules | undefined;
  /** Starts a new runtime over the same stores (a restart) and re-drives unfinished applications. */
  restart(): Promise<Platform>;
  stop(): Promise<void>;
}

let cachedWorkflow: ResolvedWorkflow | undefined;

/** The synthesized definition, resolved once per process. */
export function workflowDefinition(): ResolvedWorkflow {
  cachedWorkflow ??= resolveWorkflow();
  return cachedWorkflow;
}

let cachedSpotChecks: ResolvedWorkflow | undefined;

/** The spot-check machine of the same synthesized template, resolved once per process. */
export function spotCheckDefinition(): ResolvedWorkflow {
  cachedSpotChecks ??= resolveWorkflow('spotChecks');
  return cachedSpotChecks;
}

export interface PlatformOptions {
  emulators: Emulators;
  /** A table of its own (tests share one DynamoDB Local). */
  tableName?: string;
  bucket?: string;
  clock?: RuntimeClock;
  faults?: FaultRule[];
  /** Re-drive applications left unfinished by an earlier run (default true). */
  redrive?: boolean;
  /** Sees the storage clients before first use (the benchmark counts their calls). */
  instrument?: (clients: { dynamo: DynamoDBDocumentClient; s3: S3Client }) => void;
  /** Sees every handler call the runtime makes. */
  onInvoke?: (record: InvocationRecord) => void;
  /** Where emails go (default: nowhere) and the notifier's settings (portal URL, backoff). */
  notify?: Pick<LocalNotifierOptions, 'mailer' | 'settings' | 'sweepMs'>;
  /**
   * Run the schedules (the monthly spot-check round) as EventBridge Scheduler does on AWS: on for
   * `npm start`; off unless asked in tests, so a test's admitted sellers are not spot-checked.
   */
  schedules?: LocalSchedulesOptions | false;
}

/**
 * The local platform: the same use cases and handlers as on AWS, with local adapters: DynamoDB
 * Local, s3rver, the local runtime as the Workflow port, and a controllable clock.
 */
export async function startPlatform(opts: PlatformOptions): Promise<Platform> {
  const tableName = opts.tableName ?? LOCAL_TABLE;
  const bucket = opts.bucket ?? LOCAL_BUCKET;
  await Promise.all([
    createTable(opts.emulators.dynamo.endpoint, tableName),
    createBucket(opts.emulators.s3.endpoint, bucket),
  ]);
  const db = DynamoDBDocumentClient.from(
    new DynamoDBClient({
      endpoint: opts.emulators.dynamo.endpoint,
      region: LOCAL_REGION,
      credentials: LOCAL_CREDENTIALS,
    }),
    { marshallOptions: { removeUndefinedValues: true } },
  );
  const s3 = localS3Client(opts.emulators.s3.endpoint);
  opts.instrument?.({ dynamo: db, s3 });
  const clocks = new ClockRouter(opts.clock ?? new SystemClock());
  const rules = parseRuleSettings(defaultRules);
  const documents = new S3DocumentStore(s3, bucket, s3Presigner);
  const portal = new DynamoPortalRepository(db, tableName);
  const applications = new DynamoApplicationRepository(db, tableName);
  const violations = new DynamoViolationRepository(db, tableName);
  let previewOcr: PaddleOcr | undefined;
  const runtimeOptions = {
    faults: opts.faults ?? faultsFromEnv(),
    ...(opts.onInvoke ? { onInvoke: opts.onInvoke } : {}),
  };
  const runtime = new LocalRuntime(workflowDefinition(), clocks, runtimeOptions);
  const spotRuntime = new LocalRuntime(spotCheckDefinition(), clocks, runtimeOptions);
  const notifier = new LocalNotifier({
    db,
    tableName,
    applications,
    portal,
    ...opts.notify,
    onSweep: () => notifyReviewsDueToday(container),
  });
  notifier.start();
  const container: Container = {
    applications,
    violations,
    governanceEvents: new DynamoGovernanceEventRepository(db, tableName),
    fingerprints: new DynamoFingerprintIndex(db, tableName),
    documents,
    workflow: runtime,
    clock: clocks,
    rulesConfig: new DynamoRulesRepository(db, tableName, rules),
    labs: () => withRegistered(portal),
    portal,
    reader: new InProcessDocumentReader(documents, () => (previewOcr ??= new PaddleOcr())),
    statements: new LocalStatementIssuer(
      s3,
      bucket,
      documents,
      applications,
      violations,
      clocks,
      notifier.notifications,
    ),
    funnel: new DynamoFunnelRepository(db, tableName),
    notifications: notifier.notifications,
    webhooks: notifier.webhooks,
    spotChecks: new DynamoSpotCheckRepository(db, tableName),
    spotCheckWorkflow: spotRuntime,
  };
  installContainer(container);
  const schedules = opts.schedules ? new LocalSchedules(container, opts.schedules) : undefined;
  const platform: Platform = {
    container,
    runtime,
    spotRuntime,
    clocks,
    tableName,
    notifier,
    schedules,
    restart: async () => {
      await schedules?.stop();
      runtime.stopAll();
      spotRuntime.stopAll();
      notifier.stop();
      // The old sender's POSTs still in flight finish (and are recorded) before the new one
      // reads the outbox, or a delivery could go out twice.
      await notifier.settled();
      return startPlatform({ ...opts, tableName, bucket, clock: clocks.fallback, redrive: true });
    },
    stop: async () => {
      await schedules?.stop();
      runtime.stopAll();
      spotRuntime.stopAll();
      notifier.stop();
      await notifier.settled();
      await previewOcr?.close();
      db.destroy();
      s3.destroy();
    },
  };
  if (opts.redrive !== false) await redrive(platform);
  // After the re-drive: a month's round already running is not started a second time.
  schedules?.start();
  return platform;
}

const UNFINISHED = UNFINISHED_STATUSES;

/**
 * After a restart: every application not yet ADMITTED or REJECTED re-enters the flow where it
 * stood. The steps are idempotent, so nothing is booked, recorded or decided twice.
 */
export async function redrive(platform: Platform): Promise<string[]> {
  const ids: string[] = [];
  for (const status of UNFINISHED) ids.push(...(await platform.container.applications.listByStatus(status)));
  for (const id of ids) {
    const record = await platform.container.applications.get(id);
    if (!record || TERMINAL_STATUSES.includes(record.status)) continue;
    await redriveApplication(platform.container, id);
  }
  // Spot-check rounds still running go on where they stood: every step is idempotent.
  for (const round of await platform.container.spotChecks.listRounds(100)) {
    if (round.status === 'RUNNING')
      await platform.spotRuntime.start(round.roundId, { roundId: round.roundId });
  }
  return ids;
}
