/**
 * The spot-check machine's additions (issue 18): the monthly schedule in China time, ops' cancel
 * (SendTaskFailure caught by name in the Map iteration) and the grants each needs, least privilege.
 * Synthesis runs cdk-nag (AwsSolutions + Serverless): an unacknowledged finding fails it.
 */
import { Stack } from 'aws-cdk-lib';
import { Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AdmissionStack } from '../../../lib/admission-stack.js';
import { resolveFromStack } from '../../../local/asl-synth.js';
import { admissionStack } from '../../support/stack.js';

type Statement = { Action: string | string[]; Resource: unknown; Effect: string };
type Policy = { Properties: { Roles: { Ref: string }[]; PolicyDocument: { Statement: Statement[] } } };

describe('spot checks: monthly schedule and cancellation', () => {
  let template: Template;
  let stack: AdmissionStack;
  const statementsOf = (fnLogicalId: string): Statement[] => {
    const fn = template.toJSON().Resources[fnLogicalId] as {
      Properties: { Role: { 'Fn::GetAtt': string[] } };
    };
    const role = fn.Properties.Role['Fn::GetAtt'][0];
    return Object.values(template.findResources('AWS::IAM::Policy') as Record<string, Policy>)
      .filter((p) => p.Properties.Roles.some((r) => r.Ref === role))
      .flatMap((p) => p.Properties.PolicyDocument.Statement);
  };
  const actions = (st: Statement[]) => st.flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action]));
  beforeAll(() => {
    ({ stack, template } = admissionStack());
  });

  it('starts the month round on the 1st at 09:00 Asia/Shanghai, with the scheduled time, retried for a day', () => {
    const monthly = stack.spotChecks.monthly.logicalId();
    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'cron(0 9 1 * ? *)',
      ScheduleExpressionTimezone: 'Asia/Shanghai',
      State: 'ENABLED',
      FlexibleTimeWindow: { Mode: 'OFF' },
      Target: Match.objectLike({
        Arn: { 'Fn::GetAtt': [monthly, 'Arn'] },
        Input: JSON.stringify({ scheduledTime: '<aws.scheduler.scheduled-time>' }),
        RetryPolicy: { MaximumEventAgeInSeconds: 86_400, MaximumRetryAttempts: 20 },
        DeadLetterConfig: { Arn: Match.anyValue() },
      }),
    });
    // The function may start the spot-check machine only (not the admission flow).
    const machine = Stack.of(stack).getLogicalId(stack.spotChecks.stateMachine.node.defaultChild as never);
    const start = statementsOf(monthly).filter((s) => actions([s]).includes('states:StartExecution'));
    expect(start).toHaveLength(1);
    expect(start[0]?.Resource).toEqual({ Ref: machine });
    expect(actions(statementsOf(monthly)).filter((a) => a.startsWith('states:'))).toEqual([
      'states:StartExecution',
    ]);
  });

  it("lets ops end a booking's wait (SendTaskFailure only) on the machine and its child executions", () => {
    const ops = statementsOf(stack.api.functions.ops.logicalId());
    const fail = ops.filter((s) => actions([s]).includes('states:SendTaskFailure'));
    expect(fail).toHaveLength(1);
    expect(actions(fail)).toEqual(['states:SendTaskFailure']);
    const resources = JSON.stringify(fail[0]?.Resource);
    expect(resources).toContain('SpotChecks');
    expect(resources).toContain('SpotChecks/*');
    expect(actions(ops)).not.toContain('states:SendTaskSuccess');
  });

  it('catches the cancellation by name in the Map iteration: the booking ends with no result recorded', () => {
    const map = resolveFromStack(stack, 'spotChecks').definition.States.SpotCheckBookings as unknown as {
      ItemProcessor: {
        States: Record<string, { Type: string; Catch?: { ErrorEquals: string[]; Next: string }[] }>;
      };
    };
    const inner = map.ItemProcessor.States;
    const wait = inner.AwaitSpotCheckResult;
    expect(wait?.Catch?.map((c) => [c.ErrorEquals, c.Next])).toEqual([
      [['States.Timeout'], 'FlagSpotCheckOverdue'],
      [['SpotCheckCancelled'], 'SpotCheckBookingCancelled'],
      [['States.ALL'], 'SpotCheckBookingFailed'],
    ]);
    expect(inner.SpotCheckBookingCancelled?.Type).toBe('Succeed');
  });
});
