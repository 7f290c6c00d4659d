import { beforeAll, describe, expect, it } from 'vitest';
import { ROUTES } from '../../../lambdas/api/routes.js';
import { admissionStack } from '../../support/stack.js';

type Resource = { Type: string; Properties: Record<string, unknown> };

describe('the stack within CloudFormation limits', () => {
  let resources: Record<string, Resource>;
  beforeAll(() => {
    resources = admissionStack().template.toJSON().Resources as Record<string, Resource>;
  });
  const ofType = (type: string) => Object.values(resources).filter((r) => r.Type === type);

  it('keeps room under the 500 resources a stack may have', () => {
    // CDK refuses to synthesize past 500; this fails first, while there is still room to move
    // a part into a nested stack.
    expect(Object.keys(resources).length).toBeLessThanOrEqual(450);
  });

  it('has one integration and one invoke permission per API function, not per route', () => {
    const areas = new Set(ROUTES.map((r) => r.area));
    expect(ofType('AWS::ApiGatewayV2::Route')).toHaveLength(ROUTES.length);
    const integrations = ofType('AWS::ApiGatewayV2::Integration');
    expect(integrations).toHaveLength(areas.size);
    const apiPermissions = ofType('AWS::Lambda::Permission').filter(
      (p) => p.Properties.Principal === 'apigateway.amazonaws.com',
    );
    expect(apiPermissions).toHaveLength(areas.size);
    // Each permission is this API's own (any stage, method and path of it), no other API's.
    for (const p of apiPermissions) expect(JSON.stringify(p.Properties.SourceArn)).toContain('/*/*/*');
  });
});
