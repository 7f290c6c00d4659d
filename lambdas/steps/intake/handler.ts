import { dynamoPorts } from '../../adapters/aws/dynamo.js';
import { documentPorts } from '../../adapters/aws/s3.js';
import { runIntake } from '../../usecases/intake.js';
import { ApplicationInput, stepHandler } from '../handler-kit.js';

export const handler = stepHandler(ApplicationInput, (input, c) => runIntake(c, input.applicationId), {
  ...dynamoPorts,
  ...documentPorts,
});
