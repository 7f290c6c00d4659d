import { dynamoPorts } from '../../adapters/aws/dynamo.js';
import { activateFeeSchedule } from '../../usecases/agreement.js';
import { ApplicationInput, stepHandler } from '../handler-kit.js';

export const handler = stepHandler(
  ApplicationInput,
  (input, c) => activateFeeSchedule(c, input.applicationId),
  { ...dynamoPorts },
);
