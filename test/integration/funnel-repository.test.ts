import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoFunnelRepository } from '../../lambdas/adapters/dynamo-funnel.js';
import type { FunnelSummary } from '../../lambdas/domain/funnel/summary.js';
import { createTable, LOCAL_CREDENTIALS, LOCAL_REGION } from '../../local/emulators.js';
import { sharedEmulators } from '../support/platform.js';

const summary = (id: string, over: Partial<FunnelSummary> = {}): FunnelSummary => ({
  applicationId: id,
  category: 'apparel',
  submittedAt: '2026-11-16T02:00:00.000Z',
  status: 'AWAITING_REVIEW',
  updatedAt: '2026-11-16T02:00:00.000Z',
  stages: [{ stage: 'review_checks', round: 1, startedAt: '2026-11-16T02:00:00.000Z' }],
  reasons: [],
  bookings: [],
  history: [{ status: 'AWAITING_REVIEW', at: '2026-11-16T02:00:00.000Z' }],
  agreementExpired: false,
  ...over,
});

describe('DynamoFunnelRepository over DynamoDB Local', () => {
  let db: DynamoDBDocumentClient;
  let repo: DynamoFunnelRepository;
  beforeAll(async () => {
    const { endpoint } = sharedEmulators().dynamo;
    const table = `funnel-${process.pid}-${Date.now()}`;
    await createTable(endpoint, table);
    db = DynamoDBDocumentClient.from(
      new DynamoDBClient({ endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS }),
    );
    repo = new DynamoFunnelRepository(db, table);
  });
  afterAll(() => db?.destroy());

  it('writes a summary once per version: a second writer of the same version loses', async () => {
    const s = summary('R1');
    expect(await repo.put(s, '2026-11-19T02:00:00.000Z', null)).toBe(true);
    expect(await repo.put(s, '2026-11-19T02:00:00.000Z', null)).toBe(false);
    const stored = await repo.get(s);
    expect(stored).toEqual({ summary: s, version: 1, rolledUp: true });
    const next = { ...s, status: 'ADMITTED' };
    const [a, b] = await Promise.all([repo.put(next, null, 1), repo.put(next, null, 1)]);
    expect([a, b].sort()).toEqual([false, true]);
    expect((await repo.get(s))?.version).toBe(2);
  });

  it('reads a period by month and category with Queries, China months at their edges', async () => {
    await repo.put(summary('M-oct-last', { submittedAt: '2026-10-31T15:59:00.000Z' }), null, null);
    await repo.put(summary('M-nov-first', { submittedAt: '2026-10-31T16:00:00.000Z' }), null, null);
    await repo.put(
      summary('M-toys', { category: 'toys', submittedAt: '2026-11-20T02:00:00.000Z' }),
      null,
      null,
    );
    const nov = (await repo.inPeriod({ from: '2026-11-01', to: '2026-11-30' })).map((s) => s.applicationId);
    expect(nov).toEqual(expect.arrayContaining(['M-nov-first', 'M-toys', 'R1']));
    expect(nov).not.toContain('M-oct-last');
    const toys = await repo.inPeriod({ from: '2026-11-01', to: '2026-11-30', category: 'toys' });
    expect(toys.map((s) => s.applicationId)).toEqual(['M-toys']);
  });

  it('lists only unfinished summaries whose allowance ran out before now', async () => {
    await repo.put(summary('S-late'), '2026-11-19T02:00:00.000Z', null);
    await repo.put(summary('S-fine'), '2026-11-25T02:00:00.000Z', null);
    const ids = (await repo.stuckBefore('2026-11-20T00:00:00.000Z')).map((s) => s.applicationId);
    expect(ids).toContain('S-late');
    expect(ids).not.toContain('S-fine');
    // R1 was admitted (stuckAt null): it left the index.
    expect(ids).not.toContain('R1');
  });
});
