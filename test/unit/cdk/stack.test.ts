import type { CfnResource } from 'aws-cdk-lib';
import { Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AdmissionStack } from '../../../lib/admission-stack.js';
import { resolveFromStack } from '../../../local/asl-synth.js';
import { admissionStack } from '../../support/stack.js';

type State = {
  Type: string;
  Resource?: string;
  Retry?: { ErrorEquals: string[] }[];
  Catch?: unknown[];
  TimeoutSeconds?: number;
  TimeoutSecondsPath?: string;
  States?: Record<string, State>;
  ItemProcessor?: { States: Record<string, State> };
  Branches?: { States: Record<string, State> }[];
};

function allStates(states: Record<string, State>): [string, State][] {
  return Object.entries(states).flatMap(([name, s]) => [
    [name, s] as [string, State],
    ...(s.ItemProcessor ? allStates(s.ItemProcessor.States) : []),
    ...(s.Branches ?? []).flatMap((b) => allStates(b.States)),
  ]);
}

describe('AdmissionStack template', () => {
  let template: Template;
  let states: [string, State][];
  let stack: AdmissionStack;
  beforeAll(() => {
    // Synthesis runs cdk-nag (AwsSolutions + Serverless): an unacknowledged finding fails it.
    ({ stack, template } = admissionStack());
    states = allStates(resolveFromStack(stack).definition.States as Record<string, State>);
  });

  it('encrypts documents with the KMS key, versions them and refuses public access and plain HTTP', () => {
    template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
    template.hasResourceProperties('AWS::S3::Bucket', {
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [
          Match.objectLike({ ServerSideEncryptionByDefault: Match.objectLike({ SSEAlgorithm: 'aws:kms' }) }),
        ],
      },
      VersioningConfiguration: { Status: 'Enabled' },
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
    });
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: Match.objectLike({
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      }),
    });
  });

  it('keeps the table encrypted with the key, with point-in-time recovery and the status index', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      SSESpecification: Match.objectLike({ SSEEnabled: true, SSEType: 'KMS' }),
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      GlobalSecondaryIndexes: [Match.objectLike({ IndexName: 'gsi1' })],
    });
  });

  it('runs every Lambda on arm64 (Node.js 24 zips, the OCR step an image), traced, with its own role and logs', () => {
    const fns = template.findResources('AWS::Lambda::Function');
    // 20 flow steps, and more beside them (the statement job's); each with a role of its own.
    expect(Object.keys(fns).length).toBeGreaterThanOrEqual(20);
    const roles = new Set<string>();
    const images = Object.values(fns).filter(
      (f) => (f as { Properties: { PackageType?: string } }).Properties.PackageType === 'Image',
    );
    expect(images).toHaveLength(1);
    for (const fn of Object.values(fns) as { Properties: Record<string, unknown> }[]) {
      expect(fn.Properties).toMatchObject({ Architectures: ['arm64'], TracingConfig: { Mode: 'Active' } });
      if (fn.Properties.PackageType !== 'Image') expect(fn.Properties.Runtime).toBe('nodejs24.x');
      expect(fn.Properties.MemorySize).toBeGreaterThan(0);
      expect(fn.Properties.Timeout).toBeGreaterThan(0);
      roles.add(JSON.stringify(fn.Properties.Role));
    }
    expect(roles.size).toBe(Object.keys(fns).length);
    // Every log group: a retention (90 days; the API's access logs a year) and the KMS key.
    template.allResourcesProperties('AWS::Logs::LogGroup', {
      RetentionInDays: Match.anyValue(),
      KmsKeyId: Match.anyValue(),
    });
  });

  it('keeps the audit trail in its own table that no role may update or delete', () => {
    const tables = template.findResources('AWS::DynamoDB::Table');
    const auditId = Object.keys(tables).find((id) => id.includes('AuditTable')) as string;
    expect(auditId).toBeDefined();
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      SSESpecification: Match.objectLike({ SSEEnabled: true, SSEType: 'KMS' }),
      DeletionProtectionEnabled: true,
    });
    const statements = Object.values(template.findResources('AWS::IAM::Policy')).flatMap(
      (p) =>
        (
          p as {
            Properties: { PolicyDocument: { Statement: { Action: string | string[]; Resource: unknown }[] } };
          }
        ).Properties.PolicyDocument.Statement,
    );
    const onAudit = statements.filter((st) => JSON.stringify(st.Resource).includes(auditId));
    expect(onAudit.length).toBeGreaterThan(20);
    const actions = new Set(onAudit.flatMap((st) => (Array.isArray(st.Action) ? st.Action : [st.Action])));
    expect([...actions].sort()).toEqual(['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query']);
  });

  it('has one Standard state machine, traced and logging, with the three human waits as callbacks', () => {
    // The admission flow, the statement job (test/unit/cdk/statement-job.test.ts) and spot checks (below).
    template.resourceCountIs('AWS::StepFunctions::StateMachine', 3);
    template.hasResourceProperties('AWS::StepFunctions::StateMachine', {
      StateMachineType: 'STANDARD',
      TracingConfiguration: { Enabled: true },
      LoggingConfiguration: Match.objectLike({ Level: 'ALL' }),
    });
    const callbacks = states.filter(([, s]) => s.Resource?.endsWith('.waitForTaskToken')).map(([n]) => n);
    expect(callbacks.sort()).toEqual([
      'AwaitAppealDecision',
      'AwaitChecksReview',
      'AwaitLabResults',
      'AwaitOverdueReview',
      'AwaitSignature',
    ]);
  });

  it('lets OpenHumanTask answer its own wait (a lab result that came between waits), on this machine only', () => {
    const roleOf = (fnLogicalId: string) =>
      (template.toJSON().Resources[fnLogicalId] as { Properties: { Role: { 'Fn::GetAtt': [string] } } })
        .Properties.Role['Fn::GetAtt'][0];
    const open = stack.getLogicalId(stack.functions.OpenHumanTask.fn.node.defaultChild as CfnResource);
    const policies = template.findResources('AWS::IAM::Policy', {
      Properties: { Roles: Match.arrayWith([{ Ref: roleOf(open) }]) },
    });
    const statements = Object.values(policies).flatMap(
      (p) =>
        (p as { Properties: { PolicyDocument: { Statement: { Action: unknown; Resource: unknown }[] } } })
          .Properties.PolicyDocument.Statement,
    );
    const answer = statements.filter((st) => JSON.stringify(st.Action).includes('states:SendTaskSuccess'));
    expect(answer).toHaveLength(1);
    expect(JSON.stringify(answer[0]?.Resource)).toContain(':stateMachine:ManagedAdmission-Admission');
    template.hasResourceProperties('AWS::StepFunctions::StateMachine', {
      StateMachineName: 'ManagedAdmission-Admission',
    });
  });

  it('gives every Task a Retry for transient errors, a Catch and a timeout', () => {
    const tasks = states.filter(([, s]) => s.Type === 'Task');
    expect(tasks.length).toBeGreaterThan(20);
    for (const [name, s] of tasks) {
      const retried = (s.Retry ?? []).flatMap((r) => r.ErrorEquals);
      expect(retried, name).toEqual(
        expect.arrayContaining(['Lambda.TooManyRequestsException', 'TransientError']),
      );
      expect(s.Catch?.length, name).toBeGreaterThan(0);
      expect(s.TimeoutSeconds ?? s.TimeoutSecondsPath, name).toBeDefined();
    }
  });

  it('runs the integrity check as a branch of RunChecks, beside the other checks', () => {
    const run = states.find(([n]) => n === 'RunChecks')?.[1];
    const branches = (run?.Branches ?? []).map((b) => Object.keys(b.States));
    expect(branches.flat()).toEqual(
      expect.arrayContaining([
        'CheckLicence',
        'CheckViolations',
        'CheckCapacity',
        'CheckAttributes',
        'CheckIntegrity',
      ]),
    );
    expect(branches).toHaveLength(5);
  });

  it('runs spot-check rounds as a machine of their own: a Distributed Map whose wait for the lab is a callback', () => {
    const spot = allStates(resolveFromStack(stack, 'spotChecks').definition.States as Record<string, State>);
    const byName = new Map(spot);
    const map = byName.get('SpotCheckBookings') as State & {
      ItemProcessor: { ProcessorConfig?: { Mode?: string; ExecutionType?: string } };
      MaxConcurrency?: number;
    };
    expect(map.Type).toBe('Map');
    expect(map.ItemProcessor.ProcessorConfig).toEqual({ Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' });
    expect(map.MaxConcurrency).toBeGreaterThanOrEqual(1000);
    const callbacks = spot.filter(([, s]) => s.Resource?.endsWith('.waitForTaskToken')).map(([n]) => n);
    expect(callbacks).toEqual(['AwaitSpotCheckResult']);
    const wait = byName.get('AwaitSpotCheckResult') as State & {
      Catch: { ErrorEquals: string[]; Next: string }[];
    };
    // Past the due date: flagged to ops, then the same wait again.
    expect(wait.TimeoutSecondsPath).toBe('$.wait.Payload.timeoutSeconds');
    expect(wait.Catch[0]).toMatchObject({ ErrorEquals: ['States.Timeout'], Next: 'FlagSpotCheckOverdue' });
    expect((byName.get('FlagSpotCheckOverdue') as State & { Next: string }).Next).toBe(
      'AwaitSpotCheckResult',
    );
    for (const [name, s] of spot.filter(([, s]) => s.Type === 'Task')) {
      expect(
        (s.Retry ?? []).flatMap((r) => r.ErrorEquals),
        name,
      ).toContain('TransientError');
      expect(s.Catch?.length, name).toBeGreaterThan(0);
      expect(s.TimeoutSeconds ?? s.TimeoutSecondsPath, name).toBeDefined();
    }
    const names = spot.map(([n]) => n);
    expect(new Set(names).size).toBe(names.length);
    template.hasResourceProperties('AWS::StepFunctions::StateMachine', {
      StateMachineName: Match.stringLikeRegexp('SpotChecks$'),
      StateMachineType: 'STANDARD',
      TracingConfiguration: { Enabled: true },
    });
  });

  it('uses unique state names across nesting (the local runtime overrides by name)', () => {
    const names = states.map(([n]) => n);
    expect(new Set(names).size).toBe(names.length);
  });
});
