import * as z from 'zod';
import { writeStatementFiles } from '../../usecases/statement-files.js';
import { stepHandler } from '../handler-kit.js';
import { RunRefInput, statementObjects } from '../statement-kit.js';

const Minor = z.string().regex(/^-?\d+$/);
/** One files-Map batch: Items are statements from the reduce's statement-items.json. */
const FilesInput = z.object({
  Items: z
    .array(
      z.object({
        applicationId: z.string().min(1),
        currency: z.string().regex(/^[A-Z]{3}$/),
        lines: z.number().int().nonnegative(),
        grossMinor: Minor,
        commissionMinor: Minor,
        fulfilmentMinor: Minor,
        vasMinor: Minor,
        parts: z.array(
          z.tuple([z.string().min(1), z.number().int().nonnegative(), z.number().int().nonnegative()]),
        ),
      }),
    )
    .min(1),
  BatchInput: RunRefInput,
});

export const handler = stepHandler(
  FilesInput,
  (input) => writeStatementFiles(statementObjects(), input.BatchInput, input.Items),
  {},
);
