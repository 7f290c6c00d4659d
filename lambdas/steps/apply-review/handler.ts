import * as z from 'zod';
import { dynamoPorts } from '../../adapters/aws/dynamo.js';
import { applyReview } from '../../usecases/decisions.js';
import { ApplicationInput, stepHandler } from '../handler-kit.js';

const Input = ApplicationInput.extend({ kind: z.enum(['review_checks', 'review_lab']) });

export const handler = stepHandler(Input, (input, c) => applyReview(c, input.applicationId, input.kind), {
  ...dynamoPorts,
});
