import { dynamoPorts } from '../../adapters/aws/dynamo.js';
import { recordSpotCheckResult } from '../../usecases/spot-checks.js';
import { SpotBookingInput, stepHandler } from '../handler-kit.js';

export const handler = stepHandler(
  SpotBookingInput,
  (input, c) => recordSpotCheckResult(c, input.roundId, input.bookingNo),
  dynamoPorts,
);
