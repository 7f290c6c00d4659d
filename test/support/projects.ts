/**
 * How vitest.config.ts splits the unit files. Unit files share their worker processes (no
 * isolation: modules such as aws-cdk-lib, pdfjs and the OCR engine are loaded once per worker),
 * except these, which replace modules, globals or SDK clients for the whole process (vi.mock,
 * vi.doMock, vi.stubGlobal, vi.stubEnv, aws-sdk-client-mock's mockClient): each of them runs in a
 * fresh process of its own, so what it replaces never reaches another file. test/unit/support/projects.test.ts holds the list to that.
 */
export const UNIT_ISOLATED = [
  'test/unit/adapters/dynamo-governance.test.ts',
  'test/unit/adapters/s3-statement-objects.test.ts',
  'test/unit/adapters/sqs-delivery-queue.test.ts',
  'test/unit/adapters/textract-cross-check.test.ts',
  'test/unit/adapters/textract-ocr.test.ts',
  'test/unit/notify/webhook-sender-metrics.test.ts',
  'test/unit/statements/job-steps.test.ts',
];

/** What makes a unit file need a process of its own. */
export const PROCESS_WIDE_MOCK = /\bvi\s*\.\s*(?:(?:do)?[mM]ock|stubGlobal|stubEnv)\s*\(|\bmockClient\s*\(/;
