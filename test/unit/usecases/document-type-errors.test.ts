import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Container, installContainer } from '../../../lambdas/adapters/container.js';
import { UploadRequest } from '../../../lambdas/api/contract.js';
import { DOCUMENT_TYPES } from '../../../lambdas/domain/model.js';
import { ApplicationSchema, DecisionsSchema, fieldPath } from '../../../lambdas/usecases/schemas.js';

process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';

const ACCEPTED = `expected one of: ${DOCUMENT_TYPES.join(', ')}`;

const documents = [
  { type: 'business_licence', file: 'licence.pdf' },
  { type: 'legal_rep_id', file: 'id.png' },
  { type: 'trademark', file: 'tm.pdf' },
];
const application = (patch: Record<string, unknown>) => ({
  applicationDate: '2026-11-20',
  seller: { companyName: '义乌市佳家日用品有限公司', uscc: '91330782MA2B3C4D12' },
  category: 'home',
  skus: [{ sku: 'H-001', monthlyCapacity: 6000 }],
  sampleSkus: ['H-001'],
  documents,
  ...patch,
});

/** The first issue of a failed parse, as `admit` reports it: field path and message. */
function firstIssue(
  schema: { safeParse(v: unknown): { success: boolean; error?: unknown } },
  value: unknown,
) {
  const parsed = schema.safeParse(value) as {
    success: boolean;
    error?: { issues: { path: PropertyKey[]; message: string }[] };
  };
  expect(parsed.success).toBe(false);
  const issue = parsed.error?.issues[0];
  return { field: fieldPath(issue?.path ?? []), message: issue?.message };
}

describe('an unknown document type', () => {
  it.each([
    {
      name: 'in application.json documents',
      schema: ApplicationSchema,
      value: application({ documents: [...documents, { type: 'passport', file: 'passport.pdf' }] }),
      field: 'documents[3].type',
      message: `"passport" is not a document type; ${ACCEPTED}`,
    },
    {
      name: "in a SKU's documents",
      schema: ApplicationSchema,
      value: application({
        skus: [{ sku: 'H-001', monthlyCapacity: 6000, documents: [{ type: 'msds', file: 'm.pdf' }] }],
      }),
      field: 'skus[0].documents[0].type',
      message: `"msds" is not a document type; ${ACCEPTED}`,
    },
    {
      name: 'not a string',
      schema: ApplicationSchema,
      value: application({ documents: [{ type: 42, file: 'x.pdf' }] }),
      field: 'documents[0].type',
      message: `42 is not a document type; ${ACCEPTED}`,
    },
    {
      name: 'absent',
      schema: ApplicationSchema,
      value: application({ documents: [{ file: 'x.pdf' }] }),
      field: 'documents[0].type',
      message: `document type missing; ${ACCEPTED}`,
    },
    {
      name: 'very long, cut short',
      schema: ApplicationSchema,
      value: application({ documents: [{ type: 'x'.repeat(500), file: 'x.pdf' }] }),
      field: 'documents[0].type',
      message: `"${'x'.repeat(56)}... is not a document type; ${ACCEPTED}`,
    },
    {
      name: 'in decisions.json appeal documents',
      schema: DecisionsSchema,
      value: { appeal: { outcome: 'uphold', documents: [{ type: 'invoice', file: 'inv.pdf' }] } },
      field: 'appeal.documents[0].type',
      message: '"invoice" is not a document type; expected one of: appeal_evidence',
    },
    {
      name: 'in an upload request of the portal',
      schema: UploadRequest,
      value: { type: 'passport', fileName: 'p.pdf', contentType: 'application/pdf', size: 10 },
      field: 'type',
      message: `"passport" is not a document type; ${ACCEPTED}`,
    },
  ])(
    'names the field and the value given, and lists the accepted types, $name',
    ({ schema, value, field, message }) => {
      expect(firstIssue(schema, value)).toEqual({ field, message });
    },
  );

  describe('through the upload API', () => {
    // Validation answers before any port is reached.
    beforeAll(() => {
      installContainer(
        new Proxy({} as Container, {
          get: () => {
            throw new Error('validation passed');
          },
        }),
      );
    });
    afterAll(() => installContainer(undefined));

    it('answers 400 with an issue naming the field, the value and the accepted types', async () => {
      const { handler } = await import('../../../lambdas/api/seller/handler.js');
      const res = await handler({
        version: '2.0',
        routeKey: 'POST /api/applications/{id}/uploads',
        rawPath: '/api/applications/app-1/uploads',
        rawQueryString: '',
        headers: {},
        pathParameters: { id: 'app-1' },
        isBase64Encoded: false,
        body: JSON.stringify({
          type: 'passport',
          fileName: 'p.pdf',
          contentType: 'application/pdf',
          size: 10,
        }),
        requestContext: {
          authorizer: {
            jwt: { claims: { sub: 'user-1', 'cognito:username': 'seller-a', 'cognito:groups': '[seller]' } },
          },
        },
      } as unknown as APIGatewayProxyEventV2WithJWTAuthorizer);
      expect(res.statusCode).toBe(400);
      expect(JSON.parse(String(res.body))).toEqual({
        error: 'request body is invalid',
        issues: [{ path: 'type', message: `"passport" is not a document type; ${ACCEPTED}` }],
      });
    });
  });
});
