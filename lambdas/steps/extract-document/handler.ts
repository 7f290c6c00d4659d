import * as z from 'zod';
import { extractOne } from '../../usecases/extraction.js';
import { ApplicationInput, stepHandler } from '../handler-kit.js';

export const handler = stepHandler(
  ApplicationInput.extend({ index: z.number().int().positive() }),
  (input, c) => extractOne(c, input.applicationId, input.index),
);
