/**
 * A Lambda entry for test/unit/cdk/sdk-bundle.test.ts: bundled as every function is (HouseFunction),
 * it uses the AWS ports through the bundled SDK (DynamoDB, S3 with presigning, Step Functions)
 * against whatever AWS_ENDPOINT_URL says, and returns what each call gave.
 */
import { dynamoPorts } from '../../lambdas/adapters/aws/dynamo.js';
import { presigningDocumentPorts } from '../../lambdas/adapters/aws/s3.js';
import { workflowPorts } from '../../lambdas/adapters/aws/sfn.js';
import { containerFor } from '../../lambdas/adapters/container.js';
import { s3Presigner } from '../../lambdas/adapters/s3-presigner.js';

const ports = { ...dynamoPorts, ...presigningDocumentPorts(s3Presigner), ...workflowPorts };

const settle = (p: Promise<unknown>) =>
  p.then(
    (v) => ({ ok: true, value: v ?? null }),
    (e: Error) => ({ ok: false, error: `${e.name}: ${e.message}` }),
  );

export const handler = async (): Promise<Record<string, unknown>> => {
  const c = containerFor(ports);
  return {
    application: await settle(c.applications.get('probe-1')),
    put: await settle(c.documents.put('probe/x.txt', new TextEncoder().encode('hi'), 'text/plain')),
    link: await settle(c.documents.presignGet('probe/x.txt', { expiresSeconds: 60 })),
    post: await settle(
      c.documents.presignPost('probe/y.txt', { contentType: 'text/plain', maxBytes: 10, expiresSeconds: 60 }),
    ),
    wake: await settle(c.workflow.sendTaskSuccess('probe-token', {})),
    reader: await settle(Promise.resolve().then(() => c.reader)),
  };
};
