/**
 * Powertools Metrics (CloudWatch embedded metric format, written to the function's log): the
 * operational counts of the steps and the ops gauges the scheduled job publishes. Only inside a
 * Lambda: locally the same figures are the funnel's (ops page), and stdout is `admit`'s records.
 */
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { MetricCount } from '../domain/funnel/transitions.js';

/** The namespace every custom metric of the pipeline is in (the alarms and the dashboard read it). */
export const METRICS_NAMESPACE = 'AdmissionPipeline';

let metrics: Metrics | undefined;
const onLambda = () => Boolean(process.env.AWS_LAMBDA_FUNCTION_NAME);

function instance(): Metrics {
  metrics ??= new Metrics({ namespace: METRICS_NAMESPACE, serviceName: 'admission' });
  return metrics;
}

/** Counts with their own dimensions, each written at once. */
export function publishCounts(counts: readonly MetricCount[]): void {
  if (!onLambda()) return;
  for (const c of counts) {
    const single = instance().singleMetric();
    single.addDimensions(c.dimensions);
    single.addMetric(c.name, MetricUnit.Count, c.value);
  }
}

/** Gauges without dimensions (the alarms' metrics), written together. */
export function publishGauges(gauges: Record<string, number>): void {
  if (!onLambda()) return;
  const m = instance();
  for (const [name, value] of Object.entries(gauges)) m.addMetric(name, MetricUnit.Count, value);
  m.publishStoredMetrics();
}

/**
 * One failed webhook delivery attempt (the notifications' sender calls it): the alarm
 * `WebhookDeliveriesFailing` (lib/observability.ts) watches this metric's sum.
 */
export function countWebhookFailure(): void {
  if (!onLambda()) return;
  instance().singleMetric().addMetric('WebhookDeliveryFailures', MetricUnit.Count, 1);
}
