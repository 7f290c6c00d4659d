import { Duration, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { acknowledge, arnRef } from './acknowledge.js';
import { HouseFunction } from './house-function.js';

/** The custom metrics' namespace (lambdas/shared/metrics.ts writes it; the notifications publish into it too). */
export const NAMESPACE = 'AdmissionPipeline';

/** Gauges the scheduled ops-metrics function publishes, alarmed at ≥ 1. */
export const OPS_GAUGE_ALARMS = ['ReviewsPastSla', 'LabResultsOverdue', 'StuckApplications'] as const;
/** Published by the webhook sender (issue 19) per failed delivery attempt. */
export const WEBHOOK_FAILURES = 'WebhookDeliveryFailures';

export interface ObservabilityProps {
  key: kms.Key;
  table: dynamodb.Table;
  auditTable: dynamodb.Table;
}

/**
 * What ops steer and get woken by: an encrypted SNS topic for alarms; alarms on every state
 * machine's failed, timed-out and aborted executions, every house function's errors and
 * throttles, every table's throttled requests, stuck work (reviews past SLA, lab results overdue)
 * and failing webhook deliveries; a dashboard. Made last in the stack: it finds the functions,
 * state machines and tables in the construct tree, so a flow added later is watched too.
 */
export class Observability extends Construct {
  readonly topic: sns.Topic;
  readonly alarms: cloudwatch.Alarm[] = [];
  readonly dashboard: cloudwatch.Dashboard;
  readonly opsMetrics: HouseFunction;

  constructor(scope: Construct, id: string, props: ObservabilityProps) {
    super(scope, id);
    const stack = Stack.of(this);
    this.topic = new sns.Topic(this, 'Alarms', {
      displayName: 'Admission pipeline alarms',
      masterKey: props.key,
      enforceSSL: true,
    });
    // CloudWatch publishes alarm notifications to the encrypted topic.
    props.key.addToResourcePolicy(
      new iam.PolicyStatement({
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:SourceAccount': stack.account } },
      }),
    );

    // Stuck work, every 5 minutes: the gauges the SLA alarms read.
    this.opsMetrics = new HouseFunction(this, 'OpsMetrics', {
      entry: 'lambdas/scheduled/ops-metrics/handler.ts',
      description: 'Publishes stuck work (reviews past SLA, lab results overdue) as metrics',
      memorySize: 512,
      timeout: Duration.seconds(60),
      environment: { TABLE_NAME: props.table.tableName, AUDIT_TABLE_NAME: props.auditTable.tableName },
      logKey: props.key,
      invokedBy:
        'Invoked asynchronously by an EventBridge rule every 5 minutes; a failed run is made up by the next one (the gauges are recomputed from the table), so a DLQ would hold nothing worth re-driving.',
    });
    props.table.grant(this.opsMetrics.fn, 'dynamodb:Query', 'dynamodb:GetItem');
    acknowledge(
      this.opsMetrics.fn.role as iam.IRole,
      "Query on this stack's own table's indexes (the stuck list is a Query on gsi1); no other resource.",
      `AwsSolutions-IAM5[Resource::${arnRef(props.table)}/index/*]`,
    );
    props.key.grantDecrypt(this.opsMetrics.fn);
    const schedule = new events.Rule(this, 'EveryFiveMinutes', {
      description: 'Publishes the stuck-work gauges',
      schedule: events.Schedule.rate(Duration.minutes(5)),
      targets: [new targets.LambdaFunction(this.opsMetrics.fn, { retryAttempts: 2 })],
    });
    acknowledge(
      schedule,
      'A scheduled tick carries no data: a delivery that failed is made up by the next tick 5 minutes later, so a DLQ would hold nothing worth re-driving.',
      'Serverless-EventBusDLQ',
    );

    const fns = stack.node
      .findAll()
      .filter((c): c is HouseFunction => c instanceof HouseFunction)
      .sort((a, b) => a.node.path.localeCompare(b.node.path));
    const machines = stack.node
      .findAll()
      .filter((c): c is sfn.StateMachine => c instanceof sfn.StateMachine)
      .sort((a, b) => a.node.path.localeCompare(b.node.path));
    const tables = stack.node
      .findAll()
      .filter((c): c is dynamodb.Table => c instanceof dynamodb.Table)
      .sort((a, b) => a.node.path.localeCompare(b.node.path));

    const five = Duration.minutes(5);
    const alarm = (
      id: string,
      metric: cloudwatch.IMetric,
      description: string,
      threshold = 1,
      periods = 1,
    ) => {
      const a = new cloudwatch.Alarm(this, id, {
        metric,
        threshold,
        evaluationPeriods: periods,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        alarmDescription: description,
      });
      a.addAlarmAction(new actions.SnsAction(this.topic));
      this.alarms.push(a);
      return a;
    };
    const idOf = (c: Construct) => c.node.path.split('/').slice(1).join('');

    for (const m of machines) {
      const id = idOf(m);
      alarm(
        `${id}Failed`,
        m.metricFailed({ period: five, statistic: 'Sum' }),
        `${m.node.path}: an execution failed`,
      );
      alarm(
        `${id}TimedOut`,
        m.metricTimedOut({ period: five, statistic: 'Sum' }),
        `${m.node.path}: an execution timed out`,
      );
      alarm(
        `${id}Aborted`,
        m.metricAborted({ period: five, statistic: 'Sum' }),
        `${m.node.path}: an execution was aborted`,
      );
    }
    for (const f of fns) {
      const id = idOf(f);
      alarm(
        `${id}Errors`,
        f.fn.metricErrors({ period: five, statistic: 'Sum' }),
        `${f.entry}: invocations failed`,
      );
      alarm(
        `${id}Throttles`,
        f.fn.metricThrottles({ period: five, statistic: 'Sum' }),
        `${f.entry}: invocations throttled`,
      );
    }
    for (const t of tables) {
      const throttled = new cloudwatch.MathExpression({
        expression: 'FILL(r, 0) + FILL(w, 0)',
        usingMetrics: {
          r: t.metric('ReadThrottleEvents', { period: five, statistic: 'Sum' }),
          w: t.metric('WriteThrottleEvents', { period: five, statistic: 'Sum' }),
        },
        label: 'throttled reads + writes',
        period: five,
      });
      alarm(`${idOf(t)}Throttles`, throttled, `${t.node.path}: requests throttled`);
    }
    const custom = (metricName: string, statistic = 'Maximum') =>
      new cloudwatch.Metric({ namespace: NAMESPACE, metricName, period: five, statistic });
    alarm(
      'ReviewsPastSla',
      custom('ReviewsPastSla'),
      'A reviewer task is past its SLA (3 China working days)',
    );
    alarm(
      'LabResultsOverdue',
      custom('LabResultsOverdue'),
      'Sample results are overdue (7 China working days)',
    );
    alarm(
      'StuckApplications',
      custom('StuckApplications'),
      'An application has not moved for longer than its step allows',
    );
    alarm(
      'WebhookDeliveriesFailing',
      custom(WEBHOOK_FAILURES, 'Sum'),
      'Webhook deliveries keep failing (10 or more attempts in 5 minutes, 3 periods running)',
      10,
      3,
    );

    this.dashboard = new cloudwatch.Dashboard(this, 'Dashboard', {
      defaultInterval: Duration.hours(24),
      widgets: [
        [
          new cloudwatch.TextWidget({
            markdown:
              '# Admission pipeline\nExecutions, functions, tables, stuck work and the business counts the steps publish (namespace `AdmissionPipeline`). The funnel itself is the ops page.',
            width: 24,
            height: 2,
          }),
        ],
        [new cloudwatch.AlarmStatusWidget({ title: 'Alarms', alarms: this.alarms, width: 24, height: 6 })],
        [
          new cloudwatch.GraphWidget({
            title: 'Executions',
            width: 12,
            left: machines.flatMap((m) => [
              m.metricSucceeded({ period: five, statistic: 'Sum', label: `${idOf(m)} succeeded` }),
              m.metricFailed({ period: five, statistic: 'Sum', label: `${idOf(m)} failed` }),
              m.metricTimedOut({ period: five, statistic: 'Sum', label: `${idOf(m)} timed out` }),
              m.metricAborted({ period: five, statistic: 'Sum', label: `${idOf(m)} aborted` }),
            ]),
          }),
          new cloudwatch.SingleValueWidget({
            title: 'Stuck work',
            width: 12,
            metrics: ['StuckApplications', 'ReviewsPastSla', 'LabResultsOverdue', 'SignaturesOverdue'].map(
              (n) => custom(n),
            ),
          }),
        ],
        [
          new cloudwatch.GraphWidget({
            title: 'Lambda errors',
            width: 12,
            left: fns.map((f) => f.fn.metricErrors({ period: five, statistic: 'Sum', label: idOf(f) })),
          }),
          new cloudwatch.GraphWidget({
            title: 'Lambda throttles',
            width: 12,
            left: fns.map((f) => f.fn.metricThrottles({ period: five, statistic: 'Sum', label: idOf(f) })),
          }),
        ],
        [
          new cloudwatch.GraphWidget({
            title: 'Decisions and human tasks',
            width: 12,
            left: [
              ...['admitted', 'rejected'].map(
                (outcome) =>
                  new cloudwatch.Metric({
                    namespace: NAMESPACE,
                    metricName: 'Decisions',
                    dimensionsMap: { service: 'admission', outcome },
                    period: Duration.hours(1),
                    statistic: 'Sum',
                    label: outcome,
                  }),
              ),
              ...['review_checks', 'review_lab', 'samples', 'signature', 'appeal'].map(
                (kind) =>
                  new cloudwatch.Metric({
                    namespace: NAMESPACE,
                    metricName: 'HumanTasksOpened',
                    dimensionsMap: { service: 'admission', kind },
                    period: Duration.hours(1),
                    statistic: 'Sum',
                    label: `opened: ${kind}`,
                  }),
              ),
            ],
          }),
          new cloudwatch.GraphWidget({
            title: 'Reasons raised, webhook failures',
            width: 12,
            left: ['reject', 'flag'].map(
              (outcome) =>
                new cloudwatch.Metric({
                  namespace: NAMESPACE,
                  metricName: 'ReasonsRaised',
                  dimensionsMap: { service: 'admission', outcome },
                  period: Duration.hours(1),
                  statistic: 'Sum',
                  label: `reasons: ${outcome}`,
                }),
            ),
            right: [custom(WEBHOOK_FAILURES, 'Sum')],
          }),
        ],
        [
          new cloudwatch.GraphWidget({
            title: 'DynamoDB throttled requests',
            width: 24,
            left: tables.flatMap((t) => [
              t.metric('ReadThrottleEvents', { period: five, statistic: 'Sum', label: `${idOf(t)} reads` }),
              t.metric('WriteThrottleEvents', { period: five, statistic: 'Sum', label: `${idOf(t)} writes` }),
            ]),
          }),
        ],
      ],
    });
  }
}
