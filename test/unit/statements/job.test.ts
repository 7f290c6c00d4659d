import { describe, expect, it } from 'vitest';
import type { FeeSchedule } from '../../../lambdas/domain/settlement/settle.js';
import { reduceRun, sumBatch } from '../../../lambdas/usecases/statement-job.js';
import { MemoryObjects } from '../../support/memory-statement-objects.js';

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
    s3.set(run.schedulesKey, JSON.stringify(schedules));
    s3.set(
      'orders/a.csv',
      [HEADER, 'o1,app-a,2026-10-01,CNY,10050,sale,', 'o2,app-x,2026-10-01,CNY,1,sale,'].join('\n'),
    );
    s3.set(
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
    s3.set(
      'orders/c.csv',
      [HEADER, 'o4,app-a,2026-10-03,CNY,250,vas,ADS', 'o5,app-a,2026-10-30,CNY,1,sale,'].join('\n'),
    );
    const first = await sumBatch(s3, run, [{ Key: 'orders/a.csv' }, { Key: 'orders/b.jsonl' }]);
    const second = await sumBatch(s3, run, [{ Key: 'orders/c.csv' }]);
    // What ResultWriter leaves: a manifest naming result files of the child executions' outputs.
    s3.set(
      'statements/map-runs/x/SUCCEEDED_0.json',
      JSON.stringify([first, second].map((p) => ({ Output: JSON.stringify({ Payload: p }) }))),
    );
    s3.set(
      'statements/map-runs/x/manifest.json',
      JSON.stringify({ ResultFiles: { SUCCEEDED: [{ Key: 'statements/map-runs/x/SUCCEEDED_0.json' }] } }),
    );
    const done = await reduceRun(s3, run, 'statements/map-runs/x/manifest.json');
    expect(done).toEqual({
      summaryKey: `${run.runPrefix}/summary.json`,
      itemsKey: `${run.runPrefix}/statement-items.json`,
      statements: 1,
      rejects: 1,
    });
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
    // The files Map's items: totals as strings and where the lines are, batch by batch in key order.
    expect(await s3.getJson(done.itemsKey)).toEqual([
      {
        applicationId: 'app-a',
        currency: 'CNY',
        lines: 3,
        grossMinor: '0',
        commissionMinor: '0',
        fulfilmentMinor: '0',
        vasMinor: '250',
        parts: [
          ['lines/orders%2Fa.csv.bin', 0, expect.any(Number)],
          ['lines/orders%2Fc.csv.bin', 0, expect.any(Number)],
        ],
      },
    ]);
    // Nothing issued before the files exist.
    expect(s3.objects.has('statements/issued/2026-10/summary.json')).toBe(false);
  });
});
