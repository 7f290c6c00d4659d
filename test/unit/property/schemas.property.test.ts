import { readdirSync } from 'node:fs';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Container } from '../../../lambdas/adapters/container.js';
import * as contract from '../../../lambdas/api/contract.js';
import { ROUTES, routeKey } from '../../../lambdas/api/routes.js';
import { BusinessRuleError, InvalidInputError } from '../../../lambdas/shared/errors.js';
import * as schemas from '../../../lambdas/usecases/schemas.js';
import { fcOptions } from './settings.js';

// The handlers log a failed step or request; the fuzz makes thousands of them on purpose.
process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';

/**
 * Thrown by every port of the fake container: the input got past validation into a use case.
 * A business error, so an API handler answers it 422 and a 500 can only be a real crash.
 */
class ReachedUseCase extends BusinessRuleError {}
const unreachable = new Proxy({} as Container, {
  get: () => {
    throw new ReachedUseCase('validation passed');
  },
});

type StepHandler = (event: unknown) => Promise<unknown>;
type ApiHandler = (e: APIGatewayProxyEventV2WithJWTAuthorizer) => Promise<APIGatewayProxyStructuredResultV2>;

const STEPS_DIR = new URL('../../../lambdas/steps/', import.meta.url);
// Statement steps read S3 through their own helper, not the container; their schemas are covered
// through the zod fuzz below only when exported, so they are left out of the handler fuzz.
const stepNames = readdirSync(STEPS_DIR, { withFileTypes: true })
  .filter((d) => d.isDirectory() && !d.name.startsWith('statement-'))
  .map((d) => d.name);

/** Arbitrary JSON, and objects close to a real step input (an id plus stray or wrong fields). */
const stepEvent = fc.oneof(
  fc.jsonValue(),
  fc.record(
    {
      applicationId: fc.oneof(fc.string({ maxLength: 140 }), fc.jsonValue()),
      index: fc.oneof(fc.integer(), fc.double(), fc.string()),
      kind: fc.oneof(fc.constantFrom('review_checks', 'lab_results', 'signature', 'nope'), fc.jsonValue()),
      failedStep: fc.constantFrom('intake', 'checks', 'x'),
      taskToken: fc.string(),
      timeoutSeconds: fc.oneof(fc.integer(), fc.double()),
    },
    { requiredKeys: [] },
  ),
);

const CLAIMS_BASE = { sub: 'user-1', 'cognito:username': 'seller-a', 'custom:labId': 'lab-cti' };

function apiEvent(
  key: string,
  groups: readonly string[],
  body: string | undefined,
  params: Record<string, string>,
  isBase64Encoded: boolean,
): APIGatewayProxyEventV2WithJWTAuthorizer {
  return {
    version: '2.0',
    routeKey: key,
    rawPath: '/',
    rawQueryString: '',
    headers: {},
    pathParameters: params,
    queryStringParameters: params,
    isBase64Encoded,
    ...(body === undefined ? {} : { body }),
    requestContext: {
      authorizer: {
        jwt: { claims: { ...CLAIMS_BASE, 'cognito:groups': `[${groups.join(' ')}]` }, scopes: [] },
      },
    },
  } as unknown as APIGatewayProxyEventV2WithJWTAuthorizer;
}

describe('event schemas (property)', () => {
  const steps = new Map<string, StepHandler>();
  const areas = new Map<string, ApiHandler>();
  beforeAll(async () => {
    const { installContainer } = await import('../../../lambdas/adapters/container.js');
    installContainer(unreachable);
    for (const name of stepNames) {
      const mod = (await import(new URL(`${name}/handler.ts`, STEPS_DIR).href)) as { handler: StepHandler };
      steps.set(name, mod.handler);
    }
    for (const area of new Set(ROUTES.map((r) => r.area))) {
      const mod = (await import(`../../../lambdas/api/${area}/handler.ts`)) as { handler: ApiHandler };
      areas.set(area, mod.handler);
    }
  }, 60_000);

  it('makes a step throw only InvalidInputError on arbitrary input (or reach its use case)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...stepNames), stepEvent, async (name, event) => {
        const handler = steps.get(name) as StepHandler;
        const error = await handler(event).then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(error instanceof InvalidInputError || error instanceof ReachedUseCase, String(error)).toBe(
          true,
        );
      }),
      fcOptions(1500),
    );
  });

  it('answers arbitrary API requests of a permitted role without a 5xx', async () => {
    const body = fc.oneof(
      fc.constant(undefined),
      fc.jsonValue().map((v) => JSON.stringify(v)),
      fc.string({ maxLength: 50 }),
      fc
        .dictionary(
          fc.constantFrom(
            'csv',
            'period',
            'file',
            'contentType',
            'size',
            'outcome',
            'note',
            'documentIds',
            'accept',
            'sku',
            'passed',
          ),
          fc.jsonValue(),
        )
        .map((v) => JSON.stringify(v)),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...ROUTES),
        body,
        fc.string({ maxLength: 20 }),
        fc.boolean(),
        async (route, raw, value, base64) => {
          // API Gateway fills every {param} of a matched route; their values are arbitrary.
          const params = Object.fromEntries(
            [...route.path.matchAll(/\{(\w+)\}/g)].map((m) => [m[1] as string, value]),
          );
          const handler = areas.get(route.area) as ApiHandler;
          const encoded = base64 && raw !== undefined ? Buffer.from(raw).toString('base64') : raw;
          const res = await handler(apiEvent(routeKey(route), route.roles, encoded, params, base64));
          expect(res.statusCode, String(res.body)).toBeLessThan(500);
        },
      ),
      fcOptions(600),
    );
  });

  it('never throws from safeParse of any request or domain schema on arbitrary JSON', () => {
    const all = [...Object.entries(contract), ...Object.entries(schemas)].filter(
      ([, v]) => typeof (v as { safeParse?: unknown })?.safeParse === 'function',
    ) as [string, { safeParse(v: unknown): { success: boolean } }][];
    expect(all.length).toBeGreaterThan(5);
    fc.assert(
      fc.property(fc.constantFrom(...all), fc.jsonValue(), ([, schema], value) => {
        expect(typeof schema.safeParse(value).success).toBe('boolean');
      }),
      fcOptions(2000),
    );
  });
});
