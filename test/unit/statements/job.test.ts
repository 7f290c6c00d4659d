import { describe, expect, it } from 'vitest';
import type { FeeSchedule } from '../../../lambdas/domain/settlement/settle.js';
import { reduceRun, type StatementObjects, sumBatch } from '../../../lambdas/usecases/statement-job.js';

/** S3 as a map; order objects streamed in small chunks so records cross chunk boundaries. */
class MemoryObjects implements StatementObjects {
  readonly objects = new Map<string, string>();
  async *stream(key: string): AsyncIterable<Uint8Array> {
    const bytes = new TextEncoder().encode(this.objects.get(key) ?? '');
    for (let i = 0; i < bytes.length; i += 7) yield bytes.subarray(i, i + 7);
  }
  async getJson<T>(key: string): Promise<T> {
    return JSON.parse(this.objects.get(key) as string) as T;
  }
  async putJson(key: string, json: string): Promise<void> {
    this.objects.set(key, json);
  }
}

const schedules: FeeSchedule[] = [
  { applicationId: 'app-a', commissionRate: '0.05', fulfilmentRate: '0.045', settlementTermDays: 15 },
];
const HEADER = 'orderId,applicationId,transactionDate,currency,amountMinor,kind,vasCode';

describe('the statement job use cases', () => {
  it('sums batches into partials and reduces them to the same totals as one pass', async () => {
    const s3 = new MemoryObjects();
    const run = {
      period: '2026-10',
      runPrefix: 'statements/runs/2026-10/r1',
      schedulesKey: 'statements/runs/2026-10/r1/schedules.json',
    };
    s3.objects.set(run.schedulesKey, JSON.stringify(schedules));
    s3.objects.set(
      'orders/a.csv',
      [HEADER, 'o1,app-a,2026-10-01,CNY,10050,sale,', 'o2,app-x,2026-10-01,CNY,1,sale,'].join('\n'),
    );
    s3.objects.set(
      'orders/b.jsonl',
      JSON.stringify({
        orderId: 'o3',
        applicationId: 'app-a',
        transactionDate: '2026-10-02',
        currency: 'CNY',
        amountMinor: -10050,
        kind: 'refund',
      }),
    );
    s3.objects.set(
      'orders/c.csv',
      [HEADER, 'o4,app-a,2026-10-03,CNY,250,vas,ADS', 'o5,app-a,2026-10-30,CNY,1,sale,'].join('\n'),
    );
    const first = await sumBatch(s3, run, [{ Key: 'orders/a.csv' }, { Key: 'orders/b.jsonl' }]);
    const second = await sumBatch(s3, run, [{ Key: 'orders/c.csv' }]);
    // What ResultWriter leaves: a manifest naming result files of the child executions' outputs.
    s3.objects.set(
      'statements/map-runs/x/SUCCEEDED_0.json',
      JSON.stringify([first, second].map((p) => ({ Output: JSON.stringify({ Payload: p }) }))),
    );
    s3.objects.set(
      'statements/map-runs/x/manifest.json',
      JSON.stringify({ ResultFiles: { SUCCEEDED: [{ Key: 'statements/map-runs/x/SUCCEEDED_0.json' }] } }),
    );
    const done = await reduceRun(s3, run, 'statements/map-runs/x/manifest.json');
    expect(done).toEqual({ summaryKey: `${run.runPrefix}/summary.json`, statements: 1, rejects: 1 });
    expect(await s3.getJson(done.summaryKey)).toEqual({
      period: '2026-10',
      statements: [
        {
          applicationId: 'app-a',
          currency: 'CNY',
          lines: 3,
          grossMinor: 0,
          commissionMinor: 0,
          fulfilmentMinor: 0,
          vasMinor: 250,
          netMinor: -250,
        },
      ],
      rejects: [{ file: 'orders/a.csv', line: 3, reason: expect.stringMatching(/^UNKNOWN_APPLICATION/) }],
    });
    expect(s3.objects.has(`${run.runPrefix}/statements/app-a-2026-10-CNY.json`)).toBe(true);
  });
});
