import { ArnFormat, Duration, Stack, TimeZone } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as schedulerTargets from 'aws-cdk-lib/aws-scheduler-targets';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import { MONTHLY_SPOT_CHECK } from '../lambdas/domain/governance/spot-check-schedule.js';
import { SPOT_CHECK_CANCELLED } from '../lambdas/domain/governance/spot-checks.js';
import { acknowledge, arnRef } from './acknowledge.js';
import { HouseFunction } from './house-function.js';
import { TRANSIENT_ERRORS } from './workflow.js';

/** The spot-check round's Lambdas: the state machine invokes these, the local runtime runs their handlers. */
export const SPOT_CHECK_FUNCTIONS = {
  StartSpotCheckRound: {
    entry: 'lambdas/steps/spot-check-start/handler.ts',
    description: "Picks a round's SKUs (seeded, weighted by risk) and keeps the pick once",
  },
  BookSpotCheck: {
    entry: 'lambdas/steps/spot-check-book/handler.ts',
    description: 'Books one picked SKU at an eligible lab, labs in turn, due in 7 China working days',
  },
  OpenSpotCheckWait: {
    entry: 'lambdas/steps/spot-check-wait/handler.ts',
    description: "Keeps the wait's task token on the booking; wakes it if the result is in already",
  },
  FlagSpotCheckOverdue: {
    entry: 'lambdas/steps/spot-check-overdue/handler.ts',
    description: 'Flags a spot check whose lab result is overdue, for ops; the wait goes on',
  },
  RecordSpotCheckResult: {
    entry: 'lambdas/steps/spot-check-record/handler.ts',
    description: 'Records the spot_check event and, for a failure, its violation',
  },
  FinishSpotCheckRound: {
    entry: 'lambdas/steps/spot-check-finish/handler.ts',
    description: 'Marks the round done once every booking has its result recorded',
  },
} as const;

export type SpotCheckFunctionName = keyof typeof SPOT_CHECK_FUNCTIONS;

/** Bookings of a round open at once: every lab wait is open together (Distributed Map). */
export const SPOT_CHECK_MAP_CONCURRENCY = 2_000;

export interface SpotChecksProps {
  table: dynamodb.ITable;
  key: kms.IKey;
  /** Where the monthly schedule's start goes when it failed for a day (the stack's rule DLQ). */
  deadLetters: sqs.IQueue;
}

/**
 * Spot-check rounds (SPEC "After admission"), a state machine of their own:
 *
 *   StartSpotCheckRound → Bookings (Distributed Map over the booking numbers):
 *     BookSpotCheck → AwaitSpotCheckResult (callback; times out at the due date)
 *       → timed out: FlagSpotCheckOverdue → AwaitSpotCheckResult again (the flag is for ops; a late
 *         result is still taken)
 *       → cancelled by ops (SendTaskFailure SpotCheckCancelled): SpotCheckBookingCancelled, no result
 *       → RecordSpotCheckResult → (no result yet: wait again) → done
 *   → FinishSpotCheckRound
 *
 * A schedule (EventBridge Scheduler, Asia/Shanghai) starts the month's round on the 1st at 09:00
 * through StartMonthlySpotCheckRound, which names the round and its execution `monthly-YYYY-MM`.
 *
 * The overdue flag rides on the wait's own timeout, as the admission flow's lab wait does: the
 * deadline is kept by Step Functions beside the token, no scheduler or table scan is needed, and
 * the flag is written the moment it becomes true.
 */
export class SpotChecks extends Construct {
  readonly stateMachine: sfn.StateMachine;
  readonly functions: Record<SpotCheckFunctionName, HouseFunction>;
  /** Started by the monthly schedule; not a state of the machine. */
  readonly monthly: HouseFunction;
  readonly schedule: scheduler.Schedule;
  private readonly machineArn: string;
  private readonly machineName: string;

  constructor(scope: Construct, id: string, props: SpotChecksProps) {
    super(scope, id);
    const functions = {} as Record<SpotCheckFunctionName, HouseFunction>;
    for (const [name, def] of Object.entries(SPOT_CHECK_FUNCTIONS) as [
      SpotCheckFunctionName,
      (typeof SPOT_CHECK_FUNCTIONS)[SpotCheckFunctionName],
    ][]) {
      const fn = new HouseFunction(this, `${name}Function`, {
        entry: def.entry,
        description: def.description,
        environment: { TABLE_NAME: props.table.tableName, AUDIT_TABLE_NAME: 'unused', BUCKET_NAME: 'unused' },
        logKey: props.key,
      });
      props.table.grantReadWriteData(fn.fn);
      acknowledge(
        fn.fn.role as iam.IRole,
        "CDK data-plane grants on this stack's own table (its indexes) and key (data-key actions); no other resource.",
        `AwsSolutions-IAM5[Resource::${arnRef(props.table)}/index/*]`,
        'AwsSolutions-IAM5[Action::kms:GenerateDataKey*]',
        'AwsSolutions-IAM5[Action::kms:ReEncrypt*]',
      );
      functions[name] = fn;
    }
    this.functions = functions;
    const fns = Object.fromEntries(Object.entries(functions).map(([k, v]) => [k, v.fn])) as unknown as Record<
      SpotCheckFunctionName,
      lambda.IFunction
    >;

    const failed = new sfn.Fail(this, 'SpotCheckRoundFailed', {
      comment:
        'A step failed after its retries: the round stays RUNNING, for ops (or a restart) to re-drive.',
      errorPath: '$.error.Error',
      causePath: '$.error.Cause',
    });
    const bookingFailed = new sfn.Fail(this, 'SpotCheckBookingFailed', {
      errorPath: '$.error.Error',
      causePath: '$.error.Cause',
    });
    const retry = <T extends sfn.TaskStateBase>(task: T): T => {
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
    const booking = { 'roundId.$': '$.roundId', 'bookingNo.$': '$.bookingNo' };
    const step = (name: SpotCheckFunctionName, payload: Record<string, unknown>, resultPath: string) => {
      const task = retry(
        new tasks.LambdaInvoke(this, name, {
          lambdaFunction: fns[name],
          payload: sfn.TaskInput.fromObject(payload),
          retryOnServiceExceptions: false,
          resultSelector: { 'Payload.$': '$.Payload' },
          resultPath,
          taskTimeout: sfn.Timeout.duration(Duration.seconds(60)),
        }),
      );
      // Every step is idempotent on the round and booking number: one that ran out of time runs again.
      task.addRetry({ errors: ['States.Timeout'], interval: Duration.seconds(2), maxAttempts: 2 });
      return task;
    };

    // One booking: book, wait (overdue: flag and wait on), record.
    const book = step('BookSpotCheck', booking, '$.wait');
    const wait = retry(
      new tasks.LambdaInvoke(this, 'AwaitSpotCheckResult', {
        lambdaFunction: fns.OpenSpotCheckWait,
        integrationPattern: sfn.IntegrationPattern.WAIT_FOR_TASK_TOKEN,
        payload: sfn.TaskInput.fromObject({
          ...booking,
          taskToken: sfn.JsonPath.taskToken,
          // Travels with the task so the local runtime keeps the deadline beside the token.
          timeoutSeconds: sfn.JsonPath.numberAt('$.wait.Payload.timeoutSeconds'),
        }),
        retryOnServiceExceptions: false,
        resultPath: sfn.JsonPath.DISCARD,
        taskTimeout: sfn.Timeout.at('$.wait.Payload.timeoutSeconds'),
      }),
    );
    const overdue = step('FlagSpotCheckOverdue', booking, '$.wait');
    const record = step('RecordSpotCheckResult', booking, '$.recorded');
    for (const t of [book, overdue, record]) t.addCatch(bookingFailed, { resultPath: '$.error' });
    wait.addCatch(overdue, { errors: ['States.Timeout'], resultPath: '$.error' });
    // Ops cancelled it (cancelSpotCheck recorded that first): the booking ends, nothing recorded.
    wait.addCatch(
      new sfn.Succeed(this, 'SpotCheckBookingCancelled', {
        comment: 'Cancelled by ops: no result, no violation (the cancellation is an event of the round)',
      }),
      { errors: [SPOT_CHECK_CANCELLED], resultPath: '$.error' },
    );
    wait.addCatch(bookingFailed, { errors: ['States.ALL'], resultPath: '$.error' });
    overdue.next(wait);
    const oneBooking = book
      .next(wait)
      .next(record)
      .next(
        new sfn.Choice(this, 'SpotCheckRecorded')
          .when(sfn.Condition.booleanEquals('$.recorded.Payload.recorded', false), wait)
          .otherwise(new sfn.Succeed(this, 'SpotCheckDone')),
      );

    const bookings = new sfn.DistributedMap(this, 'SpotCheckBookings', {
      itemsPath: '$.start.Payload.bookings',
      itemSelector: { 'roundId.$': '$.roundId', 'bookingNo.$': '$$.Map.Item.Value' },
      maxConcurrency: SPOT_CHECK_MAP_CONCURRENCY,
      mapExecutionType: sfn.StateMachineType.STANDARD,
      resultPath: sfn.JsonPath.DISCARD,
    });
    bookings.itemProcessor(oneBooking);
    bookings.addCatch(failed, { resultPath: '$.error' });

    const start = step('StartSpotCheckRound', { 'roundId.$': '$.roundId' }, '$.start');
    start.addCatch(failed, { resultPath: '$.error' });
    const finish = step('FinishSpotCheckRound', { 'roundId.$': '$.roundId' }, sfn.JsonPath.DISCARD);
    finish.addCatch(failed, { resultPath: '$.error' });

    const logGroup = new logs.LogGroup(this, 'ExecutionLogs', {
      retention: logs.RetentionDays.THREE_MONTHS,
      encryptionKey: props.key,
    });
    const stack = Stack.of(this);
    const machineName = `${stack.stackName}-SpotChecks`;
    this.stateMachine = new sfn.StateMachine(this, 'StateMachine', {
      stateMachineName: machineName,
      stateMachineType: sfn.StateMachineType.STANDARD,
      definitionBody: sfn.DefinitionBody.fromChainable(
        start.next(bookings).next(finish).next(new sfn.Succeed(this, 'SpotCheckRoundDone')),
      ),
      tracingEnabled: true,
      logs: { destination: logGroup, level: sfn.LogLevel.ALL, includeExecutionData: false },
      comment: 'Spot-check rounds after admission: pick, book labs in turn, wait for each result',
    });
    // The wait's handler answers a wait whose result came first (openSpotCheckWait). Its ARN is
    // spelled out: a reference to the machine would make the machine and its function depend on each other.
    const machineArn = stack.formatArn({
      service: 'states',
      resource: 'stateMachine',
      resourceName: machineName,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
    functions.OpenSpotCheckWait.fn.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['states:SendTaskSuccess', 'states:SendTaskFailure', 'states:SendTaskHeartbeat'],
        resources: [machineArn, `${machineArn}/*`],
      }),
    );
    acknowledge(
      functions.OpenSpotCheckWait.fn.role as iam.IRole,
      'Answers task tokens of this spot-check machine and of its Distributed Map child executions (ARN suffix /*).',
      `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:states:<AWS::Region>:<AWS::AccountId>:stateMachine:${machineName}/*]`,
    );
    // The Distributed Map's own policy: describe and stop this machine's (child) executions.
    const machineId = stack.getLogicalId(this.stateMachine.node.defaultChild as sfn.CfnStateMachine);
    acknowledge(
      this.stateMachine,
      'Step Functions invokes each spot-check function by its ARN and versions (":*"), runs the Distributed Map\'s child executions of this machine, and X-Ray and CloudWatch Logs delivery actions support no resource-level permissions.',
      ...Object.values(functions).map((f) => `AwsSolutions-IAM5[Resource::${arnRef(f.fn)}:*]`),
      'AwsSolutions-IAM5[Resource::*]',
      ...[':*', '/*:*'].map(
        (tail) =>
          `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:states:<AWS::Region>:<AWS::AccountId>:execution:{"Fn::Select":[6,{"Fn::Split":[":",{"Ref":"${machineId}"}]}]}${tail}]`,
      ),
    );

    this.machineArn = machineArn;
    this.machineName = machineName;

    // The monthly round: EventBridge Scheduler in China time. Its target is a function, not the
    // machine: Scheduler cannot name an execution, and the round is recorded (with its settings
    // version) before its execution starts, as ops' rounds are; both are named by the month.
    this.monthly = new HouseFunction(this, 'StartMonthlySpotCheckRound', {
      entry: 'lambdas/scheduled/spot-check-monthly/handler.ts',
      description: "Starts the month's spot-check round (monthly-YYYY-MM), once",
      environment: {
        TABLE_NAME: props.table.tableName,
        AUDIT_TABLE_NAME: 'unused',
        BUCKET_NAME: 'unused',
        SPOT_CHECK_STATE_MACHINE_ARN: this.stateMachine.stateMachineArn,
      },
      logKey: props.key,
      invokedBy:
        'Invoked by EventBridge Scheduler, which retries it for a day and then keeps the event in its own dead-letter queue.',
    });
    props.table.grantReadWriteData(this.monthly.fn);
    this.stateMachine.grantStartExecution(this.monthly.fn);
    acknowledge(
      this.monthly.fn.role as iam.IRole,
      "CDK data-plane grants on this stack's own table (its indexes) and key (data-key actions); no other resource.",
      `AwsSolutions-IAM5[Resource::${arnRef(props.table)}/index/*]`,
      'AwsSolutions-IAM5[Action::kms:GenerateDataKey*]',
      'AwsSolutions-IAM5[Action::kms:ReEncrypt*]',
    );
    // The schedule's own role: invoke this one function (the target adds the grant).
    const scheduleRole = new iam.Role(this, 'MonthlyRoundRole', {
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': stack.account } },
      }),
      description: "EventBridge Scheduler starting the month's spot-check round",
    });
    this.schedule = new scheduler.Schedule(this, 'MonthlyRound', {
      description: "The month's spot-check round, on the 1st at 09:00 China time",
      schedule: scheduler.ScheduleExpression.cron({
        minute: '0',
        hour: String(MONTHLY_SPOT_CHECK.hour),
        day: String(MONTHLY_SPOT_CHECK.dayOfMonth),
        timeZone: TimeZone.ASIA_SHANGHAI,
      }),
      target: new schedulerTargets.LambdaInvoke(this.monthly.fn, {
        input: scheduler.ScheduleTargetInput.fromObject({
          scheduledTime: scheduler.ContextAttribute.scheduledTime,
        }),
        retryAttempts: 20,
        maxEventAge: Duration.hours(24),
        deadLetterQueue: props.deadLetters,
        role: scheduleRole,
      }),
    });
    // The dead-letter queue is encrypted with the stack key: the schedule may write to it.
    props.key.grant(scheduleRole, 'kms:GenerateDataKey', 'kms:Decrypt');
    acknowledge(
      scheduleRole,
      "lambda:InvokeFunction on the monthly function and its versions (':*', as CDK's grantInvoke writes it); nothing else.",
      `AwsSolutions-IAM5[Resource::${arnRef(this.monthly.fn)}:*]`,
    );
  }

  /** The API's functions: ops start and cancel rounds, labs answer the waits. */
  grantApi(ops: HouseFunction, lab: HouseFunction): void {
    for (const fn of [ops, lab])
      fn.fn.addEnvironment('SPOT_CHECK_STATE_MACHINE_ARN', this.stateMachine.stateMachineArn);
    this.stateMachine.grantStartExecution(ops.fn);
    this.stateMachine.grantTaskResponse(lab.fn);
    // Ops' cancellation ends a booking's wait: SendTaskFailure only, on this machine and its
    // Distributed Map child executions (whose tokens the waits are).
    ops.fn.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['states:SendTaskFailure'],
        resources: [this.machineArn, `${this.machineArn}/*`],
      }),
    );
    acknowledge(
      ops.fn.role as iam.IRole,
      "Ends (SendTaskFailure) the waits of this spot-check machine's Distributed Map child executions (ARN suffix /*) when ops cancel a booking.",
      `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:states:<AWS::Region>:<AWS::AccountId>:stateMachine:${this.machineName}/*]`,
    );
  }
}
