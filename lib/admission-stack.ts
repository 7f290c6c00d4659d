import { Duration, Stack, type StackProps } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type { Construct } from 'constructs';
import { acknowledge, arnRef } from './acknowledge.js';
import { AdmissionApi } from './api.js';
import { HouseFunction } from './house-function.js';
import { Notifications, PUBLISHING_STEPS } from './notifications.js';
import { Observability } from './observability.js';
import { PortalHosting } from './portal-hosting.js';
import { SpotChecks } from './spot-checks.js';
import { StatementJob } from './statement-job.js';
import { STEP_FUNCTIONS, type StepFunctionName } from './steps.js';
import { Storage } from './storage.js';
import { AdmissionWorkflow } from './workflow.js';

/** One stack: storage, the step functions, and the admission state machine. */
export class AdmissionStack extends Stack {
  readonly storage: Storage;
  readonly functions: Record<StepFunctionName, HouseFunction>;
  readonly workflow: AdmissionWorkflow;
  readonly statementJob: StatementJob;
  readonly api: AdmissionApi;
  readonly portal: PortalHosting;
  readonly notifications: Notifications;
  readonly observability: Observability;
  readonly spotChecks: SpotChecks;

  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);
    this.storage = new Storage(this, 'Storage');
    const { key, bucket, table, auditTable } = this.storage;
    // CloudWatch Logs encrypts the function and execution logs with the same key.
    key.addToResourcePolicy(
      new iam.PolicyStatement({
        principals: [new iam.ServicePrincipal(`logs.${this.region}.amazonaws.com`)],
        actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
        resources: ['*'],
        conditions: {
          ArnLike: {
            'kms:EncryptionContext:aws:logs:arn': `arn:${this.partition}:logs:${this.region}:${this.account}:*`,
          },
        },
      }),
    );

    const functions = {} as Record<StepFunctionName, HouseFunction>;
    for (const [name, def] of Object.entries(STEP_FUNCTIONS) as [
      StepFunctionName,
      (typeof STEP_FUNCTIONS)[StepFunctionName],
    ][]) {
      const fn = new HouseFunction(this, name, {
        entry: def.entry,
        description: def.description,
        memorySize: 'memorySize' in def ? def.memorySize : 512,
        ...('dockerfile' in def ? { dockerfile: def.dockerfile } : {}),
        ...('timeoutSeconds' in def ? { timeout: Duration.seconds(def.timeoutSeconds) } : {}),
        ...('bundleFiles' in def ? { bundleFiles: def.bundleFiles } : {}),
        environment: {
          TABLE_NAME: table.tableName,
          AUDIT_TABLE_NAME: auditTable.tableName,
          BUCKET_NAME: bucket.bucketName,
        },
        logKey: key,
      });
      table.grantReadWriteData(fn.fn);
      // The audit trail: add and read, never update or delete.
      auditTable.grant(fn.fn, 'dynamodb:PutItem', 'dynamodb:Query', 'dynamodb:GetItem');
      // Documents: read by the steps that read files, written only where a step writes one.
      if ('reads' in def && def.reads) bucket.grantRead(fn.fn);
      if ('writes' in def && def.writes) bucket.grantPut(fn.fn);
      functions[name] = fn;
      acknowledge(
        fn.fn.role as iam.IRole,
        "CDK data-plane grants on this stack's own table (its indexes), document bucket (its objects) and key (data-key actions); no other resource.",
        `AwsSolutions-IAM5[Resource::${arnRef(table)}/index/*]`,
        'AwsSolutions-IAM5[Action::kms:GenerateDataKey*]',
        'AwsSolutions-IAM5[Action::kms:ReEncrypt*]',
        ...(('reads' in def && def.reads) || ('writes' in def && def.writes)
          ? [`AwsSolutions-IAM5[Resource::${arnRef(bucket)}/*]`]
          : []),
        ...('reads' in def && def.reads
          ? [
              'AwsSolutions-IAM5[Action::s3:GetObject*]',
              'AwsSolutions-IAM5[Action::s3:GetBucket*]',
              'AwsSolutions-IAM5[Action::s3:List*]',
            ]
          : []),
        ...('writes' in def && def.writes ? ['AwsSolutions-IAM5[Action::s3:Abort*]'] : []),
      );
    }
    this.functions = functions;

    // English-only documents are read by Amazon Textract (no resource-level permissions exist).
    const extract = functions.ExtractDocument.fn;
    extract.addEnvironment('ENGLISH_OCR_ENGINE', 'textract');
    extract.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['textract:DetectDocumentText', 'textract:AnalyzeDocument'],
        resources: ['*'],
      }),
    );

    this.workflow = new AdmissionWorkflow(this, 'Workflow', {
      functions: Object.fromEntries(
        Object.entries(functions).map(([k, v]) => [k, v.fn]),
      ) as unknown as Record<StepFunctionName, lambda.IFunction>,
      logKey: key,
    });
    acknowledge(
      this.workflow.stateMachine,
      'Step Functions invokes each step function by its ARN and versions (":*"); X-Ray and CloudWatch Logs delivery actions support no resource-level permissions.',
      ...Object.values(functions).map((f) => `AwsSolutions-IAM5[Resource::${arnRef(f.fn)}:*]`),
      'AwsSolutions-IAM5[Resource::*]',
    );

    this.statementJob = new StatementJob(this, 'StatementJob', { bucket, table, auditTable, key });

    this.api = new AdmissionApi(this, 'Api', {
      table,
      auditTable,
      bucket,
      key,
      stateMachine: this.workflow.stateMachine,
      reader: functions.ExtractDocument.fn,
      statementJob: this.statementJob.stateMachine,
      portalOrigin: this.node.tryGetContext('portalOrigin') ?? 'https://portal.example.com',
    });
    const portalOrigin = this.node.tryGetContext('portalOrigin') ?? 'https://portal.example.com';
    this.notifications = new Notifications(this, 'Notifications', {
      table,
      auditTable,
      key,
      mailDomain: this.node.tryGetContext('mailDomain') ?? 'example.com',
      portalUrl: portalOrigin,
    });
    for (const step of PUBLISHING_STEPS) this.notifications.grantPublish(functions[step].fn);
    this.notifications.grantPublish(this.api.functions.seller.fn, { seals: true });
    this.notifications.grantPublish(this.api.functions.lab.fn);
    // Ops' violation records tell the seller; the statement job's last step tells each statement's.
    this.notifications.grantPublish(this.api.functions.ops.fn);
    this.notifications.grantPublish(this.statementJob.functions.issue.fn);
    // Its events go through the outbox in the table: an event and its marker written once per id.
    const issueFn = this.statementJob.functions.issue.fn;
    table.grant(issueFn, 'dynamodb:PutItem', 'dynamodb:DeleteItem', 'dynamodb:ConditionCheckItem');
    acknowledge(
      issueFn.role as iam.IRole,
      "Item-level grants on this stack's own table (CDK adds its indexes); the outbox's events only.",
      `AwsSolutions-IAM5[Resource::${arnRef(table)}/index/*]`,
    );
    this.portal = new PortalHosting(this, 'Portal', {
      httpApi: this.api.httpApi,
      accessLogs: this.storage.accessLogs,
      documents: bucket,
      authBaseUrl: this.api.authDomain.baseUrl(),
    });
    // Spot-check rounds after admission: a state machine of their own (SPEC "After admission").
    this.spotChecks = new SpotChecks(this, 'SpotChecks', {
      table,
      key,
      deadLetters: this.notifications.ruleDeadLetters,
    });
    this.spotChecks.grantApi(this.api.functions.ops, this.api.functions.lab);
    // A spot-check booking tells its lab (lab.booking_created), through the outbox in the table.
    this.notifications.grantPublish(this.spotChecks.functions.BookSpotCheck.fn);
    // Last: it finds every function, state machine and table made above and watches them.
    this.observability = new Observability(this, 'Observability', { key, table, auditTable });
  }
}
