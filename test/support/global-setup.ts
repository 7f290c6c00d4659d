import type { TestProject } from 'vitest/node';
import { startDynamoDbLocal, startS3 } from '../../local/emulators.js';

/** One DynamoDB Local and one s3rver per test run, on 127.0.0.1; each test file uses its own table. */
export default async function setup(project: TestProject) {
  const [dynamo, s3] = await Promise.all([startDynamoDbLocal(), startS3()]);
  project.provide('dynamoEndpoint', dynamo.endpoint);
  project.provide('s3Endpoint', s3.endpoint);
  return async () => {
    await Promise.all([dynamo.stop(), s3.stop()]);
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    dynamoEndpoint: string;
    s3Endpoint: string;
  }
}
