import { ArnFormat, Duration, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import type { StepFunctionName } from './steps.js';

/** Errors worth retrying: Lambda's own transient failures and the handlers' TransientError. */
export const TRANSIENT_ERRORS = [
  'Lambda.ServiceException',
  'Lambda.AWSLambdaException',
  'Lambda.SdkClientException',
  'Lambda.TooManyRequestsException',
  'Lambda.ClientExecutionTimeoutException',
  'TransientError',
];

/** How long a reviewer task may stay open before the execution gives up on it. */
export const REVIEW_TIMEOUT = Duration.days(30);

/** Where an execution enters the flow: a new application, a re-drive after a restart, an appeal. */
export const RESUME_POINTS = [
  'intake',
  'review_checks',
  'samples',
  'lab_results',
  'review_lab',
  'agreement',
  'activation',
  'appeal',
] as const;

export interface AdmissionWorkflowProps {
  functions: Record<StepFunctionName, lambda.IFunction>;
  logKey: kms.IKey;
}

/**
 * The admission flow (SPEC "The flow"), the single source of it: `cdk synth` writes this
 * definition for AWS, and the local runtime runs the very same definition.
 *
 *   Route → Intake → ExtractDocuments (Map) → ConfirmIntake → RunChecks (Parallel) → MergeChecks
 *     → reject | AwaitChecksReview (callback) | BookSamples
 *   BookSamples → EvaluateLabResults ⇄ AwaitLabResults (callback, due in 7 China working days)
 *     → overdue: FlagLabOverdue → AwaitOverdueReview (callback)
 *   IssueAgreement → AwaitSignature (callback, 14 days) → ActivateFeeSchedule → RecordAdmission
 *   Every rejection → RecordRejection. An appeal enters at AwaitAppealDecision and, upheld,
 *   goes back to Route at the step after the one that failed.
 */
export class AdmissionWorkflow extends Construct {
  readonly stateMachine: sfn.StateMachine;

  constructor(scope: Construct, id: string, props: AdmissionWorkflowProps) {
    super(scope, id);
    const fns = props.functions;
    const failed = new sfn.Fail(this, 'StepFailed', {
      comment:
        'A step failed after its retries: the application stays where it was, for operators to re-drive.',
      errorPath: '$.error.Error',
      causePath: '$.error.Cause',
    });
    const admitted = new sfn.Succeed(this, 'Admitted');
    const rejected = new sfn.Succeed(this, 'Rejected');
    const appId = { 'applicationId.$': '$.applicationId' };

    const withRetry = <T extends sfn.TaskStateBase>(task: T): T => {
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

    /** A step: its result (the handler's return value) lands at `resultPath`.Payload. */
    const step = (
      name: string,
      fn: StepFunctionName,
      payload: Record<string, unknown> = {},
      resultPath?: string,
      // States inside a Map or Parallel cannot reach the top-level Fail: they fail their own graph.
      onError: sfn.IChainable = failed,
    ) => {
      const task = withRetry(
        new tasks.LambdaInvoke(this, name, {
          lambdaFunction: fns[fn],
          payload: sfn.TaskInput.fromObject({ ...appId, ...payload }),
          retryOnServiceExceptions: false,
          resultSelector: { 'Payload.$': '$.Payload' },
          resultPath: resultPath ?? sfn.JsonPath.DISCARD,
          taskTimeout: sfn.Timeout.duration(Duration.seconds(fn === 'ExtractDocument' ? 300 : 60)),
        }),
      );
      // A step that ran out of time is tried again: every step is idempotent on business keys.
      // (Not the human waits: their timeout is a deadline, caught as such.)
      task.addRetry({
        errors: ['States.Timeout'],
        interval: Duration.seconds(2),
        backoffRate: 2,
        maxAttempts: 2,
        jitterStrategy: sfn.JitterType.FULL,
      });
      task.addCatch(onError, { errors: ['States.ALL'], resultPath: '$.error' });
      return task;
    };
    const nestedFail = (name: string) =>
      new sfn.Fail(this, name, { errorPath: '$.error.Error', causePath: '$.error.Cause' });
    const check = (name: StepFunctionName) => step(name, name, {}, undefined, nestedFail(`${name}Failed`));

    /** A human step: the execution waits for SendTaskSuccess with the token OpenHumanTask keeps. */
    const wait = (name: string, kind: string, timeout: { seconds: number } | { path: string }) => {
      const timeoutSeconds = 'seconds' in timeout ? timeout.seconds : sfn.JsonPath.numberAt(timeout.path);
      return withRetry(
        new tasks.LambdaInvoke(this, name, {
          lambdaFunction: fns.OpenHumanTask,
          integrationPattern: sfn.IntegrationPattern.WAIT_FOR_TASK_TOKEN,
          // timeoutSeconds travels with the task so its deadline is stored beside its token.
          payload: sfn.TaskInput.fromObject({
            ...appId,
            kind,
            taskToken: sfn.JsonPath.taskToken,
            timeoutSeconds,
          }),
          retryOnServiceExceptions: false,
          resultPath: '$.answer',
          taskTimeout:
            'seconds' in timeout
              ? sfn.Timeout.duration(Duration.seconds(timeout.seconds))
              : sfn.Timeout.at(timeout.path),
        }),
      );
    };
    const reject = (name: string, failedStep: string) =>
      step(name, 'RecordRejection', { failedStep }).next(rejected);

    // Checks of steps 3–6, each concern on its own branch, merged into one result.
    const runChecks = new sfn.Parallel(this, 'RunChecks', { resultPath: sfn.JsonPath.DISCARD })
      .branch(check('CheckLicence'))
      .branch(check('CheckViolations'))
      .branch(check('CheckCapacity'))
      .branch(check('CheckAttributes'))
      .branch(check('CheckIntegrity'));
    runChecks.addCatch(failed, { errors: ['States.ALL'], resultPath: '$.error' });

    // Agreement and signature.
    const activate = step('ActivateFeeSchedule', 'ActivateFeeSchedule')
      .next(step('RecordAdmission', 'RecordAdmission'))
      .next(admitted);
    const awaitSignature = wait('AwaitSignature', 'signature', {
      path: '$.agreement.Payload.timeoutSeconds',
    });
    awaitSignature.addCatch(
      step('ExpireAgreement', 'ExpireAgreement').next(reject('RejectExpired', 'agreement')),
      {
        errors: ['States.Timeout'],
        resultPath: '$.error',
      },
    );
    awaitSignature.addCatch(failed, { errors: ['States.ALL'], resultPath: '$.error' });
    const issueAgreement = step('IssueAgreement', 'IssueAgreement', {}, '$.agreement').next(
      awaitSignature.next(
        step('ApplySignature', 'ApplySignature', {}, '$.signature').next(
          new sfn.Choice(this, 'SignatureOutcome')
            .when(sfn.Condition.booleanEquals('$.signature.Payload.accepted', true), activate)
            .otherwise(reject('RejectDeclined', 'agreement')),
        ),
      ),
    );

    // Sample inspection: a loop of waits until every sample passed, one failed 3 times, or overdue.
    const evaluateLab = step('EvaluateLabResults', 'EvaluateLabResults', {}, '$.lab');
    const awaitLab = wait('AwaitLabResults', 'lab_results', { path: '$.lab.Payload.timeoutSeconds' });
    const flagOverdue = step('FlagLabOverdue', 'FlagLabOverdue');
    awaitLab.addCatch(flagOverdue, { errors: ['States.Timeout'], resultPath: '$.error' });
    awaitLab.addCatch(failed, { errors: ['States.ALL'], resultPath: '$.error' });
    awaitLab.next(evaluateLab);
    const awaitOverdueReview = wait('AwaitOverdueReview', 'review_lab', {
      seconds: REVIEW_TIMEOUT.toSeconds(),
    });
    awaitOverdueReview.addCatch(failed, { errors: ['States.ALL'], resultPath: '$.error' });
    flagOverdue
      .next(awaitOverdueReview)
      .next(
        step('ApplyOverdueReview', 'ApplyReview', { kind: 'review_lab' }, '$.review').next(
          new sfn.Choice(this, 'OverdueReviewOutcome')
            .when(sfn.Condition.stringEquals('$.review.Payload.outcome', 'approve'), evaluateLab)
            .otherwise(reject('RejectAfterLabReview', 'lab_review')),
        ),
      );
    evaluateLab.next(
      new sfn.Choice(this, 'LabOutcome')
        .when(sfn.Condition.stringEquals('$.lab.Payload.outcome', 'passed'), issueAgreement)
        .when(
          sfn.Condition.stringEquals('$.lab.Payload.outcome', 'failed'),
          reject('RejectSamplesFailed', 'samples'),
        )
        .when(sfn.Condition.stringEquals('$.lab.Payload.outcome', 'overdue'), flagOverdue)
        .otherwise(awaitLab),
    );
    const bookSamples = step('BookSamples', 'BookSamples').next(evaluateLab);

    // Reviewer decision on flagged checks.
    const awaitChecksReview = wait('AwaitChecksReview', 'review_checks', {
      seconds: REVIEW_TIMEOUT.toSeconds(),
    });
    awaitChecksReview.addCatch(failed, { errors: ['States.ALL'], resultPath: '$.error' });
    awaitChecksReview.next(
      step('ApplyChecksReview', 'ApplyReview', { kind: 'review_checks' }, '$.review').next(
        new sfn.Choice(this, 'ChecksReviewOutcome')
          .when(sfn.Condition.stringEquals('$.review.Payload.outcome', 'approve'), bookSamples)
          .otherwise(reject('RejectAfterReview', 'review')),
      ),
    );

    // Intake, extraction and checks.
    const extract = new sfn.Map(this, 'ExtractDocuments', {
      itemsPath: '$.intake.Payload.documents',
      maxConcurrency: 4,
      resultPath: sfn.JsonPath.DISCARD,
    });
    extract.itemProcessor(
      step(
        'ExtractDocument',
        'ExtractDocument',
        { 'index.$': '$.index' },
        undefined,
        nestedFail('ExtractDocumentFailed'),
      ),
    );
    extract.addCatch(failed, { errors: ['States.ALL'], resultPath: '$.error' });
    const intake = step('Intake', 'Intake', {}, '$.intake').next(
      new sfn.Choice(this, 'IntakeOutcome')
        .when(
          sfn.Condition.stringEquals('$.intake.Payload.outcome', 'reject'),
          reject('RejectAtIntake', 'intake'),
        )
        .otherwise(
          extract.next(
            step('ConfirmIntake', 'ConfirmIntake', {}, '$.readability').next(
              new sfn.Choice(this, 'ReadabilityOutcome')
                .when(
                  sfn.Condition.stringEquals('$.readability.Payload.outcome', 'reject'),
                  reject('RejectUnreadable', 'intake'),
                )
                .otherwise(
                  runChecks.next(
                    step('MergeChecks', 'MergeChecks', {}, '$.checks').next(
                      new sfn.Choice(this, 'ChecksOutcome')
                        .when(
                          sfn.Condition.stringEquals('$.checks.Payload.outcome', 'reject'),
                          reject('RejectAtChecks', 'checks'),
                        )
                        .when(
                          sfn.Condition.stringEquals('$.checks.Payload.outcome', 'flag'),
                          awaitChecksReview,
                        )
                        .otherwise(bookSamples),
                    ),
                  ),
                ),
            ),
          ),
        ),
    );

    // Appeals: a reviewer decides; upheld, the flow goes on after the step that failed.
    const route = new sfn.Choice(this, 'Route', {
      comment: 'Where this execution enters: intake for a new application, else a re-drive or an appeal.',
    });
    const awaitAppeal = wait('AwaitAppealDecision', 'appeal', { seconds: REVIEW_TIMEOUT.toSeconds() });
    awaitAppeal.addCatch(failed, { errors: ['States.ALL'], resultPath: '$.error' });
    awaitAppeal.next(
      step('ApplyAppeal', 'ApplyAppeal', {}, '$.appealDecision').next(
        new sfn.Choice(this, 'AppealOutcome')
          .when(
            sfn.Condition.stringEquals('$.appealDecision.Payload.outcome', 'uphold'),
            new sfn.Pass(this, 'ResumeAfterAppeal', {
              parameters: { ...appId, 'resumeAt.$': '$.appealDecision.Payload.resumeAt' },
            }).next(route),
          )
          .otherwise(new sfn.Succeed(this, 'AppealDismissed')),
      ),
    );

    const entries: Record<(typeof RESUME_POINTS)[number], sfn.IChainable> = {
      intake,
      review_checks: awaitChecksReview,
      samples: bookSamples,
      lab_results: evaluateLab,
      review_lab: awaitOverdueReview,
      agreement: issueAgreement,
      activation: activate,
      appeal: awaitAppeal,
    };
    for (const point of RESUME_POINTS) {
      if (point !== 'intake') route.when(sfn.Condition.stringEquals('$.resumeAt', point), entries[point]);
    }
    route.otherwise(intake);

    const logGroup = new logs.LogGroup(this, 'ExecutionLogs', {
      retention: logs.RetentionDays.THREE_MONTHS,
      encryptionKey: props.logKey,
    });
    const stack = Stack.of(this);
    const machineName = `${stack.stackName}-Admission`;
    this.stateMachine = new sfn.StateMachine(this, 'StateMachine', {
      stateMachineName: machineName,
      stateMachineType: sfn.StateMachineType.STANDARD,
      definitionBody: sfn.DefinitionBody.fromChainable(route),
      tracingEnabled: true,
      logs: { destination: logGroup, level: sfn.LogLevel.ALL, includeExecutionData: false },
      comment: 'Admission of sellers to the fully-managed program',
    });
    // OpenHumanTask answers its own wait when a lab result came while the flow was between waits
    // (human-tasks.ts wake). The ARN is spelled out: a reference to the machine would make the
    // machine and its function depend on each other.
    fns.OpenHumanTask.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['states:SendTaskSuccess'],
        resources: [
          stack.formatArn({
            service: 'states',
            resource: 'stateMachine',
            resourceName: machineName,
            arnFormat: ArnFormat.COLON_RESOURCE_NAME,
          }),
        ],
      }),
    );
  }
}
