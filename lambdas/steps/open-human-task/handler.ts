import * as z from 'zod';
import { openHumanTask } from '../../usecases/human-tasks.js';
import { ApplicationInput, stepHandler } from '../handler-kit.js';

const Input = ApplicationInput.extend({
  kind: z.enum(['review_checks', 'review_lab', 'lab_results', 'signature', 'appeal']),
  taskToken: z.string().min(1),
  timeoutSeconds: z.number().int().positive(),
});

export const handler = stepHandler(Input, (input, c) =>
  openHumanTask(c, {
    applicationId: input.applicationId,
    kind: input.kind,
    taskToken: input.taskToken,
    dueAt: new Date(c.clock.now().getTime() + input.timeoutSeconds * 1000).toISOString(),
  }),
);
