import { dynamoPorts } from '../../adapters/aws/dynamo.js';
import { notificationPorts } from '../../adapters/aws/events.js';
import { bookSpotCheck } from '../../usecases/spot-checks.js';
import { SpotBookingInput, stepHandler } from '../handler-kit.js';

export const handler = stepHandler(
  SpotBookingInput,
  (input, c) => bookSpotCheck(c, input.roundId, input.bookingNo),
  { ...dynamoPorts, ...notificationPorts },
);
