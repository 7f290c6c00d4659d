import { Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROUTES } from '../../../lambdas/api/routes.js';
import { ROLES } from '../../../lambdas/domain/roles.js';
import { admissionStack } from '../../support/stack.js';

describe('AdmissionApi template', () => {
  let template: Template;
  beforeAll(() => {
    ({ template } = admissionStack());
  });

  it('has a user pool with MFA, threat protection, a strong password policy and one group per role', () => {
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      MfaConfiguration: 'ON',
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      Policies: { PasswordPolicy: Match.objectLike({ MinimumLength: 12, RequireSymbols: true }) },
      UserPoolAddOns: { AdvancedSecurityMode: 'ENFORCED' },
    });
    const groups = Object.values(template.findResources('AWS::Cognito::UserPoolGroup')).map(
      (g) => (g as { Properties: { GroupName: string } }).Properties.GroupName,
    );
    expect(groups.sort()).toEqual([...ROLES].sort());
  });

  it('puts every route of the route table behind the JWT authorizer', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
    });
    const routes = Object.values(template.findResources('AWS::ApiGatewayV2::Route')).map(
      (r) => (r as { Properties: { RouteKey: string; AuthorizationType: string } }).Properties,
    );
    expect(routes.map((r) => r.RouteKey).sort()).toEqual(ROUTES.map((r) => `${r.method} ${r.path}`).sort());
    expect(new Set(routes.map((r) => r.AuthorizationType))).toEqual(new Set(['JWT']));
  });

  it('logs every request and throttles the stage', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      AccessLogSettings: Match.objectLike({ DestinationArn: Match.anyValue() }),
      DefaultRouteSettings: Match.objectLike({ ThrottlingRateLimit: 100 }),
    });
  });

  it('gives each area its own role: only the seller area may start executions and read uploads', () => {
    const policies = Object.entries(template.findResources('AWS::IAM::Policy'));
    const actionsOf = (fragment: string) =>
      policies
        .filter(([id]) => id.includes(fragment))
        .flatMap(
          ([, p]) =>
            (p as { Properties: { PolicyDocument: { Statement: { Action: string | string[] }[] } } })
              .Properties.PolicyDocument.Statement,
        )
        .flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action]));
    expect(actionsOf('ApiApiseller')).toContain('states:StartExecution');
    expect(actionsOf('ApiApiseller')).toContain('lambda:InvokeFunction');
    // Finance starts the statement job and touches only orders/ and statements/ (asserted below).
    expect(actionsOf('ApiApifinance')).toContain('states:StartExecution');
    expect(actionsOf('ApiApifinance')).not.toContain('states:SendTaskSuccess');
    expect(actionsOf('ApiApime').some((a) => a.startsWith('dynamodb:'))).toBe(false);
    expect(actionsOf('ApiApilab')).toContain('states:SendTaskSuccess');
  });

  it('scopes finance to the orders/ and statements/ prefixes of the bucket', () => {
    const finance = Object.entries(template.findResources('AWS::IAM::Policy')).filter(([id]) =>
      id.includes('ApiApifinance'),
    );
    const s3Resources = JSON.stringify(
      finance.flatMap(([, p]) =>
        (
          p as { Properties: { PolicyDocument: { Statement: { Action: unknown; Resource: unknown }[] } } }
        ).Properties.PolicyDocument.Statement.filter((st) => JSON.stringify(st.Action).includes('s3:')).map(
          (st) => st.Resource,
        ),
      ),
    );
    expect(s3Resources).toContain('/orders/*');
    expect(s3Resources).toContain('/statements/*');
    expect(s3Resources).not.toMatch(/"\/\*"/);
  });

  it('serves the portal from a private bucket through CloudFront, with /api/* on the same origin', () => {
    template.resourceCountIs('AWS::CloudFront::OriginAccessControl', 1);
    template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        DefaultRootObject: 'index.html',
        Logging: Match.objectLike({ Prefix: 'portal-cdn/' }),
        CacheBehaviors: [Match.objectLike({ PathPattern: '/api/*', ViewerProtocolPolicy: 'https-only' })],
        DefaultCacheBehavior: Match.objectLike({ ViewerProtocolPolicy: 'redirect-to-https' }),
      }),
    });
  });

  it("sends the portal's CSP and security headers from CloudFront on the site and on /api/*", () => {
    const policies = template.findResources('AWS::CloudFront::ResponseHeadersPolicy');
    const ids = Object.keys(policies);
    expect(ids).toHaveLength(1);
    const config = (
      Object.values(policies)[0] as {
        Properties: { ResponseHeadersPolicyConfig: Record<string, Record<string, unknown>> };
      }
    ).Properties.ResponseHeadersPolicyConfig;
    const security = config.SecurityHeadersConfig as Record<string, Record<string, unknown>>;
    // The CSP joins the bucket's and Cognito's domains (tokens): read it as text.
    const csp = JSON.stringify(security.ContentSecurityPolicy?.ContentSecurityPolicy);
    for (const directive of [
      "default-src 'self'",
      "script-src 'self'",
      "style-src 'self'",
      "object-src 'none'",
      "frame-ancestors 'none'",
    ]) {
      expect(csp).toContain(directive);
    }
    expect(csp).toMatch(/connect-src 'self' https:\/\/.*RegionalDomainName/);
    expect(csp).toContain('amazoncognito.com');
    expect(csp).not.toContain('unsafe-inline');
    expect(security).toMatchObject({
      ContentSecurityPolicy: { Override: true },
      ContentTypeOptions: { Override: true },
      FrameOptions: { FrameOption: 'DENY', Override: true },
      ReferrerPolicy: { ReferrerPolicy: 'no-referrer', Override: true },
      StrictTransportSecurity: { AccessControlMaxAgeSec: 63072000, IncludeSubdomains: true, Override: true },
    });
    expect(config.CustomHeadersConfig).toEqual({
      Items: [{ Header: 'Cross-Origin-Opener-Policy', Value: 'same-origin', Override: true }],
    });
    const distribution = Object.values(template.findResources('AWS::CloudFront::Distribution'))[0] as {
      Properties: {
        DistributionConfig: {
          DefaultCacheBehavior: { ResponseHeadersPolicyId: unknown };
          CacheBehaviors: { ResponseHeadersPolicyId: unknown }[];
        };
      };
    };
    const { DefaultCacheBehavior, CacheBehaviors } = distribution.Properties.DistributionConfig;
    for (const b of [DefaultCacheBehavior, ...CacheBehaviors]) {
      expect(b.ResponseHeadersPolicyId).toEqual({ Ref: ids[0] });
    }
  });

  it('lets only the portal client through the JWT authorizer, with Cognito as issuer', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      JwtConfiguration: {
        Audience: [{ Ref: Match.stringLikeRegexp('Portal') }],
        Issuer: Match.objectLike({
          'Fn::Join': Match.arrayWith([Match.arrayWith(['https://cognito-idp.'])]),
        }),
      },
    });
  });
});
