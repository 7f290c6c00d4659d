import * as z from 'zod';
import { sumBatch } from '../../usecases/statement-job.js';
import { stepHandler } from '../handler-kit.js';
import { RunRefInput, statementObjects } from '../statement-kit.js';

/** One Distributed Map batch: Items are the S3 objects listed by the ItemReader. */
const BatchInput = z.object({
  Items: z.array(z.object({ Key: z.string().min(1) })).min(1),
  BatchInput: RunRefInput,
});

export const handler = stepHandler(
  BatchInput,
  (input) => sumBatch(statementObjects(), input.BatchInput, input.Items),
  {},
);
