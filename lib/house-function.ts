import * as path from 'node:path';
import { Duration, Stack } from 'aws-cdk-lib';
import { Platform } from 'aws-cdk-lib/aws-ecr-assets';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { type ICommandHooks, NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { acknowledge, arnRef } from './acknowledge.js';

export const PROJECT_ROOT = path.resolve(import.meta.dirname, '..');

export interface HouseFunctionProps {
  /** Handler module, relative to the project root (lambdas/steps/<step>/handler.ts). */
  entry: string;
  description: string;
  memorySize?: number;
  timeout?: Duration;
  environment?: Record<string, string>;
  logKey: kms.IKey;
  /**
   * Package as a container image built from this Dockerfile (project-relative) instead of an
   * esbuild zip: for a function whose native engine and data outgrow a zip (the OCR step).
   */
  dockerfile?: string;
  /**
   * Project-relative files copied beside the bundle's entry file, keeping their base name under
   * `dir` (a font a PDF-rendering step reads at run time, say).
   */
  bundleFiles?: { dir: string; files: readonly string[] };
  /** Who invokes it synchronously (why it has no DLQ); Step Functions unless said otherwise. */
  invokedBy?: string;
}

/**
 * Modules every esbuild bundle replaces with a stub of ours, or with one copy of a package
 * (esbuild `--alias`; a no-op in bundles that never import them). fontkit imports a 486 KB Brotli
 * decoder, decoding its dictionary at import, only to read WOFF2 fonts; the one font shipped is
 * OpenType (lambdas/pdf/font-file.ts).
 * Absolute paths: CDK bundles locally from the project root (esbuild is a dev dependency).
 */
const NO_PROFILE_CREDENTIALS = path.join(PROJECT_ROOT, 'lambdas/adapters/aws/no-profile-credentials.ts');
const BUNDLE_STUBS: Record<string, string> = {
  'brotli/decompress.js': path.join(PROJECT_ROOT, 'lambdas/pdf/no-woff2.ts'),
  // The SDK is bundled: the default credential chain's profile links (and the STS/SSO clients they
  // load) never find anything on Lambda; env credentials and container credentials are kept.
  '@aws-sdk/credential-provider-ini': NO_PROFILE_CREDENTIALS,
  '@aws-sdk/credential-provider-sso': NO_PROFILE_CREDENTIALS,
  '@aws-sdk/credential-provider-process': NO_PROFILE_CREDENTIALS,
  '@aws-sdk/credential-provider-web-identity': NO_PROFILE_CREDENTIALS,
  // One S3 client in a bundle: @aws-sdk/s3-presigned-post pins its own (older) client-s3 for the
  // one command it builds, which put a second copy of S3's schemas (74 KB) in the portal's bundles.
  '@aws-sdk/client-s3': path.join(PROJECT_ROOT, 'node_modules/@aws-sdk/client-s3'),
};

/** Bundling hooks that copy files from the project into the bundle (works locally and in Docker). */
function copyAfterBundling({ dir, files }: { dir: string; files: readonly string[] }): ICommandHooks {
  return {
    beforeBundling: () => [],
    beforeInstall: () => [],
    afterBundling: (inputDir, outputDir) => [
      `mkdir -p "${outputDir}/${dir}"`,
      ...files.map((f) => `cp "${inputDir}/${f}" "${outputDir}/${dir}/${path.basename(f)}"`),
    ],
  };
}

/**
 * The one way a Lambda is made here: Node.js 22 on arm64, an esbuild ESM bundle, tracing, its
 * own role and its own encrypted log group with retention, explicit memory and timeout.
 */
export class HouseFunction extends Construct {
  readonly fn: lambda.Function;
  readonly entry: string;

  constructor(scope: Construct, id: string, props: HouseFunctionProps) {
    super(scope, id);
    this.entry = props.entry;
    const logGroup = new logs.LogGroup(this, 'Logs', {
      retention: logs.RetentionDays.THREE_MONTHS,
      encryptionKey: props.logKey,
    });
    const role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Runs ${props.entry}`,
    });
    // Logs to its own group only, instead of the managed AWSLambdaBasicExecutionRole's logs:*.
    role.addToPolicy(
      new iam.PolicyStatement({
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [logGroup.logGroupArn, `${logGroup.logGroupArn}:*`],
      }),
    );
    const common = {
      description: props.description,
      architecture: lambda.Architecture.ARM_64,
      memorySize: props.memorySize ?? 512,
      timeout: props.timeout ?? Duration.seconds(30),
      tracing: lambda.Tracing.ACTIVE,
      role,
      logGroup,
      environment: {
        NODE_OPTIONS: '--enable-source-maps',
        POWERTOOLS_SERVICE_NAME: 'admission',
        ...props.environment,
      },
    };
    this.fn = props.dockerfile
      ? new lambda.DockerImageFunction(this, 'Fn', {
          ...common,
          code: lambda.DockerImageCode.fromImageAsset(PROJECT_ROOT, {
            file: props.dockerfile,
            platform: Platform.LINUX_ARM64,
            exclude: ['node_modules', 'cdk.out', '.cache', '.local', '.git', 'test', 'bench', 'test-results'],
          }),
        })
      : new NodejsFunction(this, 'Fn', {
          ...common,
          entry: path.join(PROJECT_ROOT, props.entry),
          handler: 'handler',
          runtime: lambda.Runtime.NODEJS_24_X,
          bundling: {
            format: OutputFormat.ESM,
            target: 'node24',
            minify: true,
            sourceMap: true,
            // Mappings only: stack traces need no sources, and Node parses the map at import
            // (--enable-source-maps); with the SDK bundled the sources would triple it.
            sourcesContent: false,
            // The SDK clients a function uses are bundled (tree-shaken ESM, minified) rather than
            // loaded from the runtime's copy: file-by-file loading from node_modules was ~90% of
            // every cold start, and the runtime's SDK version is not ours to pin.
            externalModules: [],
            mainFields: ['module', 'main'],
            // Some dependencies still call require(); ESM bundles need it defined.
            banner: "import { createRequire } from 'module';const require = createRequire(import.meta.url);",
            esbuildArgs: {
              '--alias': Object.entries(BUNDLE_STUBS).map(([from, to]) => `${from}=${to}`),
            },
            ...(props.bundleFiles ? { commandHooks: copyAfterBundling(props.bundleFiles) } : {}),
          },
        });
    acknowledge(
      role,
      'Log streams are created at run time inside the function\'s own log group (":*" is that group\'s streams).',
      `AwsSolutions-IAM5[Resource::${arnRef(logGroup)}:*]`,
    );
    acknowledge(
      role,
      'X-Ray PutTraceSegments/PutTelemetryRecords (every function) and Textract DetectDocumentText/AnalyzeDocument (the OCR step) support no resource-level permissions.',
      'AwsSolutions-IAM5[Resource::*]',
    );
    acknowledge(
      this.fn,
      props.invokedBy ??
        'Invoked synchronously by Step Functions only: failures are retried and caught by the state machine, so a DLQ would never receive anything.',
      'Serverless-LambdaDLQ',
    );
  }

  /** The function name as it appears in the synthesized template (for the local runtime). */
  logicalId(): string {
    return Stack.of(this).getLogicalId(this.fn.node.defaultChild as lambda.CfnFunction);
  }
}
