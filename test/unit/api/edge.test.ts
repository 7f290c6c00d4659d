import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { actorFromClaims, UnauthorizedError } from '../../../lambdas/api/identity.js';
import { apiHandler, BODY_LIMITS, bodyIssues, parseBody } from '../../../lambdas/api/kit.js';
import { matchRoute } from '../../../lambdas/api/routes.js';
import { ReaderBusyError } from '../../../lambdas/extraction/read-queue.js';
import { InvalidInputError } from '../../../lambdas/shared/errors.js';

/**
 * The HTTP edge as a Lambda sees it on AWS (no local server in front): the body limits in
 * kit.ts, the answer's headers, the ID-token check in identity.ts, path decoding in routes.ts.
 */
const OPS = { sub: 'ops-1', 'cognito:username': 'ops', 'cognito:groups': '[ops]', token_use: 'id' };
const handler = apiHandler({}, { 'POST /api/ops/rules': async ({ body }) => body(z.unknown()) });
const event = (body: string, opts: { base64?: boolean; claims?: Record<string, unknown> } = {}) =>
  ({
    routeKey: 'POST /api/ops/rules',
    body: opts.base64 ? Buffer.from(body).toString('base64') : body,
    isBase64Encoded: opts.base64 ?? false,
    requestContext: { requestId: 'r-1', authorizer: { jwt: { claims: opts.claims ?? OPS, scopes: [] } } },
  }) as unknown as APIGatewayProxyEventV2WithJWTAuthorizer;

describe('the API edge in the Lambda (kit.ts, identity.ts, routes.ts)', () => {
  it('answers with nosniff and no-store, errors included', async () => {
    for (const body of ['{"a":1}', 'not json']) {
      const out = await handler(event(body));
      expect(out.headers).toMatchObject({ 'x-content-type-options': 'nosniff', 'cache-control': 'no-store' });
    }
  });

  it('refuses hostile JSON with 400 and the issues, base64-encoded bodies too', async () => {
    const deep = JSON.stringify(Array.from({ length: 40 }).reduce((v) => ({ a: v }), 1));
    for (const base64 of [false, true]) {
      const out = await handler(event(deep, { base64 }));
      expect(out.statusCode).toBe(400);
      expect(JSON.parse(out.body as string)).toEqual({
        error: 'request body is invalid',
        issues: [{ path: Array(16).fill('a').join('.'), message: 'nested deeper than 16 levels' }],
      });
    }
    const out = await handler(event('{"x":[{"__proto__":1}]}'));
    expect(JSON.parse(out.body as string).issues).toEqual([
      { path: 'x.0.__proto__', message: 'the key "__proto__" is not allowed' },
    ]);
  });

  it('answers 503 with Retry-After when the readers are busy, not 500', async () => {
    const busy = apiHandler(
      {},
      {
        'POST /api/ops/rules': async () => {
          throw new ReaderBusyError('the readers are busy', 7);
        },
      },
    );
    const out = await busy(event('{}'));
    expect(out.statusCode).toBe(503);
    expect(out.headers).toMatchObject({ 'retry-after': '7' });
    expect(JSON.parse(out.body as string).error).toBe('the readers are busy');
  });

  it('answers 413 to a body over the limit, counted in bytes after base64 decoding', async () => {
    const big = JSON.stringify({ s: '字'.repeat(BODY_LIMITS.maxBytes / 3 + 10) });
    expect(big.length).toBeLessThan(BODY_LIMITS.maxBytes);
    expect((await handler(event(big, { base64: true }))).statusCode).toBe(413);
    expect(() => parseBody(big, false)).toThrow(InvalidInputError);
  });

  it('lets a route take the long strings it names, and only those', () => {
    const csv = 'x'.repeat(50_000);
    expect(bodyIssues({ csv }, BODY_LIMITS.longStrings['POST /api/applications/{id}/skus/import'])).toEqual(
      [],
    );
    expect(() =>
      parseBody(JSON.stringify({ csv }), false, 'POST /api/applications/{id}/skus/import'),
    ).not.toThrow();
    expect(() => parseBody(JSON.stringify({ csv }), false, 'POST /api/applications')).toThrow(/invalid/);
    expect(bodyIssues({ other: csv }, { csv: 1_000_000 })).toEqual([
      { path: 'other', message: 'longer than 10000 characters' },
    ]);
  });

  it('takes only ID tokens: an access token (which the JWT authorizer lets through) is refused', async () => {
    expect(() => actorFromClaims({ ...OPS, token_use: 'access' })).toThrow(UnauthorizedError);
    expect(actorFromClaims(OPS).groups).toEqual(['ops']);
    const out = await handler(event('{}', { claims: { ...OPS, token_use: 'access', username: 'ops' } }));
    expect(out.statusCode).toBe(401);
  });

  it('refuses a path parameter that is not valid percent-encoding, naming it', () => {
    expect(() => matchRoute('GET', '/api/applications/%E0%A4%A')).toThrow(InvalidInputError);
    try {
      matchRoute('GET', '/api/applications/%E0%A4%A');
    } catch (err) {
      expect((err as InvalidInputError).issues).toEqual([
        { path: 'id', message: 'malformed percent-encoding' },
      ]);
    }
    expect(matchRoute('GET', '/api/applications/a%20b')?.pathParameters).toEqual({ id: 'a b' });
  });
});
