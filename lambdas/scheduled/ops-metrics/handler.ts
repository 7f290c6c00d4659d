import { dynamoPorts } from '../../adapters/aws/dynamo.js';
import { containerFor } from '../../adapters/container.js';
import { publishGauges } from '../../shared/metrics.js';
import { opsGauges } from '../../usecases/funnel.js';

const ports = { ...dynamoPorts };

/** Every few minutes (an EventBridge rule): the stuck-work gauges the alarms watch, as EMF metrics. */
export const handler = async (): Promise<Record<string, number>> => {
  const gauges = await opsGauges(containerFor(ports, process.env.AWS_LAMBDA_FUNCTION_NAME));
  publishGauges(gauges);
  return gauges;
};
