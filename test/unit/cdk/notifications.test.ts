import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Match, type Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleFunction } from '../../support/bundle.js';
import { admissionStack } from '../../support/stack.js';

type Resource = { Properties: Record<string, unknown> };

describe('notifications on AWS (template)', () => {
  let template: Template;
  beforeAll(() => {
    // Synthesis runs cdk-nag (AwsSolutions + Serverless): an unacknowledged finding fails it.
    ({ template } = admissionStack());
  });

  const byDescription = (type: string, prefix: string): Resource => {
    const found = Object.values(template.findResources(type) as Record<string, Resource>).filter((r) =>
      String(r.Properties.Description ?? '').startsWith(prefix),
    );
    expect(found).toHaveLength(1);
    return found[0] as Resource;
  };

  it('has one event bus with an archive for replay', () => {
    template.resourceCountIs('AWS::Events::EventBus', 1);
    template.hasResourceProperties('AWS::Events::Archive', {
      EventPattern: { source: ['admission.pipeline'] },
      RetentionDays: 7,
    });
  });

  it('routes every event to the mailer and to the webhook queue, each retried for 24 hours with a DLQ', () => {
    for (const prefix of [
      'Every admission event to the mailer',
      'Every admission event to the webhook sender',
    ]) {
      const rule = byDescription('AWS::Events::Rule', prefix);
      expect(rule.Properties.EventPattern).toEqual({ source: ['admission.pipeline'] });
      const [target] = rule.Properties.Targets as Record<string, unknown>[];
      expect(target?.RetryPolicy).toEqual({ MaximumEventAgeInSeconds: 86_400, MaximumRetryAttempts: 185 });
      expect(target?.DeadLetterConfig).toEqual({ Arn: expect.anything() });
    }
  });

  it('works webhooks from an encrypted SQS queue with a DLQ after 5 receives, batch failures reported alone', () => {
    template.hasResourceProperties('AWS::SQS::Queue', {
      KmsMasterKeyId: Match.anyValue(),
      VisibilityTimeout: 180,
      RedrivePolicy: { deadLetterTargetArn: Match.anyValue(), maxReceiveCount: 5 },
    });
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      BatchSize: 10,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      ScalingConfig: { MaximumConcurrency: 20 },
    });
    // Every queue refuses plain HTTP.
    const policies = Object.values(
      template.findResources('AWS::SQS::QueuePolicy') as Record<string, Resource>,
    );
    expect(policies.length).toBeGreaterThanOrEqual(3);
  });

  it('gives the sender KMS Decrypt only for webhook secrets, and the mailer and sender SES on its identity only', () => {
    const statements = (match: string) =>
      Object.values(template.findResources('AWS::IAM::Policy') as Record<string, Resource>)
        .flatMap((p) => (p.Properties.PolicyDocument as { Statement: Record<string, unknown>[] }).Statement)
        .filter((s) => JSON.stringify(s.Action).includes(match));
    const decrypt = statements('kms:Decrypt').filter((s) => s.Condition);
    expect(decrypt.length).toBeGreaterThan(0);
    for (const s of decrypt)
      expect(s.Condition).toEqual({ StringEquals: { 'kms:EncryptionContext:purpose': 'webhook-secret' } });
    // The mailer, and the sender for the seller's notice that an endpoint was turned off.
    const ses = statements('ses:SendEmail');
    expect(ses).toHaveLength(2);
    for (const s of ses) expect(JSON.stringify(s.Resource)).toContain(':identity/example.com');
  });

  it('sweeps the outbox and due-soon reviews on a schedule', () => {
    const rule = byDescription('AWS::Events::Rule', 'Outbox sweep');
    expect(rule.Properties.ScheduleExpression).toBe('rate(15 minutes)');
  });
});

describe('the webhook sender bundle', () => {
  const out = mkdtempSync(join(tmpdir(), 'webhook-sender-'));
  let js = '';
  beforeAll(() => {
    const { assetDir } = bundleFunction(out, 'WebhookSender', {
      entry: 'lambdas/events/webhook-sender/handler.ts',
      description: 'webhook sender',
    });
    js = readFileSync(join(assetDir, 'index.mjs'), 'utf8');
  }, 120_000);
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('carries the URL checks, the pinned lookup, the timeout and the response size limit', () => {
    expect(js).toContain('only https URLs are accepted');
    expect(js).toContain('which is not a public address');
    expect(js).toContain('credentials in the URL');
    expect(js).toMatch(/no answer within/);
    // 64 KiB read back at most, 10 s per attempt (POST_DEFAULTS).
    expect(js).toMatch(/timeoutMs:1e4,maxResponseBytes:64\*1024|timeoutMs:1e4,maxResponseBytes:65536/);
  });
});
