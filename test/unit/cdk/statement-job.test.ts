import { Stack } from 'aws-cdk-lib';
import { Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AdmissionStack } from '../../../lib/admission-stack.js';
import { admissionStack } from '../../support/stack.js';

type State = {
  Type: string;
  Retry?: { ErrorEquals: string[] }[];
  Catch?: unknown[];
  TimeoutSeconds?: number;
  ItemReader?: { Resource: string; Parameters: Record<string, unknown> };
  ItemBatcher?: {
    MaxItemsPerBatch?: number;
    MaxInputBytesPerBatch?: number;
    BatchInput?: Record<string, unknown>;
  };
  ItemSelector?: unknown;
  ResultPath?: string;
  ResultWriter?: { Resource: string; Parameters: Record<string, unknown> };
  ToleratedFailurePercentage?: number;
  ItemProcessor?: { ProcessorConfig: { Mode: string }; States: Record<string, State> };
  Next?: string;
};

/** The definition with every CloudFormation token replaced by a placeholder: shape only. */
function definitionOf(
  template: Template,
  logicalIdPrefix: string,
): { StartAt: string; States: Record<string, State> } {
  const machines = template.findResources('AWS::StepFunctions::StateMachine');
  const [, machine] = Object.entries(machines).find(([id]) => id.startsWith(logicalIdPrefix)) ?? [];
  const body = (machine as { Properties: { DefinitionString: unknown } }).Properties.DefinitionString;
  const flat = (n: unknown): string => {
    if (typeof n === 'string') return n;
    if (n && typeof n === 'object' && 'Fn::Join' in n)
      return (n['Fn::Join'] as [string, unknown[]])[1].map(flat).join('');
    return 'TOKEN';
  };
  return JSON.parse(flat(body));
}

describe('StatementJob', () => {
  let template: Template;
  let stack: AdmissionStack;
  let states: Record<string, State>;
  beforeAll(() => {
    // Synthesis runs cdk-nag: an unacknowledged finding on the job fails it.
    ({ stack, template } = admissionStack());
    states = definitionOf(template, 'StatementJob').States;
  });

  /** The IAM statements of one statement-job function's role. */
  const statementsOf = (f: 'batch' | 'files' | 'issue') => {
    const policies = Object.values(template.findResources('AWS::IAM::Policy')) as {
      Properties: {
        Roles: { Ref: string }[];
        PolicyDocument: { Statement: { Action: string | string[]; Resource: unknown }[] };
      };
    }[];
    const role = Stack.of(stack).getLogicalId(
      stack.statementJob.functions[f].fn.role?.node.defaultChild as never,
    );
    return policies
      .filter((p) => p.Properties.Roles.some((r) => r.Ref === role))
      .flatMap((p) => p.Properties.PolicyDocument.Statement);
  };

  it('prepares, sums the order files in a Distributed Map over S3, then reduces', () => {
    expect(Object.keys(states)).toEqual(
      expect.arrayContaining([
        'PrepareStatementRun',
        'SumOrderFiles',
        'ReduceStatements',
        'StatementsWritten',
      ]),
    );
    expect(states.PrepareStatementRun?.Next).toBe('SumOrderFiles');
    expect(states.SumOrderFiles?.Next).toBe('ReduceStatements');
    expect(states.ReduceStatements?.Next).toBe('WriteStatementFiles');
    expect(states.WriteStatementFiles?.Next).toBe('IssueStatements');
    expect(states.IssueStatements?.Next).toBe('StatementsWritten');
    const map = states.SumOrderFiles as State;
    expect(map.Type).toBe('Map');
    expect(map.ItemProcessor?.ProcessorConfig.Mode).toBe('DISTRIBUTED');
    expect(map.ItemReader?.Resource).toMatch(/:s3:listObjectsV2$/);
    expect(map.ItemReader?.Parameters.Prefix).toBe('orders/');
    expect(map.ItemBatcher?.MaxItemsPerBatch).toBeGreaterThan(1);
    expect(Object.keys(map.ItemBatcher?.BatchInput ?? {})).toEqual(
      expect.arrayContaining(['period.$', 'runPrefix.$', 'schedulesKey.$']),
    );
    expect(map.ResultWriter?.Resource).toMatch(/:s3:putObject$/);
    expect(map.ResultWriter?.Parameters.Prefix).toBe('statements/map-runs');
    // A failed batch fails the run: no total may come out short.
    expect(map.ToleratedFailurePercentage ?? 0).toBe(0); // ASL's default, which CDK leaves out
  });

  it('writes the statements’ files in a second Distributed Map over the list Reduce wrote, in batches', () => {
    const map = states.WriteStatementFiles as State;
    expect(map.Type).toBe('Map');
    expect(map.ItemProcessor?.ProcessorConfig.Mode).toBe('DISTRIBUTED');
    // A JSON array in S3 whose key the reduce step returned.
    expect(map.ItemReader?.Resource).toMatch(/:s3:getObject$/);
    expect(map.ItemReader?.Parameters['Key.$']).toBe('$.result.Payload.itemsKey');
    expect(
      (map.ItemReader as unknown as { ReaderConfig: { InputType: string } }).ReaderConfig.InputType,
    ).toBe('JSON');
    expect(map.ItemBatcher?.MaxItemsPerBatch).toBe(8);
    expect(map.ItemBatcher?.MaxInputBytesPerBatch).toBeLessThanOrEqual(256 * 1024);
    expect(map.ItemBatcher?.BatchInput).toEqual({
      'period.$': '$.run.Payload.period',
      'runPrefix.$': '$.run.Payload.runPrefix',
      'schedulesKey.$': '$.run.Payload.schedulesKey',
    });
    expect(map.ResultWriter?.Parameters.Prefix).toBe('statements/map-runs');
    expect(map.ToleratedFailurePercentage ?? 0).toBe(0);
    expect(Object.keys(map.ItemProcessor?.States ?? {})).toContain('WriteStatementBatch');
    // The files step ships the CJK font beside its bundle (the PDF writer reads it).
    expect(stack.statementJob.functions.files.entry).toBe('lambdas/steps/statement-files/handler.ts');
    expect(stack.statementJob.functions.issue.entry).toBe('lambdas/steps/statement-issue/handler.ts');
  });

  it('gives every Task, inside the Map too, a Retry for transient errors, a Catch and a timeout', () => {
    const tasks = [
      ...Object.entries(states),
      ...Object.entries(states.SumOrderFiles?.ItemProcessor?.States ?? {}),
      ...Object.entries(states.WriteStatementFiles?.ItemProcessor?.States ?? {}),
    ].filter(([, s]) => s.Type === 'Task');
    expect(tasks.map(([n]) => n).sort()).toEqual([
      'IssueStatements',
      'PrepareStatementRun',
      'ReduceStatements',
      'SumOrderBatch',
      'WriteStatementBatch',
    ]);
    for (const [name, s] of tasks) {
      expect(
        (s.Retry ?? []).flatMap((r) => r.ErrorEquals),
        name,
      ).toEqual(expect.arrayContaining(['Lambda.TooManyRequestsException', 'TransientError']));
      expect(s.Catch?.length, name).toBeGreaterThan(0);
      expect(s.TimeoutSeconds, name).toBeGreaterThan(0);
    }
  });

  it('runs its functions through the house construct: arm64, traced, their own roles', () => {
    const fns = stack.statementJob.functions;
    for (const f of Object.values(fns)) {
      const id = Stack.of(f).getLogicalId(f.fn.node.defaultChild as never);
      template.hasResource('AWS::Lambda::Function', {
        Properties: Match.objectLike({ Architectures: ['arm64'], TracingConfig: { Mode: 'Active' } }),
      });
      expect(template.toJSON().Resources[id].Properties.Architectures).toEqual(['arm64']);
    }
    expect(
      template.toJSON().Resources[Stack.of(stack).getLogicalId(fns.batch.fn.node.defaultChild as never)]
        .Properties.MemorySize,
    ).toBe(1769);
  });

  it('lets the batch read order files and write only under statements/', () => {
    const statements = statementsOf('batch');
    const writes = statements.filter((s) => [s.Action].flat().some((a) => a.startsWith('s3:Put')));
    expect(writes.length).toBeGreaterThan(0);
    for (const w of writes) expect(JSON.stringify(w.Resource)).toContain('/statements/*');
    const reads = statements.filter((s) => [s.Action].flat().some((a) => a.startsWith('s3:GetObject')));
    expect(JSON.stringify(reads.map((r) => r.Resource))).toContain('/orders/*');
  });

  it('lets the files and issue steps read run objects and write only issued statements', () => {
    for (const f of ['files', 'issue'] as const) {
      const statements = statementsOf(f);
      const s3 = statements.filter((s) => [s.Action].flat().some((a) => a.startsWith('s3:')));
      const writes = s3.filter((s) => [s.Action].flat().some((a) => a.startsWith('s3:Put')));
      expect(writes.length, f).toBeGreaterThan(0);
      for (const w of writes) {
        expect(JSON.stringify(w.Resource), f).toContain('/statements/issued/*');
        expect(JSON.stringify(w.Resource), f).not.toContain('/statements/runs/');
      }
      for (const s of s3) expect(JSON.stringify(s.Resource), f).toMatch(/\/statements\/(runs|issued)\/\*/);
      expect(JSON.stringify(s3.map((s) => s.Resource)), f).not.toContain('/orders/');
      expect(
        s3.flatMap((s) => [s.Action].flat()).filter((a) => a.startsWith('s3:Delete')),
        f,
      ).toEqual([]);
    }
  });
});
