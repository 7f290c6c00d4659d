import { dynamoPorts } from '../../adapters/aws/dynamo.js';
import { confirmIntake } from '../../usecases/intake.js';
import { ApplicationInput, stepHandler } from '../handler-kit.js';

export const handler = stepHandler(ApplicationInput, (input, c) => confirmIntake(c, input.applicationId), {
  ...dynamoPorts,
});
