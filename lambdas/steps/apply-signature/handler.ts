import { dynamoPorts } from '../../adapters/aws/dynamo.js';
import { applySignature } from '../../usecases/agreement.js';
import { ApplicationInput, stepHandler } from '../handler-kit.js';

export const handler = stepHandler(ApplicationInput, (input, c) => applySignature(c, input.applicationId), {
  ...dynamoPorts,
});
