#!/usr/bin/env node
import { App, Validations } from 'aws-cdk-lib';
import { AdmissionStack } from '../lib/admission-stack.js';
import { AwsSolutionsChecks, ServerlessChecks } from '../lib/nag.js';

/**
 * The CDK app: one stack, checked by cdk-nag's AwsSolutions and Serverless packs on every synth.
 * Each acknowledged finding sits on the narrowest construct with its reason (lib/).
 */
export function buildApp(app = new App()): { app: App; stack: AdmissionStack } {
  const stack = new AdmissionStack(app, 'ManagedAdmission', {
    description: 'Admission pipeline of the fully-managed program',
  });
  Validations.of(app).addPlugins(
    new AwsSolutionsChecks(app, { verbose: true }),
    new ServerlessChecks(app, { verbose: true }),
  );
  return { app, stack };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  buildApp().app.synth();
}
