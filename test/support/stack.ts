import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { buildApp } from '../../bin/app.js';
import type { AdmissionStack } from '../../lib/admission-stack.js';

let built: { stack: AdmissionStack; template: Template } | undefined;

/**
 * The app as `cdk synth` builds it (bundling skipped) and its synthesized template, built once per
 * worker process: synthesis runs cdk-nag (AwsSolutions + Serverless), and an unacknowledged finding
 * fails it. The template tests only read the stack and the template; the unit files share a worker
 * (vitest.config.ts), so one synthesis serves every template test that runs in it.
 */
export function admissionStack(): { stack: AdmissionStack; template: Template } {
  if (!built) {
    const { stack } = buildApp(new App({ context: { 'aws:cdk:bundling-stacks': [] } }));
    built = { stack, template: Template.fromStack(stack) };
  }
  return built;
}
