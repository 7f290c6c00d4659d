import { dynamoPorts } from '../../adapters/aws/dynamo.js';
import { runCheck } from '../../usecases/checks.js';
import { ApplicationInput, stepHandler } from '../handler-kit.js';

export const handler = stepHandler(
  ApplicationInput,
  (input, c) => runCheck(c, input.applicationId, 'integrity'),
  { ...dynamoPorts },
);
