import { Duration, Stack } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { EVENT_SOURCE } from '../lambdas/adapters/eventbridge-sink.js';
import { acknowledge, arnRef } from './acknowledge.js';
import { HouseFunction } from './house-function.js';

/**
 * Telling people (SPEC "Telling people: notifications and webhooks"). The use cases put events on
 * one EventBridge bus (after writing them once to the table's outbox); two rules take every event:
 *
 * - to the mailer Lambda (async invoke: EventBridge retries 24 h, then a DLQ), which emails the
 *   recipient through SES once per (event, address);
 * - to the webhook queue (SQS), worked by the webhook sender: an event becomes one delivery per
 *   subscribed endpoint, each an SQS message of its own, retried with exponential backoff and
 *   full jitter for 24 h (message delays, re-queued past SQS's 15-minute cap), poison messages to a DLQ.
 *
 * Why SQS and not Step Functions for the retries: a delivery is one message (no state machine
 * execution and ~15 state transitions per failing delivery at 10,000s of events), the retry
 * schedule and every attempt live in the table beside the delivery (the seller lists them), a
 * batch's records run concurrently so a slow receiver holds only its own record, and SQS gives the
 * redrive policy and DLQ for free.
 *
 * A sweeper on a schedule re-hands events a crash left in the outbox and sends `review.task_due_soon`.
 */
export interface NotificationsProps {
  table: dynamodb.ITable;
  auditTable: dynamodb.ITable;
  key: kms.IKey;
  /** The SES identity mail is sent from (a verified domain). */
  mailDomain: string;
  portalUrl: string;
}

const RETRY_WINDOW = Duration.hours(24);

export class Notifications extends Construct {
  readonly bus: events.EventBus;
  readonly queue: sqs.Queue;
  readonly deadLetters: sqs.Queue;
  /** Events a rule or schedule could not hand to its target for a day (shared by every rule). */
  readonly ruleDeadLetters: sqs.Queue;
  readonly mailer: HouseFunction;
  readonly sender: HouseFunction;
  readonly sweeper: HouseFunction;
  private readonly props: NotificationsProps;

  constructor(scope: Construct, id: string, props: NotificationsProps) {
    super(scope, id);
    this.props = props;
    const { table, key } = props;
    const stack = Stack.of(this);

    this.bus = new events.EventBus(this, 'Bus', { description: 'Admission events (SPEC "Telling people")' });
    // Kept 7 days: events can be replayed to the rules (a redrive); ids keep them from going out twice.
    this.bus.archive('Archive', {
      eventPattern: { source: [EVENT_SOURCE] },
      retention: Duration.days(7),
      description: 'Admission events, for replay',
    });

    const dlq = (name: string) => {
      const q = new sqs.Queue(this, name, {
        encryption: sqs.QueueEncryption.KMS,
        encryptionMasterKey: key,
        retentionPeriod: Duration.days(14),
        enforceSSL: true,
      });
      acknowledge(
        q,
        'A dead-letter queue itself: messages are inspected and redriven by people, not retried into another queue.',
        'AwsSolutions-SQS3',
        'Serverless-SQSRedrivePolicy',
      );
      return q;
    };
    this.deadLetters = dlq('WebhookDeadLetters');
    this.ruleDeadLetters = dlq('RuleDeadLetters');
    const ruleDeadLetters = this.ruleDeadLetters;

    const env = {
      TABLE_NAME: table.tableName,
      AUDIT_TABLE_NAME: props.auditTable.tableName,
      BUCKET_NAME: 'unused',
      EVENT_BUS_NAME: this.bus.eventBusName,
      SECRETS_KEY_ID: key.keyArn,
      PORTAL_URL: props.portalUrl,
      MAIL_FROM: `noreply@${props.mailDomain}`,
      REVIEWERS_EMAIL: `reviewers@${props.mailDomain}`,
      LAB_EMAIL_DOMAIN: `labs.${props.mailDomain}`,
    };

    this.mailer = new HouseFunction(this, 'Mailer', {
      entry: 'lambdas/events/mailer/handler.ts',
      description: 'Emails each event to its recipient once, in their language (SES)',
      environment: env,
      logKey: key,
      invokedBy:
        'Invoked asynchronously by an EventBridge rule whose target has a retry policy (24 h) and a DLQ of its own.',
    });
    this.sender = new HouseFunction(this, 'WebhookSender', {
      entry: 'lambdas/events/webhook-sender/handler.ts',
      description: 'Signs and POSTs webhook deliveries; retries with backoff for 24 h',
      // Each attempt gives up after 10 s; a batch of 10 runs concurrently.
      timeout: Duration.seconds(30),
      environment: env,
      logKey: key,
      invokedBy: 'Polls SQS: failed records return to the queue and go to its DLQ after 5 receives.',
    });
    this.queue = new sqs.Queue(this, 'WebhookQueue', {
      encryption: sqs.QueueEncryption.KMS,
      encryptionMasterKey: key,
      // Six times the sender's timeout (AWS's guidance for Lambda event sources).
      visibilityTimeout: Duration.seconds(180),
      retentionPeriod: Duration.days(4),
      enforceSSL: true,
      deadLetterQueue: { queue: this.deadLetters, maxReceiveCount: 5 },
    });
    this.sender.fn.addEnvironment('WEBHOOK_QUEUE_URL', this.queue.queueUrl);
    this.sender.fn.addEventSource(
      new SqsEventSource(this.queue, { batchSize: 10, reportBatchItemFailures: true, maxConcurrency: 20 }),
    );
    this.queue.grantSendMessages(this.sender.fn);
    const mapping = this.sender.fn.node.children.find((c) => c.node.id.startsWith('SqsEventSource'));
    if (mapping)
      acknowledge(
        mapping,
        "An SQS source: a record that keeps failing goes to the queue's own DLQ (redrive policy, 5 receives); on-failure destinations are for stream sources.",
        'Serverless-LambdaEventSourceMappingDestination',
      );

    this.sweeper = new HouseFunction(this, 'Sweeper', {
      entry: 'lambdas/events/sweeper/handler.ts',
      description: 'Re-hands events left in the outbox; tells reviewers of SLAs ending today',
      environment: env,
      logKey: key,
      invokedBy: 'Invoked by an EventBridge schedule; the next run does the same work again.',
    });

    const rulePattern = { source: [EVENT_SOURCE] };
    new events.Rule(this, 'MailRule', {
      eventBus: this.bus,
      eventPattern: rulePattern,
      description: 'Every admission event to the mailer',
      targets: [
        new targets.LambdaFunction(this.mailer.fn, {
          retryAttempts: 185,
          maxEventAge: RETRY_WINDOW,
          deadLetterQueue: ruleDeadLetters,
        }),
      ],
    });
    new events.Rule(this, 'WebhookRule', {
      eventBus: this.bus,
      eventPattern: rulePattern,
      description: 'Every admission event to the webhook sender queue',
      targets: [
        new targets.SqsQueue(this.queue, {
          retryAttempts: 185,
          maxEventAge: RETRY_WINDOW,
          deadLetterQueue: ruleDeadLetters,
        }),
      ],
    });
    new events.Rule(this, 'SweepSchedule', {
      schedule: events.Schedule.rate(Duration.minutes(15)),
      description: 'Outbox sweep and review.task_due_soon',
      targets: [
        new targets.LambdaFunction(this.sweeper.fn, { retryAttempts: 2, deadLetterQueue: ruleDeadLetters }),
      ],
    });

    // Least privilege: each function reaches only the items and actions it uses.
    const rw = ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:PutItem', 'dynamodb:DeleteItem'];
    table.grant(this.mailer.fn, ...rw);
    table.grant(this.sender.fn, ...rw, 'dynamodb:UpdateItem');
    table.grant(this.sweeper.fn, ...rw, 'dynamodb:TransactWriteItems', 'dynamodb:ConditionCheckItem');
    this.bus.grantPutEventsTo(this.sweeper.fn);
    // The sender mails too: the seller's notice that an endpoint was turned off after 24 h of failures.
    for (const fn of [this.mailer, this.sender]) {
      fn.fn.addToRolePolicy(
        new iam.PolicyStatement({
          actions: ['ses:SendEmail', 'ses:SendRawEmail'],
          resources: [
            stack.formatArn({ service: 'ses', resource: 'identity', resourceName: props.mailDomain }),
          ],
        }),
      );
    }
    // The sender opens secrets; only secrets sealed for webhooks (encryption context).
    this.sender.fn.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['kms:Decrypt'],
        resources: [key.keyArn],
        conditions: { StringEquals: { 'kms:EncryptionContext:purpose': 'webhook-secret' } },
      }),
    );
    for (const fn of [this.mailer, this.sender, this.sweeper]) {
      acknowledge(
        fn.fn.role as iam.IRole,
        "Item-level grants on this stack's own table (its indexes) and key (data-key actions for the encrypted queue); no other resource.",
        `AwsSolutions-IAM5[Resource::${arnRef(table)}/index/*]`,
        'AwsSolutions-IAM5[Action::kms:GenerateDataKey*]',
        'AwsSolutions-IAM5[Action::kms:ReEncrypt*]',
      );
    }
  }

  /**
   * A function that publishes events (a step, an API area): the bus's name and PutEvents on it.
   * `seals` also lets it seal webhook secrets (the seller's API) and queue re-sends.
   */
  grantPublish(fn: lambda.Function, opts: { seals?: boolean } = {}): void {
    fn.addEnvironment('EVENT_BUS_NAME', this.bus.eventBusName);
    this.bus.grantPutEventsTo(fn);
    if (!opts.seals) return;
    fn.addEnvironment('SECRETS_KEY_ID', this.props.key.keyArn);
    fn.addEnvironment('WEBHOOK_QUEUE_URL', this.queue.queueUrl);
    fn.addEnvironment('PORTAL_URL', this.props.portalUrl);
    fn.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['kms:Encrypt'],
        resources: [this.props.key.keyArn],
        conditions: { StringEquals: { 'kms:EncryptionContext:purpose': 'webhook-secret' } },
      }),
    );
    this.queue.grantSendMessages(fn);
  }
}

/** The steps whose use cases publish events (they get the bus and PutEvents on it). */
export const PUBLISHING_STEPS = [
  'OpenHumanTask',
  'BookSamples',
  'EvaluateLabResults',
  'IssueAgreement',
  'RecordAdmission',
  'RecordRejection',
  'ApplyAppeal',
] as const;
