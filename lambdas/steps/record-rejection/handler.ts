import * as z from 'zod';
import { dynamoPorts } from '../../adapters/aws/dynamo.js';
import { notificationPorts } from '../../adapters/aws/events.js';
import { recordRejection } from '../../usecases/decisions.js';
import { ApplicationInput, stepHandler } from '../handler-kit.js';

const Input = ApplicationInput.extend({
  failedStep: z.enum(['intake', 'checks', 'review', 'lab_review', 'samples', 'agreement']),
});

export const handler = stepHandler(
  Input,
  (input, c) => recordRejection(c, input.applicationId, input.failedStep),
  { ...dynamoPorts, ...notificationPorts },
);
