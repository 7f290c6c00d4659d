/**
 * Synthesizes the CDK app in-process (bundling skipped: the local runtime imports the handler
 * sources) and resolves each state machine's DefinitionString (Fn::Join, Ref, Fn::GetAtt) into
 * plain ASL. Run as a script (by workflow-cache.ts) it writes both machines to the file named by
 * its argument, so a process that only runs the workflow never loads aws-cdk-lib.
 */
import { renameSync, writeFileSync } from 'node:fs';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { buildApp } from '../bin/app.js';
import type { AdmissionStack } from '../lib/admission-stack.js';
import type { HouseFunction } from '../lib/house-function.js';
import type { SpotCheckFunctionName } from '../lib/spot-checks.js';
import type { StepFunctionName } from '../lib/steps.js';
import {
  definitionFromTemplate,
  localFunctionArn,
  MACHINES,
  type MachineName,
  type ResolvedWorkflow,
} from './asl.js';
import { type CachedWorkflows, serializeWorkflows } from './workflow-cache.js';

export function resolveFromStack(
  stack: AdmissionStack,
  machine: MachineName = 'admission',
): ResolvedWorkflow {
  const template = Template.fromStack(stack).toJSON() as {
    Resources: Record<string, { Properties?: { MemorySize?: number } }>;
  };
  const definition = definitionFromTemplate(template, machine);
  const handlers: ResolvedWorkflow['handlers'] = new Map();
  const functions = machine === 'admission' ? stack.functions : stack.spotChecks.functions;
  for (const [name, fn] of Object.entries(functions) as [
    StepFunctionName | SpotCheckFunctionName,
    HouseFunction,
  ][]) {
    const memoryMb = template.Resources[fn.logicalId()]?.Properties?.MemorySize;
    if (memoryMb === undefined) throw new Error(`function ${name} has no MemorySize in the template`);
    handlers.set(localFunctionArn(fn.logicalId()), { name, entry: fn.entry, memoryMb });
  }
  return { definition, handlers, key: MACHINES[machine].key };
}

/** Every machine the local runtime runs, from one synthesis. */
export function synthesizeWorkflows(): CachedWorkflows {
  const stack = buildApp(new App({ context: { 'aws:cdk:bundling-stacks': [] } })).stack;
  return {
    admission: resolveFromStack(stack, 'admission'),
    spotChecks: resolveFromStack(stack, 'spotChecks'),
  };
}

const out = process.argv[2];
if (out && import.meta.url === `file://${process.argv[1]}`) {
  // Written whole, then renamed: a reader never sees half a file.
  const tmp = `${out}.${process.pid}.tmp`;
  writeFileSync(tmp, serializeWorkflows(synthesizeWorkflows()));
  renameSync(tmp, out);
}
