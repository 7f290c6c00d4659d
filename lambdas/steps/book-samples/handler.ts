import { dynamoPorts } from '../../adapters/aws/dynamo.js';
import { notificationPorts } from '../../adapters/aws/events.js';
import { bookSamples } from '../../usecases/samples.js';
import { ApplicationInput, stepHandler } from '../handler-kit.js';

export const handler = stepHandler(ApplicationInput, (input, c) => bookSamples(c, input.applicationId), {
  ...dynamoPorts,
  ...notificationPorts,
});
