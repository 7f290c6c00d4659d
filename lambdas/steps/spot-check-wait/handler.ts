import * as z from 'zod';
import { dynamoPorts } from '../../adapters/aws/dynamo.js';
import { spotCheckWorkflowPorts } from '../../adapters/aws/sfn.js';
import { openSpotCheckWait } from '../../usecases/spot-checks.js';
import { SpotBookingInput, stepHandler } from '../handler-kit.js';

const WaitInput = SpotBookingInput.extend({ taskToken: z.string().min(1).max(2048) });

export const handler = stepHandler(WaitInput, (input, c) => openSpotCheckWait(c, input), {
  ...dynamoPorts,
  ...spotCheckWorkflowPorts,
});
