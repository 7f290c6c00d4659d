import { S3Client } from '@aws-sdk/client-s3';
import * as z from 'zod';
import { S3StatementObjects } from '../adapters/s3-statement-objects.js';
import { loadConfig } from '../shared/config.js';

/** The statement job's S3 objects, built once per container. */
let objects: S3StatementObjects | undefined;
export function statementObjects(): S3StatementObjects {
  objects ??= new S3StatementObjects(new S3Client({}), loadConfig().BUCKET_NAME);
  return objects;
}

export const Period = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'expected a period YYYY-MM');
export const RunRefInput = z.object({
  period: Period,
  runPrefix: z.string().min(1),
  schedulesKey: z.string().min(1),
});
