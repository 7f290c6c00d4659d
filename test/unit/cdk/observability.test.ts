import { Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { admissionStack } from '../../support/stack.js';

type Resource = { Type: string; Properties: Record<string, unknown> };

describe('Observability in the AdmissionStack template', () => {
  let template: Template;
  let resources: Record<string, Resource>;
  beforeAll(() => {
    // Synthesis runs cdk-nag (AwsSolutions + Serverless): an unacknowledged finding fails it.
    ({ template } = admissionStack());
    resources = template.toJSON().Resources as Record<string, Resource>;
  });

  const ofType = (type: string) => Object.entries(resources).filter(([, r]) => r.Type === type);
  const alarms = () => ofType('AWS::CloudWatch::Alarm').map(([, r]) => r.Properties);
  const topicRef = () => {
    const topic = ofType('AWS::SNS::Topic').find(
      ([, r]) => r.Properties.DisplayName === 'Admission pipeline alarms',
    );
    return { Ref: topic?.[0] };
  };

  it('has an alarm topic encrypted with the KMS key that refuses plain HTTP', () => {
    template.hasResourceProperties('AWS::SNS::Topic', {
      DisplayName: 'Admission pipeline alarms',
      KmsMasterKeyId: Match.anyValue(),
    });
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: Match.objectLike({
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      }),
    });
  });

  it('alarms on failed, timed-out and aborted executions of every state machine', () => {
    const machines = ofType('AWS::StepFunctions::StateMachine').map(([id]) => id);
    expect(machines.length).toBeGreaterThanOrEqual(2);
    for (const id of machines) {
      for (const metric of ['ExecutionsFailed', 'ExecutionsTimedOut', 'ExecutionsAborted']) {
        const found = alarms().filter(
          (a) =>
            a.MetricName === metric &&
            a.Namespace === 'AWS/States' &&
            JSON.stringify(a.Dimensions).includes(`"Ref":"${id}"`),
        );
        expect(found, `${metric} of ${id}`).toHaveLength(1);
        expect(found[0]).toMatchObject({ Threshold: 1, ComparisonOperator: 'GreaterThanOrEqualToThreshold' });
      }
    }
  });

  it('alarms on errors and throttles of every function', () => {
    const fns = ofType('AWS::Lambda::Function')
      .filter(([, r]) => String(r.Properties.Description ?? '').length > 0 && r.Properties.TracingConfig)
      .map(([id]) => id);
    expect(fns.length).toBeGreaterThan(15);
    for (const id of fns) {
      for (const metric of ['Errors', 'Throttles']) {
        const found = alarms().filter(
          (a) =>
            a.MetricName === metric &&
            a.Namespace === 'AWS/Lambda' &&
            JSON.stringify(a.Dimensions).includes(`"Ref":"${id}"`),
        );
        expect(found, `${metric} of ${id}`).toHaveLength(1);
      }
    }
  });

  it('alarms on throttled requests of every table as a metric math sum', () => {
    const tables = ofType('AWS::DynamoDB::Table').map(([id]) => id);
    for (const id of tables) {
      const found = alarms().filter((a) => JSON.stringify(a.Metrics ?? []).includes(`"Ref":"${id}"`));
      expect(found, `throttles of ${id}`).toHaveLength(1);
      expect(JSON.stringify(found[0]?.Metrics)).toContain('ReadThrottleEvents');
      expect(JSON.stringify(found[0]?.Metrics)).toContain('WriteThrottleEvents');
    }
  });

  it.each([
    ['ReviewsPastSla', 1],
    ['LabResultsOverdue', 1],
    ['StuckApplications', 1],
    ['WebhookDeliveryFailures', 10],
  ])('alarms on %s in namespace AdmissionPipeline at %d', (metric, threshold) => {
    const found = alarms().filter((a) => a.MetricName === metric && a.Namespace === 'AdmissionPipeline');
    expect(found).toHaveLength(1);
    expect(found[0]?.Threshold).toBe(threshold);
  });

  it('sends every alarm to the alarm topic and counts them all', () => {
    const all = alarms();
    const machines = ofType('AWS::StepFunctions::StateMachine').length;
    const fns = alarms().filter((a) => a.MetricName === 'Errors' && a.Namespace === 'AWS/Lambda').length;
    const tables = ofType('AWS::DynamoDB::Table').length;
    expect(all).toHaveLength(3 * machines + 2 * fns + tables + 4);
    for (const a of all) expect(a.AlarmActions).toEqual([topicRef()]);
  });

  it('publishes the stuck-work gauges from a function scheduled every 5 minutes', () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(5 minutes)',
      Targets: [Match.objectLike({ Arn: Match.anyValue() })],
    });
  });

  it('has a dashboard with executions, functions, tables, stuck work and alarm widgets', () => {
    const dashboard = ofType('AWS::CloudWatch::Dashboard')[0]?.[1];
    const body = JSON.stringify(dashboard?.Properties.DashboardBody);
    for (const title of [
      'Alarms',
      'Executions',
      'Stuck work',
      'Lambda errors',
      'Lambda throttles',
      'Decisions and human tasks',
      'Reasons raised, webhook failures',
      'DynamoDB throttled requests',
    ]) {
      expect(body).toContain(`\\"title\\":\\"${title}\\"`);
    }
  });
});
