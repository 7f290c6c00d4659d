import { dynamoPorts } from '../../adapters/aws/dynamo.js';
import { notificationPorts } from '../../adapters/aws/events.js';
import { documentPorts } from '../../adapters/aws/s3.js';
import { issueAgreement } from '../../usecases/agreement-issue.js';
import { ApplicationInput, stepHandler } from '../handler-kit.js';

export const handler = stepHandler(ApplicationInput, (input, c) => issueAgreement(c, input.applicationId), {
  ...dynamoPorts,
  ...notificationPorts,
  ...documentPorts,
});
