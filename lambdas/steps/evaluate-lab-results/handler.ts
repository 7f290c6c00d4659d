import { dynamoPorts } from '../../adapters/aws/dynamo.js';
import { notificationPorts } from '../../adapters/aws/events.js';
import { evaluateLabResults } from '../../usecases/samples.js';
import { ApplicationInput, stepHandler } from '../handler-kit.js';

export const handler = stepHandler(
  ApplicationInput,
  (input, c) => evaluateLabResults(c, input.applicationId),
  { ...dynamoPorts, ...notificationPorts },
);
