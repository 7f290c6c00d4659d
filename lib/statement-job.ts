import { type CfnElement, Duration, Stack } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import * as cxapi from 'aws-cdk-lib/cx-api';
import { Construct } from 'constructs';
import { BUNDLED_FONT_DIR, CJK_FONT_PACKAGE_PATH } from '../lambdas/pdf/font-file.js';
import { acknowledge, arnRef } from './acknowledge.js';
import { HouseFunction } from './house-function.js';
import { TRANSIENT_ERRORS } from './workflow.js';

export interface StatementJobProps {
  bucket: s3.IBucket;
  table: dynamodb.ITable;
  auditTable: dynamodb.ITable;
  key: kms.IKey;
}

/** Order files finance drops for a run; statement runs write under their own prefix. */
export const ORDERS_PREFIX = 'orders/';
export const STATEMENTS_PREFIX = 'statements/';
/** A run's own objects (schedules, partials, lines, summary) and what finance is given. */
export const RUNS_PREFIX = `${STATEMENTS_PREFIX}runs/`;
export const ISSUED_PREFIX = `${STATEMENTS_PREFIX}issued/`;
/** What the files step ships beside its bundle: the CJK font its PDF writer cuts a subset of. */
export const STATEMENT_FILES_BUNDLE = { dir: BUNDLED_FONT_DIR, files: [CJK_FONT_PACKAGE_PATH] } as const;
/** Statements per batch of the files Map (each: its JSON, CSV and PDF). */
export const STATEMENTS_PER_FILES_BATCH = 8;

/**
 * Statements at scale (SPEC "Statements", ARCHITECTURE "Statements at scale"):
 *   PrepareStatementRun (fee schedules snapshot) → SumOrderFiles (Distributed Map over the order
 *   objects under orders/, batches of objects, one Lambda per batch writing a partial and its
 *   lines in the period) → ReduceStatements (merges the partials listed in the Map Run's
 *   ResultWriter manifest; lists the statements) → WriteStatementFiles (Distributed Map over
 *   that list, batches of statements, one Lambda per batch writing their JSON, CSV and PDF) →
 *   IssueStatements (publishes the issued record, write-once, after every file exists).
 * The Lambdas run the same scanner, domain code and file writer as `npm run statements`.
 * Input: { "period": "YYYY-MM" }.
 */
export class StatementJob extends Construct {
  readonly stateMachine: sfn.StateMachine;
  readonly functions: Record<'prepare' | 'batch' | 'reduce' | 'files' | 'issue', HouseFunction>;

  constructor(scope: Construct, id: string, props: StatementJobProps) {
    super(scope, id);
    // ResultWriterV2 (the V1 class is deprecated) renders only under its feature flag: set here,
    // for this construct alone, before its children exist.
    this.node.setContext(cxapi.STEPFUNCTIONS_USE_DISTRIBUTED_MAP_RESULT_WRITER_V2, true);
    const { bucket, table, key } = props;
    // The audit table's name only satisfies the shared configuration: no access to it is granted.
    const env = {
      TABLE_NAME: table.tableName,
      AUDIT_TABLE_NAME: props.auditTable.tableName,
      BUCKET_NAME: bucket.bucketName,
    };
    const fn = (
      name: string,
      entry: string,
      description: string,
      memorySize: number,
      timeout: Duration,
      bundleFiles?: { dir: string; files: readonly string[] },
    ) =>
      new HouseFunction(this, name, {
        entry,
        description,
        memorySize,
        timeout,
        environment: env,
        logKey: key,
        ...(bundleFiles ? { bundleFiles } : {}),
      });
    const prepare = fn(
      'Prepare',
      'lambdas/steps/statement-prepare/handler.ts',
      'Statement run: snapshots the admitted sellers’ fee schedules',
      512,
      Duration.seconds(60),
    );
    // One vCPU at 1769 MB: the batch is CPU-bound byte scanning.
    const batch = fn(
      'Batch',
      'lambdas/steps/statement-batch/handler.ts',
      'Statement run: sums one batch of order files into a partial',
      1769,
      Duration.minutes(10),
    );
    const reduce = fn(
      'Reduce',
      'lambdas/steps/statement-reduce/handler.ts',
      'Statement run: merges the partials into the summary and the statements',
      1024,
      Duration.minutes(5),
    );
    // The CLI's writer: JSON and CSV from the lines, the PDF from a font subset cut once per container.
    const files = fn(
      'Files',
      'lambdas/steps/statement-files/handler.ts',
      'Statement run: writes one batch of statements’ JSON, CSV and PDF',
      1769,
      Duration.minutes(10),
      STATEMENT_FILES_BUNDLE,
    );
    const issue = fn(
      'Issue',
      'lambdas/steps/statement-issue/handler.ts',
      'Statement run: publishes the issued statements once every file is written',
      256,
      Duration.seconds(60),
    );
    this.functions = { prepare, batch, reduce, files, issue };

    // Least privilege by prefix: orders are read only; run objects written under statements/.
    table.grantReadData(prepare.fn);
    bucket.grantPut(prepare.fn, `${STATEMENTS_PREFIX}*`);
    bucket.grantRead(batch.fn, `${ORDERS_PREFIX}*`);
    bucket.grantReadWrite(batch.fn, `${STATEMENTS_PREFIX}*`);
    bucket.grantReadWrite(reduce.fn, `${STATEMENTS_PREFIX}*`);
    // The files and the issued record: run objects read, issued/ written once (issue reads it back
    // to tell its own retry from another run).
    bucket.grantRead(files.fn, `${RUNS_PREFIX}*`);
    bucket.grantPut(files.fn, `${ISSUED_PREFIX}*`);
    bucket.grantRead(issue.fn, `${RUNS_PREFIX}*`);
    bucket.grantRead(issue.fn, `${ISSUED_PREFIX}*`);
    bucket.grantPut(issue.fn, `${ISSUED_PREFIX}*`);
    const objects = (prefix: string) => `AwsSolutions-IAM5[Resource::${arnRef(bucket)}/${prefix}*]`;
    const s3Actions = [
      'AwsSolutions-IAM5[Action::s3:GetObject*]',
      'AwsSolutions-IAM5[Action::s3:GetBucket*]',
      'AwsSolutions-IAM5[Action::s3:List*]',
      'AwsSolutions-IAM5[Action::s3:DeleteObject*]',
      'AwsSolutions-IAM5[Action::s3:Abort*]',
      'AwsSolutions-IAM5[Action::kms:GenerateDataKey*]',
      'AwsSolutions-IAM5[Action::kms:ReEncrypt*]',
    ];
    const why =
      'CDK data-plane grants scoped to one prefix of this stack’s bucket (orders/ read-only, statements/ for run objects, statements/runs/ read and statements/issued/ written by the files and issue steps), its key’s data-key actions, and the table’s indexes (the status index).';
    acknowledge(
      prepare.fn.role as iam.IRole,
      why,
      objects(STATEMENTS_PREFIX),
      ...s3Actions,
      `AwsSolutions-IAM5[Resource::${arnRef(table)}/index/*]`,
    );
    acknowledge(
      batch.fn.role as iam.IRole,
      why,
      objects(ORDERS_PREFIX),
      objects(STATEMENTS_PREFIX),
      ...s3Actions,
    );
    acknowledge(reduce.fn.role as iam.IRole, why, objects(STATEMENTS_PREFIX), ...s3Actions);
    for (const f of [files, issue])
      acknowledge(f.fn.role as iam.IRole, why, objects(RUNS_PREFIX), objects(ISSUED_PREFIX), ...s3Actions);

    const failed = new sfn.Fail(this, 'StatementRunFailed', {
      comment:
        'A step failed after its retries; the period is not issued (statements/issued/<period>/summary.json is written last).',
      errorPath: '$.error.Error',
      causePath: '$.error.Cause',
    });
    const invoke = (name: string, f: HouseFunction, payload: Record<string, unknown>, resultPath: string) => {
      const task = new tasks.LambdaInvoke(this, name, {
        lambdaFunction: f.fn,
        payload: sfn.TaskInput.fromObject(payload),
        retryOnServiceExceptions: false,
        resultSelector: { 'Payload.$': '$.Payload' },
        resultPath,
        taskTimeout: sfn.Timeout.duration(f.fn.timeout ?? Duration.minutes(1)),
      });
      task.addRetry({
        errors: TRANSIENT_ERRORS,
        interval: Duration.seconds(1),
        backoffRate: 2,
        maxAttempts: 4,
        maxDelay: Duration.seconds(30),
        jitterStrategy: sfn.JitterType.FULL,
      });
      return task;
    };

    const prepareRun = invoke(
      'PrepareStatementRun',
      prepare,
      { 'period.$': '$.period', 'runId.$': '$$.Execution.Name' },
      '$.run',
    );
    prepareRun.addCatch(failed, { errors: ['States.ALL'], resultPath: '$.error' });

    const sumBatch = invoke(
      'SumOrderBatch',
      batch,
      { 'Items.$': '$.Items', 'BatchInput.$': '$.BatchInput' },
      '$.partial',
    );
    sumBatch.addCatch(
      new sfn.Fail(this, 'SumOrderBatchFailed', { errorPath: '$.error.Error', causePath: '$.error.Cause' }),
      {
        errors: ['States.ALL'],
        resultPath: '$.error',
      },
    );
    const sumFiles = new sfn.DistributedMap(this, 'SumOrderFiles', {
      itemReader: new sfn.S3ObjectsItemReader({ bucket, prefix: ORDERS_PREFIX }),
      itemBatcher: new sfn.ItemBatcher({
        maxItemsPerBatch: 16,
        batchInput: {
          'period.$': '$.run.Payload.period',
          'runPrefix.$': '$.run.Payload.runPrefix',
          'schedulesKey.$': '$.run.Payload.schedulesKey',
        },
      }),
      resultWriterV2: new sfn.ResultWriterV2({ bucket, prefix: `${STATEMENTS_PREFIX}map-runs` }),
      // Every order must count: one failed batch fails the run rather than leave a total short.
      toleratedFailurePercentage: 0,
      maxConcurrency: 100,
      mapExecutionType: sfn.StateMachineType.STANDARD,
      resultPath: '$.map',
    });
    sumFiles.itemProcessor(sumBatch);
    sumFiles.addCatch(failed, { errors: ['States.ALL'], resultPath: '$.error' });

    const reduceRun = invoke(
      'ReduceStatements',
      reduce,
      {
        'period.$': '$.run.Payload.period',
        'runPrefix.$': '$.run.Payload.runPrefix',
        'schedulesKey.$': '$.run.Payload.schedulesKey',
        'manifestKey.$': '$.map.ResultWriterDetails.Key',
      },
      '$.result',
    );
    reduceRun.addCatch(failed, { errors: ['States.ALL'], resultPath: '$.error' });

    const runRef = {
      'period.$': '$.run.Payload.period',
      'runPrefix.$': '$.run.Payload.runPrefix',
      'schedulesKey.$': '$.run.Payload.schedulesKey',
    };
    const filesBatch = invoke(
      'WriteStatementBatch',
      files,
      { 'Items.$': '$.Items', 'BatchInput.$': '$.BatchInput' },
      '$.written',
    );
    filesBatch.addCatch(
      new sfn.Fail(this, 'WriteStatementBatchFailed', {
        errorPath: '$.error.Error',
        causePath: '$.error.Cause',
      }),
      { errors: ['States.ALL'], resultPath: '$.error' },
    );
    const writeFiles = new sfn.DistributedMap(this, 'WriteStatementFiles', {
      // The statements Reduce listed (a JSON array in S3: the list outgrows a state's 256 KB).
      itemReader: new sfn.S3JsonItemReader({
        bucket,
        key: sfn.JsonPath.stringAt('$.result.Payload.itemsKey'),
      }),
      itemBatcher: new sfn.ItemBatcher({
        maxItemsPerBatch: STATEMENTS_PER_FILES_BATCH,
        // A statement's item lists one slice per sum batch: many order files make items larger.
        maxInputBytesPerBatch: 200 * 1024,
        batchInput: runRef,
      }),
      resultWriterV2: new sfn.ResultWriterV2({ bucket, prefix: `${STATEMENTS_PREFIX}map-runs` }),
      // Every statement gets its files, or the period is not issued.
      toleratedFailurePercentage: 0,
      maxConcurrency: 100,
      mapExecutionType: sfn.StateMachineType.STANDARD,
      resultPath: '$.files',
    });
    writeFiles.itemProcessor(filesBatch);
    writeFiles.addCatch(failed, { errors: ['States.ALL'], resultPath: '$.error' });

    const issueRun = invoke('IssueStatements', issue, runRef, '$.issued');
    issueRun.addCatch(failed, { errors: ['States.ALL'], resultPath: '$.error' });

    const logGroup = new logs.LogGroup(this, 'ExecutionLogs', {
      retention: logs.RetentionDays.THREE_MONTHS,
      encryptionKey: key,
    });
    this.stateMachine = new sfn.StateMachine(this, 'StateMachine', {
      stateMachineType: sfn.StateMachineType.STANDARD,
      definitionBody: sfn.DefinitionBody.fromChainable(
        prepareRun
          .next(sumFiles)
          .next(reduceRun)
          .next(writeFiles)
          .next(issueRun)
          .next(new sfn.Succeed(this, 'StatementsWritten')),
      ),
      tracingEnabled: true,
      logs: { destination: logGroup, level: sfn.LogLevel.ALL, includeExecutionData: false },
      comment: 'Settlement statements over the order files in S3',
    });
    // ResultWriter writes the Map Run's results into the KMS-encrypted bucket.
    key.grantEncryptDecrypt(this.stateMachine);

    const stack = Stack.of(this);
    const logicalId = (c: Construct) => stack.getLogicalId(c.node.defaultChild as CfnElement);
    acknowledge(
      this.stateMachine.role,
      'Step Functions invokes the five statement functions by ARN and version (":*"); the Distributed Maps list the order objects and read the statement list, and ResultWriter writes the Map Run results (CDK grants object access on the bucket: no prefix option); the key\'s data-key actions for that bucket; X-Ray and CloudWatch Logs delivery support no resource-level permissions.',
      ...[prepare, batch, reduce, files, issue].map((f) => `AwsSolutions-IAM5[Resource::${arnRef(f.fn)}:*]`),
      `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::<${logicalId(bucket)}>/*]`,
      'AwsSolutions-IAM5[Action::kms:GenerateDataKey*]',
      'AwsSolutions-IAM5[Action::kms:ReEncrypt*]',
      'AwsSolutions-IAM5[Resource::*]',
    );
    // The Distributed Map starts child executions of this state machine (their names are generated).
    const executions = `arn:<AWS::Partition>:states:<AWS::Region>:<AWS::AccountId>:execution:{"Fn::Select":[6,{"Fn::Split":[":",{"Ref":"${logicalId(this.stateMachine)}"}]}]}`;
    acknowledge(
      this.stateMachine,
      'The Distributed Map runs and redrives its own child executions, whose names Step Functions generates.',
      `AwsSolutions-IAM5[Resource::${executions}:*]`,
      `AwsSolutions-IAM5[Resource::${executions}/*:*]`,
    );
  }
}
