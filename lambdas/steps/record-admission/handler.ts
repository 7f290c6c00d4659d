import { dynamoPorts } from '../../adapters/aws/dynamo.js';
import { notificationPorts } from '../../adapters/aws/events.js';
import { recordAdmission } from '../../usecases/decisions.js';
import { ApplicationInput, stepHandler } from '../handler-kit.js';

export const handler = stepHandler(ApplicationInput, (input, c) => recordAdmission(c, input.applicationId), {
  ...dynamoPorts,
  ...notificationPorts,
});
