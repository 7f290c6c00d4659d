import { dynamoPorts } from '../../adapters/aws/dynamo.js';
import { flagSpotCheckOverdue } from '../../usecases/spot-checks.js';
import { SpotBookingInput, stepHandler } from '../handler-kit.js';

export const handler = stepHandler(
  SpotBookingInput,
  (input, c) => flagSpotCheckOverdue(c, input.roundId, input.bookingNo),
  dynamoPorts,
);
