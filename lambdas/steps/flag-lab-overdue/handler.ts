import { dynamoPorts } from '../../adapters/aws/dynamo.js';
import { flagLabOverdue } from '../../usecases/samples.js';
import { ApplicationInput, stepHandler } from '../handler-kit.js';

export const handler = stepHandler(ApplicationInput, (input, c) => flagLabOverdue(c, input.applicationId), {
  ...dynamoPorts,
});
