/**
 * Orchestration throughput: generated text-layer applications through the local platform (the
 * synthesized state machine over DynamoDB Local and s3rver, the real handlers, `admit`'s driver
 * answering lab results and the signature) at each concurrency, and in the same run the raw work
 * those applications need, replayed directly (replay.ts). Also counts what the cost model prices.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { auditTableOf } from '../../lambdas/adapters/dynamo-repository';
import type { AgreementInput } from '../../lambdas/agreement/content';
import type { DocumentType } from '../../lambdas/domain/model';
import type { AgreementIssue } from '../../lambdas/usecases/agreement';
import { admitFolder } from '../../local/admit';
import {
  createBucket,
  createTable,
  LOCAL_CREDENTIALS,
  LOCAL_REGION,
  localS3Client,
} from '../../local/emulators';
import {
  type Emulators,
  type Platform,
  startEmulators,
  startPlatform,
  workflowDefinition,
} from '../../local/platform';
import type { InvocationRecord } from '../../local/runtime';
import { writeApplicationFolder } from '../../test/support/docgen/index';
import { gbSeconds, type Usage } from '../cost/model';
import { type Percentiles, percentiles } from '../stats';
import { type RecordedCall, Recorder, s3RequestClass } from './recorder';
import { Replayer, type ReplayJob } from './replay';

export interface OrchestrationOptions {
  /** Applications per concurrency level. */
  apps: number;
  levels: number[];
  /** Distinct generated applications (documents), reused under new ids. */
  distinct: number;
  /** Applications run (and replayed) first, unmeasured: JIT warm-up of Node and DynamoDB Local. */
  warmup: number;
}

export const DEFAULT_ORCHESTRATION: OrchestrationOptions = {
  apps: 24,
  levels: [1, 2, 4, 8],
  distinct: 8,
  warmup: 16,
};

export interface LevelResult {
  concurrency: number;
  applications: number;
  pipeline: {
    seconds: number;
    appsPerSecond: number;
    nodeCpuSeconds: number;
    dynamoCpuSeconds: number | null;
  };
  raw: { seconds: number; appsPerSecond: number; nodeCpuSeconds: number; dynamoCpuSeconds: number | null };
  /** Pipeline time over raw time. */
  overhead: number;
  /** Handler wall time per state, ms. */
  steps: Record<string, Percentiles>;
}

export interface OrchestrationReport {
  options: OrchestrationOptions;
  levels: LevelResult[];
  best: { concurrency: number; appsPerSecond: number; overhead: number };
  perApplication: {
    transitions: number;
    lambdaInvocations: number;
    dynamoCalls: number;
    s3Calls: number;
    callsByCommand: Record<string, number>;
    /** DynamoDB request units by command (reads and writes as DynamoDB Local reported them). */
    unitsByCommand: Record<string, number>;
    documents: number;
    /** The extraction function's memory: OCR runs there. */
    extractionMemoryMb: number;
  };
  usage: Usage;
  unattributedCalls: number;
  /** Replayed calls retried or refused by shared set-up written in another order (replay.ts). */
  replayAnomalies: { retriedReads: number; sharedSetupRefusals: number };
}

interface Template {
  dir: string;
  documents: { type: DocumentType; file: string; bytes: Uint8Array }[];
}

interface Job {
  id: string;
  folder: string;
  template: Template;
}

const DECISIONS = { labResults: {}, signature: { accept: true, signerName: '张三' } };

async function generate(root: string, distinct: number): Promise<Template[]> {
  const out: Template[] = [];
  for (let i = 0; i < distinct; i++) {
    const dir = join(root, `template-${i}`);
    const { application } = await writeApplicationFolder(dir, {
      applicationId: `template-${i}`,
      seed: 1000 + i,
      decisions: DECISIONS,
    });
    out.push({
      dir,
      documents: application.documents.map((d) => ({
        type: d.type as DocumentType,
        file: d.file,
        bytes: new Uint8Array(readFileSync(join(dir, d.file))),
      })),
    });
  }
  return out;
}

function jobsFor(root: string, templates: Template[], prefix: string, n: number): Job[] {
  return Array.from({ length: n }, (_, i) => {
    const template = templates[i % templates.length] as Template;
    const id = `${prefix}-${i}`;
    const folder = join(root, id);
    cpSync(template.dir, folder, { recursive: true });
    const app = JSON.parse(readFileSync(join(folder, 'application.json'), 'utf8')) as {
      applicationId: string;
    };
    app.applicationId = id;
    writeFileSync(join(folder, 'application.json'), JSON.stringify(app));
    return { id, folder, template };
  });
}

async function pool<T>(items: T[], concurrency: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      while (next < items.length) await fn(items[next++] as T);
    }),
  );
}

/** CPU seconds of another process (Linux /proc), or null where that cannot be read. */
function processCpuSeconds(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    // utime and stime, in clock ticks (100 per second on Linux).
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}

async function measure(
  pid: number | undefined,
  fn: () => Promise<void>,
): Promise<{ seconds: number; nodeCpuSeconds: number; dynamoCpuSeconds: number | null }> {
  const cpu = process.cpuUsage();
  const dynamo = processCpuSeconds(pid);
  const started = performance.now();
  await fn();
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  const dynamoAfter = processCpuSeconds(pid);
  return {
    seconds,
    nodeCpuSeconds: (used.user + used.system) / 1e6,
    dynamoCpuSeconds: dynamo !== null && dynamoAfter !== null ? dynamoAfter - dynamo : null,
  };
}

const PIPELINE = 'bench-pipeline';
const RAW = 'bench-raw';

export async function benchOrchestration(
  options: OrchestrationOptions = DEFAULT_ORCHESTRATION,
  log: (line: string) => void = () => {},
): Promise<OrchestrationReport> {
  const root = mkdtempSync(join(tmpdir(), 'bench-orchestration-'));
  let emulators: Emulators | undefined;
  let platform: Platform | undefined;
  try {
    log('generating applications');
    const templates = await generate(root, options.distinct);
    emulators = await startEmulators();
    const recorder = new Recorder();
    const invocations: InvocationRecord[] = [];
    workflowDefinition();
    platform = await startPlatform({
      emulators,
      tableName: PIPELINE,
      bucket: PIPELINE,
      redrive: false,
      instrument: ({ dynamo, s3 }) => {
        recorder.attach('dynamodb', dynamo);
        recorder.attach('s3', s3);
      },
      onInvoke: (r) => invocations.push(r),
    });
    const running = platform;
    await Promise.all([
      createTable(emulators.dynamo.endpoint, RAW),
      createBucket(emulators.s3.endpoint, RAW),
    ]);
    // Configured as the platform's client (lib/platform.ts).
    const dynamoClient = DynamoDBDocumentClient.from(
      new DynamoDBClient({
        endpoint: emulators.dynamo.endpoint,
        region: LOCAL_REGION,
        credentials: LOCAL_CREDENTIALS,
      }),
      { marshallOptions: { removeUndefinedValues: true } },
    );
    const s3Client = localS3Client(emulators.s3.endpoint);
    const replayer = new Replayer(
      { dynamodb: dynamoClient, s3: s3Client },
      new Map([
        [PIPELINE, RAW],
        [auditTableOf(PIPELINE), auditTableOf(RAW)],
      ]),
    );
    const pid = emulators.dynamo.pid;

    const admit = async (job: Job) => {
      const record = await recorder.run(job.id, () => admitFolder(running, job.folder));
      if (record.status !== 'ADMITTED')
        throw new Error(`${job.id} ended ${record.status}: ${JSON.stringify(record).slice(0, 400)}`);
    };
    const replayJob = async (job: Job): Promise<ReplayJob> => {
      const issue = await running.container.applications.getResult<AgreementIssue>(job.id, 'agreement-1');
      return {
        calls: recorder.calls.get(job.id) ?? [],
        documents: job.template.documents,
        agreement: (issue as AgreementInput | null) ?? null,
      };
    };

    log(`warm-up: ${options.warmup} applications`);
    const warm = jobsFor(root, templates, 'warm', options.warmup);
    // Two at a time: Node's and DynamoDB Local's JIT see the same code paths the levels will.
    await pool(warm, 2, admit);
    const warmReplays = await Promise.all(warm.map(replayJob));
    await pool(warmReplays, 2, (j) => replayer.run(j));

    const levels: LevelResult[] = [];
    const measured: Job[] = [];
    for (const concurrency of options.levels) {
      const jobs = jobsFor(root, templates, `c${concurrency}`, options.apps);
      const first = invocations.length;
      const pipeline = await measure(pid, () => pool(jobs, concurrency, admit));
      const replays = await Promise.all(jobs.map(replayJob));
      const raw = await measure(pid, () => pool(replays, concurrency, (j) => replayer.run(j)));
      measured.push(...jobs);
      const byState = new Map<string, number[]>();
      for (const r of invocations.slice(first)) byState.set(r.state, [...(byState.get(r.state) ?? []), r.ms]);
      const level: LevelResult = {
        concurrency,
        applications: jobs.length,
        pipeline: { ...pipeline, appsPerSecond: jobs.length / pipeline.seconds },
        raw: { ...raw, appsPerSecond: jobs.length / raw.seconds },
        overhead: pipeline.seconds / raw.seconds,
        steps: Object.fromEntries([...byState].map(([state, ms]) => [state, percentiles(ms)])),
      };
      levels.push(level);
      log(
        `concurrency ${concurrency}: ${level.pipeline.appsPerSecond.toFixed(2)} apps/s, raw ${level.raw.appsPerSecond.toFixed(2)} apps/s, overhead ${level.overhead.toFixed(2)}×`,
      );
    }

    const best = levels.reduce((a, b) => (b.pipeline.appsPerSecond > a.pipeline.appsPerSecond ? b : a));
    // Handler durations from the least contended level: at higher concurrency a handler's wall
    // time includes other applications' work on the same event loop, which a Lambda never waits for.
    const calm = levels.reduce((a, b) => (b.concurrency < a.concurrency ? b : a));
    const calmIds = new Set(
      measured.filter((j) => j.id.startsWith(`c${calm.concurrency}-`)).map((j) => j.id),
    );
    const calls = measured.flatMap((j) => recorder.calls.get(j.id) ?? []);
    const usage = await usageOf(
      running,
      measured,
      calls,
      invocations,
      invocations.filter((i) => calmIds.has(i.applicationId)),
    );
    const callsByCommand: Record<string, number> = {};
    const unitsByCommand: Record<string, number> = {};
    for (const c of calls) {
      const key = `${c.service}:${c.command.replace(/Command$/, '')}`;
      callsByCommand[key] = (callsByCommand[key] ?? 0) + 1;
      if (c.service === 'dynamodb')
        unitsByCommand[key] = (unitsByCommand[key] ?? 0) + c.readUnits + c.writeUnits;
    }
    const perApplication = (o: Record<string, number>) =>
      Object.fromEntries(
        Object.entries(o).map(([k, v]) => [k, Math.round((v / measured.length) * 100) / 100]),
      );
    dynamoClient.destroy();
    s3Client.destroy();
    return {
      options,
      levels,
      best: {
        concurrency: best.concurrency,
        appsPerSecond: best.pipeline.appsPerSecond,
        overhead: best.overhead,
      },
      perApplication: {
        transitions: usage.transitions / measured.length,
        lambdaInvocations: usage.lambdaInvocations / measured.length,
        dynamoCalls: calls.filter((c) => c.service === 'dynamodb').length / measured.length,
        s3Calls: calls.filter((c) => c.service === 's3').length / measured.length,
        callsByCommand: perApplication(callsByCommand),
        unitsByCommand: perApplication(unitsByCommand),
        documents: measured.reduce((n, j) => n + j.template.documents.length, 0) / measured.length,
        extractionMemoryMb:
          [...workflowDefinition().handlers.values()].find((h) => h.name === 'ExtractDocument')?.memoryMb ??
          0,
      },
      usage,
      unattributedCalls: recorder.unattributed,
      replayAnomalies: { ...replayer.anomalies },
    };
  } finally {
    await platform?.stop();
    await emulators?.stop();
    rmSync(root, { recursive: true, force: true });
  }
}

/** Bytes AWS writes per log record (a state's event without data; START/END/REPORT of a Lambda). */
const STATE_LOG_EVENT_BYTES = 350;
const LAMBDA_PLATFORM_LOG_BYTES = 350;

/**
 * What the measured applications used, for the cost model. Transitions are the states entered and
 * retried. Logs and API requests are modelled from counted events (see the report's notes).
 */
async function usageOf(
  platform: Platform,
  jobs: Job[],
  /** Every storage call of the measured applications. */
  calls: RecordedCall[],
  /** Every handler call of the run, and those whose durations are priced. */
  platformInvocations: InvocationRecord[],
  invocations: InvocationRecord[],
): Promise<Usage> {
  const ids = new Set(jobs.map((j) => j.id));
  const definition = workflowDefinition().definition;
  const taskStates = new Set<string>();
  const collect = (states: Record<string, { Type: string; ItemProcessor?: unknown; Branches?: unknown }>) => {
    for (const [name, s] of Object.entries(states)) {
      if (s.Type === 'Task') taskStates.add(name);
      const nested = [s.ItemProcessor, ...((s.Branches as unknown[]) ?? [])] as (
        | { States: never }
        | undefined
      )[];
      for (const n of nested) if (n?.States) collect(n.States);
    }
  };
  collect(definition.States as never);
  let transitions = 0;
  let logEvents = 0;
  let executions = 0;
  for (const e of platform.runtime.executions.values()) {
    if (!ids.has(e.applicationId)) continue;
    executions++;
    const entered = e.history.filter((h) => h.type === 'StateEntered');
    transitions += entered.length + e.history.filter((h) => h.type === 'StateRetried').length;
    // AWS logs TaskScheduled, TaskStarted and TaskSucceeded beside a task's entered/exited.
    logEvents += e.history.length + 3 * entered.filter((h) => taskStates.has(h.state ?? '')).length;
  }
  // Durations of the sampled applications, per application, scaled to every measured one.
  const sampled = new Set(invocations.map((i) => i.applicationId)).size;
  const perApp = gbSeconds(invocations).div(Math.max(1, sampled));
  const lambdaInvocations = platformInvocations.filter((i) => ids.has(i.applicationId)).length;
  let apiRequests = 0;
  for (const j of jobs) {
    const bookings = await platform.container.applications.listBookings(j.id);
    // Seller: create the draft, a presigned POST and a confirmation per document, submit, three
    // status reads, the agreement link, the signature; the lab: one result per booking.
    apiRequests += 2 * j.template.documents.length + 7 + bookings.length;
  }
  return {
    applications: jobs.length,
    transitions,
    lambdaInvocations,
    lambdaGbSeconds: perApp.times(jobs.length).toString(),
    dynamoReadUnits: calls.reduce((s, c) => s + c.readUnits, 0),
    dynamoWriteUnits: calls.reduce((s, c) => s + c.writeUnits, 0),
    s3PutClass: calls.filter((c) => c.service === 's3' && s3RequestClass(c.command) === 'put').length,
    s3GetClass: calls.filter((c) => c.service === 's3' && s3RequestClass(c.command) === 'get').length,
    logBytes: logEvents * STATE_LOG_EVENT_BYTES + lambdaInvocations * LAMBDA_PLATFORM_LOG_BYTES,
    traces: executions,
    apiRequests,
  };
}
