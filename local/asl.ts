import type { SpotCheckFunctionName } from '../lib/spot-checks.js';
import type { StepFunctionName } from '../lib/steps.js';
import { cachedWorkflows } from './workflow-cache.js';

export type AslState = Record<string, unknown> & { Type: string };
export interface AslDefinition {
  StartAt: string;
  States: Record<string, AslState>;
  [k: string]: unknown;
}

/** A step function's handler module (project-relative) and its configured memory. */
export interface HandlerTarget {
  name: StepFunctionName | SpotCheckFunctionName;
  entry: string;
  memoryMb: number;
}

/** The state machines the local runtime runs, by the construct that defines each. */
export const MACHINES = {
  /** The admission flow (lib/workflow.ts): its executions are keyed by application. */
  admission: { construct: 'Workflow', key: 'applicationId' },
  /** Spot-check rounds (lib/spot-checks.ts): keyed by round. */
  spotChecks: { construct: 'SpotChecks', key: 'roundId' },
} as const;
export type MachineName = keyof typeof MACHINES;

export interface ResolvedWorkflow {
  definition: AslDefinition;
  /** Function ARN as written in the resolved definition → its handler. */
  handlers: Map<string, HandlerTarget>;
  /** The input field that names an execution's business object (its clock, its waits). */
  key: 'applicationId' | 'roundId';
}

export const localFunctionArn = (logicalId: string) =>
  `arn:aws:lambda:cn-north-1:000000000000:function:${logicalId}`;

/**
 * A state machine as the local runtime runs it: the definition `cdk synth` writes, with only
 * CloudFormation tokens filled (asl-synth.ts). Synthesizing takes seconds (tens on a loaded
 * machine) and every local platform, `admit` run and integration test needs it, so it is kept in
 * .cache keyed by the sources it comes from (workflow-cache.ts); aws-cdk-lib is loaded only when
 * they changed.
 */
export function resolveWorkflow(machine: MachineName = 'admission'): ResolvedWorkflow {
  return cachedWorkflows()[machine];
}

/** The state machine of a synthesized template (in-process or cdk.out) as plain ASL. */
export function definitionFromTemplate(template: unknown, machine: MachineName = 'admission'): AslDefinition {
  const resources = (
    template as { Resources: Record<string, { Type: string; Properties: Record<string, unknown> }> }
  ).Resources;
  // By the construct that defines it; the statement job's machine is not run locally.
  const prefix = MACHINES[machine].construct;
  const machines = Object.entries(resources)
    .filter(([id, r]) => r.Type === 'AWS::StepFunctions::StateMachine' && id.startsWith(prefix))
    .map(([, r]) => r);
  if (machines.length !== 1)
    throw new Error(`expected one ${machine} state machine, found ${machines.length}`);
  const definitionString = resolveIntrinsics(machines[0]?.Properties.DefinitionString);
  if (typeof definitionString !== 'string') throw new Error('DefinitionString did not resolve to a string');
  return JSON.parse(definitionString) as AslDefinition;
}

function resolveIntrinsics(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(resolveIntrinsics);
  if (node === null || typeof node !== 'object') return node;
  const obj = node as Record<string, unknown>;
  if ('Fn::Join' in obj) {
    const [sep, parts] = obj['Fn::Join'] as [string, unknown[]];
    return parts.map(resolveIntrinsics).join(sep);
  }
  if ('Fn::GetAtt' in obj) {
    const [logicalId, attr] = obj['Fn::GetAtt'] as [string, string];
    if (attr === 'Arn') return localFunctionArn(logicalId);
    throw new Error(`unsupported Fn::GetAtt ${logicalId}.${attr}`);
  }
  if ('Ref' in obj) {
    const ref = obj.Ref as string;
    const pseudo: Record<string, string> = {
      'AWS::Partition': 'aws',
      'AWS::Region': 'cn-north-1',
      'AWS::AccountId': '000000000000',
      'AWS::URLSuffix': 'amazonaws.com',
    };
    return pseudo[ref] ?? ref;
  }
  return Object.fromEntries(Object.entries(obj).map(([k, v]) => [k, resolveIntrinsics(v)]));
}
