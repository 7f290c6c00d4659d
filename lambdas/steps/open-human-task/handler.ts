import * as z from 'zod';
import { dynamoPorts } from '../../adapters/aws/dynamo.js';
import { notificationPorts } from '../../adapters/aws/events.js';
import { workflowPorts } from '../../adapters/aws/sfn.js';
import { openHumanTask } from '../../usecases/human-tasks.js';
import { ApplicationInput, stepHandler } from '../handler-kit.js';

const Input = ApplicationInput.extend({
  kind: z.enum(['review_checks', 'review_lab', 'lab_results', 'signature', 'appeal']),
  taskToken: z.string().min(1),
  timeoutSeconds: z.number().int().positive(),
});

// A lab's or a seller's wait ends at its deadline; a reviewer's wait outlives its SLA (3 China
// working days, computed by the use case), which is the deadline the queue is ordered by.
const REVIEWER_KINDS = new Set(['review_checks', 'review_lab', 'appeal']);

export const handler = stepHandler(
  Input,
  (input, c) =>
    openHumanTask(c, {
      applicationId: input.applicationId,
      kind: input.kind,
      taskToken: input.taskToken,
      ...(REVIEWER_KINDS.has(input.kind)
        ? {}
        : { dueAt: new Date(c.clock.now().getTime() + input.timeoutSeconds * 1000).toISOString() }),
    }),
  { ...dynamoPorts, ...notificationPorts, ...workflowPorts },
);
