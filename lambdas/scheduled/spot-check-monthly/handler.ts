import * as z from 'zod';
import { dynamoPorts } from '../../adapters/aws/dynamo.js';
import { spotCheckWorkflowPorts } from '../../adapters/aws/sfn.js';
import { stepHandler } from '../../steps/handler-kit.js';
import { startMonthlyRound } from '../../usecases/spot-checks.js';

/** EventBridge Scheduler's time for this run (`<aws.scheduler.scheduled-time>`): it names the month. */
const MonthlyInput = z.object({ scheduledTime: z.iso.datetime() });

/**
 * On the monthly schedule (lib/spot-checks.ts): the month's round (`monthly-YYYY-MM`), started
 * through the same use case ops' "Start a round" runs; a retried or repeated run is the same round.
 */
export const handler = stepHandler(MonthlyInput, (input, c) => startMonthlyRound(c, input.scheduledTime), {
  ...dynamoPorts,
  ...spotCheckWorkflowPorts,
});
