import { dynamoPorts } from '../../adapters/aws/dynamo.js';
import { mergeChecks } from '../../usecases/checks.js';
import { ApplicationInput, stepHandler } from '../handler-kit.js';

export const handler = stepHandler(ApplicationInput, (input, c) => mergeChecks(c, input.applicationId), {
  ...dynamoPorts,
});
