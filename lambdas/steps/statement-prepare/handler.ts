import * as z from 'zod';
import { dynamoPorts } from '../../adapters/aws/dynamo.js';
import { prepareRun } from '../../usecases/statement-job.js';
import { stepHandler } from '../handler-kit.js';
import { Period, statementObjects } from '../statement-kit.js';

export const handler = stepHandler(
  z.object({ period: Period, runId: z.string().min(1).max(80) }),
  (input, c) => prepareRun(c.applications, c.violations, statementObjects(), input),
  { ...dynamoPorts },
);
