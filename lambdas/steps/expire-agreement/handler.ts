import { dynamoPorts } from '../../adapters/aws/dynamo.js';
import { expireAgreement } from '../../usecases/agreement.js';
import { ApplicationInput, stepHandler } from '../handler-kit.js';

export const handler = stepHandler(ApplicationInput, (input, c) => expireAgreement(c, input.applicationId), {
  ...dynamoPorts,
});
