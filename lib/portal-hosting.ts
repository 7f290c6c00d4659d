import { CfnOutput, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import type * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { acknowledge } from './acknowledge.js';
import { contentSecurityPolicy, SECURITY_HEADERS } from './security-headers.js';

export interface PortalHostingProps {
  httpApi: apigw.IHttpApi;
  accessLogs: s3.IBucket;
  /** The document bucket: files shown, uploaded and downloaded by presigned URL (CSP). */
  documents?: s3.IBucket;
  /** Cognito's hosted UI base URL: the sign-in code is exchanged there by fetch (CSP). */
  authBaseUrl?: string;
}

/**
 * The portal's static files in a private bucket behind CloudFront (origin access control), and
 * `/api/*` forwarded to the HTTP API on the same origin, so the browser needs no CORS. The built
 * files and `config.json` are uploaded by the deployment (`aws s3 sync portal/dist`), not at synth.
 */
export class PortalHosting extends Construct {
  readonly bucket: s3.Bucket;
  readonly distribution: cloudfront.Distribution;

  constructor(scope: Construct, id: string, props: PortalHostingProps) {
    super(scope, id);
    this.bucket = new s3.Bucket(this, 'Site', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      versioned: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: props.accessLogs,
      serverAccessLogsPrefix: 'portal-site/',
      lifecycleRules: [{ noncurrentVersionExpiration: Duration.days(30) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const region = Stack.of(this).region;
    const api = new origins.HttpOrigin(
      `${props.httpApi.apiId}.execute-api.${region}.${Stack.of(this).urlSuffix}`,
      {
        protocolPolicy: cloudfront.OriginProtocolPolicy.HTTPS_ONLY,
      },
    );
    // The same CSP and headers as the local server (lib/security-headers.ts), with AWS's origins;
    // without a bucket or domain given, any S3 bucket / Cognito domain of the region.
    const stack = Stack.of(this);
    const headers = new cloudfront.ResponseHeadersPolicy(this, 'SecurityHeaders', {
      comment: 'Portal and API: CSP, no framing, no sniffing, no referrer, HSTS, COOP',
      securityHeadersBehavior: {
        contentSecurityPolicy: {
          contentSecurityPolicy: contentSecurityPolicy({
            objectStore: props.documents
              ? [
                  `https://${props.documents.bucketRegionalDomainName}`,
                  `https://${props.documents.bucketDomainName}`,
                ]
              : [`https://*.s3.${region}.${stack.urlSuffix}`],
            auth: [props.authBaseUrl ?? `https://*.auth.${region}.amazoncognito.com`],
          }),
          override: true,
        },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: cloudfront.HeadersFrameOption.DENY, override: true },
        referrerPolicy: { referrerPolicy: cloudfront.HeadersReferrerPolicy.NO_REFERRER, override: true },
        strictTransportSecurity: {
          accessControlMaxAge: Duration.days(730),
          includeSubdomains: true,
          override: true,
        },
      },
      customHeadersBehavior: {
        customHeaders: [
          {
            header: 'Cross-Origin-Opener-Policy',
            value: SECURITY_HEADERS['cross-origin-opener-policy'],
            override: true,
          },
        ],
      },
    });
    this.distribution = new cloudfront.Distribution(this, 'Cdn', {
      comment: 'Fully-managed program portal',
      defaultRootObject: 'index.html',
      defaultBehavior: {
        origin: origins.S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        responseHeadersPolicy: headers,
      },
      additionalBehaviors: {
        '/api/*': {
          origin: api,
          viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.HTTPS_ONLY,
          allowedMethods: cloudfront.AllowedMethods.ALLOW_ALL,
          cachePolicy: cloudfront.CachePolicy.CACHING_DISABLED,
          originRequestPolicy: cloudfront.OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
          responseHeadersPolicy: headers,
        },
      },
      // Client-side routes: the app's entry page answers paths it owns.
      errorResponses: [
        {
          httpStatus: 403,
          responseHttpStatus: 200,
          responsePagePath: '/index.html',
          ttl: Duration.minutes(1),
        },
        {
          httpStatus: 404,
          responseHttpStatus: 200,
          responsePagePath: '/index.html',
          ttl: Duration.minutes(1),
        },
      ],
      enableLogging: true,
      logBucket: props.accessLogs,
      logFilePrefix: 'portal-cdn/',
    });
    acknowledge(
      this.distribution,
      'Sellers, labs and staff sign in from many countries; access is controlled by Cognito, not by geography.',
      'AwsSolutions-CFR1',
    );
    acknowledge(
      this.distribution,
      'A CloudFront WAF web ACL must live in us-east-1; it is attached at deployment (webAclId) by the account that owns the edge configuration.',
      'AwsSolutions-CFR2',
    );
    acknowledge(
      this.distribution,
      'The default *.cloudfront.net certificate (its policy is fixed by CloudFront) until a custom domain and its ACM certificate are given at deployment, with TLSv1.2_2021 as the minimum.',
      'AwsSolutions-CFR4',
    );
    new CfnOutput(this, 'PortalUrl', { value: `https://${this.distribution.distributionDomainName}` });
    new CfnOutput(this, 'PortalBucket', { value: this.bucket.bucketName });
  }
}
