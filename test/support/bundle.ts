/**
 * One function bundled for real (esbuild, HouseFunction's options, stubs and copied files), as
 * `npm run synth` bundles it, in an App of its own: for tests that look into or run a bundle.
 */
import { join } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import { HouseFunction, type HouseFunctionProps } from '../../lib/house-function.js';

export function bundleFunction(
  outdir: string,
  stackName: string,
  props: Omit<HouseFunctionProps, 'logKey'>,
): { assetDir: string; template: Template } {
  const app = new App({ outdir });
  const stack = new Stack(app, stackName);
  new HouseFunction(stack, 'Fn', { ...props, logKey: new kms.Key(stack, 'Key') });
  const assembly = app.synth();
  const template = Template.fromStack(stack);
  const fn = Object.values(template.findResources('AWS::Lambda::Function'))[0] as {
    Properties: { Code: { S3Key: string } };
  };
  return {
    assetDir: join(assembly.directory, `asset.${fn.Properties.Code.S3Key.replace(/\.zip$/, '')}`),
    template,
  };
}
