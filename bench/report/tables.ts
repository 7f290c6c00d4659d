/** Tables as aligned Markdown: the same text is printed and written to bench/out/*.md. */
import type { CostReport } from '../cost/model';
import type { OrchestrationReport } from '../orchestration/run';

export function mdTable(headers: string[], rows: (string | number)[][]): string {
  const cells = [headers, ...rows.map((r) => r.map(String))];
  const widths = headers.map((_, i) => Math.max(3, ...cells.map((r) => [...(r[i] ?? '')].length)));
  const fmt = (r: string[]) => `| ${r.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  return [
    fmt(headers),
    `| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`,
    ...cells.slice(1).map(fmt),
  ].join('\n');
}

const f = (n: number, digits = 2) => n.toFixed(digits);
const cpu = (n: number | null, apps: number) => (n === null ? 'n/a' : f(n / apps, 3));

export function orchestrationTables(r: OrchestrationReport): string {
  const levels = mdTable(
    [
      'concurrency',
      'apps',
      'pipeline apps/s',
      'raw apps/s',
      'overhead ×',
      'pipeline CPU s/app (node + DynamoDB Local)',
      'raw CPU s/app (node + DynamoDB Local)',
    ],
    r.levels.map((l) => [
      l.concurrency,
      l.applications,
      f(l.pipeline.appsPerSecond),
      f(l.raw.appsPerSecond),
      f(l.overhead),
      `${cpu(l.pipeline.nodeCpuSeconds, l.applications)} + ${cpu(l.pipeline.dynamoCpuSeconds, l.applications)}`,
      `${cpu(l.raw.nodeCpuSeconds, l.applications)} + ${cpu(l.raw.dynamoCpuSeconds, l.applications)}`,
    ]),
  );
  const best = r.levels.find((l) => l.concurrency === r.best.concurrency);
  const steps = best
    ? mdTable(
        ['step (handler wall time)', 'calls/app', 'p50 ms', 'p95 ms'],
        Object.entries(best.steps).map(([state, p]) => [
          state,
          f(p.n / best.applications, 1),
          f(p.p50, 1),
          f(p.p95, 1),
        ]),
      )
    : '';
  const pa = r.perApplication;
  return [
    levels,
    '',
    `Per step at concurrency ${r.best.concurrency}:`,
    steps,
    '',
    `Per application: ${f(pa.transitions, 1)} state transitions, ${f(pa.lambdaInvocations, 1)} Lambda invocations, ${f(pa.dynamoCalls, 1)} DynamoDB calls, ${f(pa.s3Calls, 1)} S3 calls.`,
    `Replay: ${r.replayAnomalies.retriedReads} reads retried (s3rver not yet serving a fresh PUT), ${r.replayAnomalies.sharedSetupRefusals} writes of shared set-up found done by another application.`,
  ].join('\n');
}

export function costTable(c: CostReport): string {
  return [
    mdTable(
      ['item', 'per application', 'unit price basis', 'USD', 'source'],
      c.lines.map((l) => [l.item, l.quantity, l.unit, l.usd, l.measured ? 'counted' : 'modelled']),
    ),
    '',
    `Infrastructure per application: $${c.perApplicationUsd} (${c.priceTable.region} list prices as of ${c.priceTable.asOf}).`,
  ].join('\n');
}
