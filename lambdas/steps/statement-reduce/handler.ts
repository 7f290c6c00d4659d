import * as z from 'zod';
import { reduceRun } from '../../usecases/statement-job.js';
import { stepHandler } from '../handler-kit.js';
import { RunRefInput, statementObjects } from '../statement-kit.js';

const ReduceInput = RunRefInput.extend({ manifestKey: z.string().min(1) });

export const handler = stepHandler(
  ReduceInput,
  ({ manifestKey, ...run }) => reduceRun(statementObjects(), run, manifestKey),
  {},
);
