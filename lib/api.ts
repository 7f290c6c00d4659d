import { CfnOutput, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpUserPoolAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { AREAS, type Area, ROUTES } from '../lambdas/api/routes.js';
import { ROLES } from '../lambdas/domain/roles.js';
import { BUNDLED_FONT_DIR, CJK_FONT_PACKAGE_PATH } from '../lambdas/pdf/font-file.js';
import { acknowledge, arnRef } from './acknowledge.js';
import { HouseFunction } from './house-function.js';

export interface ApiProps {
  table: dynamodb.ITable;
  /** The audit trail: added to and read, never updated or deleted. */
  auditTable: dynamodb.ITable;
  bucket: s3.IBucket;
  key: kms.IKey;
  stateMachine: sfn.IStateMachine;
  /** The extraction function, invoked for a seller's preview of an upload. */
  reader: lambda.IFunction;
  /** Finance starts it to issue a period's statements. */
  statementJob: sfn.IStateMachine;
  /** Where the portal is served (OAuth callback and CORS origin). */
  portalOrigin: string;
}

const AREA_DESCRIPTIONS: Record<Area, string> = {
  me: 'API: who am I',
  seller: 'API: seller applications, uploads, submission, appeal, signature',
  review: 'API: reviewer queue and decisions',
  lab: 'API: lab bookings and results',
  ops: 'API: violations, rules versions, lab registry, funnel, stuck work, re-drive',
  finance: 'API: fee schedules and statements',
};

/**
 * The HTTP API: a Cognito user pool (one group per role) and its JWT authorizer on every route;
 * one Lambda per area, its routes taken from the shared route table. Role checks happen in code
 * from `cognito:groups`; ownership in the use cases.
 */
export class AdmissionApi extends Construct {
  readonly userPool: cognito.UserPool;
  readonly client: cognito.UserPoolClient;
  readonly httpApi: apigw.HttpApi;
  readonly functions: Record<Area, HouseFunction>;
  /** The hosted UI's domain: the portal exchanges its sign-in code there (CSP connect-src). */
  readonly authDomain: cognito.UserPoolDomain;

  constructor(scope: Construct, id: string, props: ApiProps) {
    super(scope, id);
    // Sellers are invited after onboarding (a business relationship), so no self sign-up.
    this.userPool = new cognito.UserPool(this, 'Users', {
      selfSignUpEnabled: false,
      signInAliases: { email: true, username: true },
      mfa: cognito.Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      passwordPolicy: {
        minLength: 12,
        requireDigits: true,
        requireLowercase: true,
        requireUppercase: true,
        requireSymbols: true,
      },
      featurePlan: cognito.FeaturePlan.PLUS,
      standardThreatProtectionMode: cognito.StandardThreatProtectionMode.FULL_FUNCTION,
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
      customAttributes: { labId: new cognito.StringAttribute({ mutable: true, maxLen: 80 }) },
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    for (const role of ROLES) {
      new cognito.CfnUserPoolGroup(this, `Group-${role}`, {
        userPoolId: this.userPool.userPoolId,
        groupName: role,
      });
    }
    this.client = this.userPool.addClient('Portal', {
      authFlows: { userSrp: true },
      generateSecret: false,
      oAuth: {
        flows: { authorizationCodeGrant: true },
        scopes: [cognito.OAuthScope.OPENID, cognito.OAuthScope.EMAIL],
        callbackUrls: [`${props.portalOrigin}/`],
        logoutUrls: [`${props.portalOrigin}/`],
      },
      idTokenValidity: Duration.hours(1),
      accessTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.days(1),
      preventUserExistenceErrors: true,
      readAttributes: new cognito.ClientAttributes()
        .withStandardAttributes({ email: true })
        .withCustomAttributes('labId'),
      writeAttributes: new cognito.ClientAttributes().withStandardAttributes({ email: true }),
    });
    const domain = this.userPool.addDomain('Domain', {
      cognitoDomain: { domainPrefix: `admission-${Stack.of(this).account}` },
    });

    const accessLogs = new logs.LogGroup(this, 'AccessLogs', {
      retention: logs.RetentionDays.ONE_YEAR,
      encryptionKey: props.key,
    });
    this.httpApi = new apigw.HttpApi(this, 'Http', {
      description: 'Fully-managed program admission API',
      corsPreflight: {
        allowOrigins: [props.portalOrigin],
        allowMethods: [
          apigw.CorsHttpMethod.GET,
          apigw.CorsHttpMethod.POST,
          apigw.CorsHttpMethod.PUT,
          apigw.CorsHttpMethod.DELETE,
        ],
        allowHeaders: ['authorization', 'content-type'],
        maxAge: Duration.minutes(10),
      },
      defaultAuthorizer: new HttpUserPoolAuthorizer('Jwt', this.userPool, { userPoolClients: [this.client] }),
    });
    const stage = this.httpApi.defaultStage?.node.defaultChild as apigw.CfnStage;
    stage.accessLogSettings = {
      destinationArn: accessLogs.logGroupArn,
      format: JSON.stringify({
        requestId: '$context.requestId',
        routeKey: '$context.routeKey',
        status: '$context.status',
        sub: '$context.authorizer.claims.sub',
        latencyMs: '$context.responseLatency',
        error: '$context.error.message',
      }),
    };
    stage.defaultRouteSettings = { throttlingBurstLimit: 200, throttlingRateLimit: 100 };

    const env = {
      TABLE_NAME: props.table.tableName,
      AUDIT_TABLE_NAME: props.auditTable.tableName,
      BUCKET_NAME: props.bucket.bucketName,
      STATE_MACHINE_ARN: props.stateMachine.stateMachineArn,
      READER_FUNCTION_NAME: props.reader.functionName,
      STATEMENT_JOB_ARN: props.statementJob.stateMachineArn,
    };
    const functions = {} as Record<Area, HouseFunction>;
    for (const area of AREAS) {
      const fn = new HouseFunction(this, `Api-${area}`, {
        entry: `lambdas/api/${area}/handler.ts`,
        description: AREA_DESCRIPTIONS[area],
        // The seller's area draws the diagnostic report PDF: the CJK font ships beside the bundle.
        ...(area === 'seller'
          ? { memorySize: 1024, bundleFiles: { dir: BUNDLED_FONT_DIR, files: [CJK_FONT_PACKAGE_PATH] } }
          : {}),
        environment: env,
        logKey: props.key,
        invokedBy:
          'API Gateway (synchronous HTTP): the caller sees the error and retries; a DLQ would hold nothing.',
      });
      functions[area] = fn;
      const role = fn.fn.role as iam.IRole;
      const findings = [`AwsSolutions-IAM5[Resource::${arnRef(props.table)}/index/*]`];
      if (area !== 'me') {
        props.table.grantReadWriteData(fn.fn);
        props.auditTable.grant(fn.fn, 'dynamodb:PutItem', 'dynamodb:Query', 'dynamodb:GetItem');
      }
      if (area === 'seller' || area === 'review' || area === 'lab') {
        props.stateMachine.grantTaskResponse(fn.fn);
      }
      if (area === 'seller') {
        // Uploads are presigned POSTs and downloads presigned GETs: the role signs them.
        props.bucket.grantReadWrite(fn.fn);
        props.stateMachine.grantStartExecution(fn.fn);
        props.reader.grantInvoke(fn.fn);
        findings.push(
          `AwsSolutions-IAM5[Resource::${arnRef(props.bucket)}/*]`,
          'AwsSolutions-IAM5[Action::s3:GetObject*]',
          'AwsSolutions-IAM5[Action::s3:GetBucket*]',
          'AwsSolutions-IAM5[Action::s3:List*]',
          'AwsSolutions-IAM5[Action::s3:DeleteObject*]',
          'AwsSolutions-IAM5[Action::s3:Abort*]',
          `AwsSolutions-IAM5[Resource::${arnRef(props.reader)}:*]`,
        );
      }
      if (area === 'review') {
        props.bucket.grantRead(fn.fn);
        findings.push(
          `AwsSolutions-IAM5[Resource::${arnRef(props.bucket)}/*]`,
          'AwsSolutions-IAM5[Action::s3:GetObject*]',
          'AwsSolutions-IAM5[Action::s3:GetBucket*]',
          'AwsSolutions-IAM5[Action::s3:List*]',
        );
      }
      // Ops re-drive a stuck application: a new execution from where it stands.
      if (area === 'ops') props.stateMachine.grantStartExecution(fn.fn);
      if (area === 'finance') {
        // Order files arrive by presigned POST under orders/; issued statements are read back.
        props.bucket.grantPut(fn.fn, 'orders/*');
        props.bucket.grantRead(fn.fn, 'statements/*');
        props.statementJob.grantStartExecution(fn.fn);
        findings.push(
          `AwsSolutions-IAM5[Resource::${arnRef(props.bucket)}/orders/*]`,
          `AwsSolutions-IAM5[Resource::${arnRef(props.bucket)}/statements/*]`,
          'AwsSolutions-IAM5[Action::s3:GetObject*]',
          'AwsSolutions-IAM5[Action::s3:GetBucket*]',
          'AwsSolutions-IAM5[Action::s3:List*]',
          'AwsSolutions-IAM5[Action::s3:Abort*]',
        );
      }
      if (area !== 'me') {
        findings.push(
          'AwsSolutions-IAM5[Action::kms:GenerateDataKey*]',
          'AwsSolutions-IAM5[Action::kms:ReEncrypt*]',
        );
      }
      acknowledge(
        role,
        "CDK data-plane grants on this stack's own table (its indexes), document bucket (its objects), key and extraction function (its versions); no other resource.",
        ...findings,
      );
    }
    this.functions = functions;

    // One integration and one invoke permission per area's function, shared by its routes: a
    // route of its own each would cost two CloudFormation resources a route (the stack's limit is
    // 500), and every route of an area invokes the same function anyway.
    const integrations = new Map<Area, HttpLambdaIntegration>();
    for (const route of ROUTES) {
      let integration = integrations.get(route.area);
      if (!integration) {
        integration = new HttpLambdaIntegration(`${route.area}Integration`, functions[route.area].fn, {
          scopePermissionToRoute: false,
        });
        integrations.set(route.area, integration);
      }
      this.httpApi.addRoutes({ path: route.path, methods: [route.method as apigw.HttpMethod], integration });
    }

    this.authDomain = domain;

    new CfnOutput(this, 'ApiUrl', { value: this.httpApi.apiEndpoint });
    new CfnOutput(this, 'UserPoolId', { value: this.userPool.userPoolId });
    new CfnOutput(this, 'PortalClientId', { value: this.client.userPoolClientId });
    new CfnOutput(this, 'AuthDomain', { value: domain.baseUrl() });
  }
}
