/**
 * The funnel's roll-ups over DynamoDB Local: written in the same transaction as each summary's
 * versioned write, they give the funnel that computing over every summary gives (whole months,
 * parts of months, one category), a write that lost its version race adds nothing, and a figure's
 * applications are listed page by page from the summaries.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AS_OF, generateSummaries } from '../../bench/funnel/generate.js';
import { DynamoFunnelRepository, funnelKeys } from '../../lambdas/adapters/dynamo-funnel.js';
import { computeFunnel, type Funnel, type FunnelFilter } from '../../lambdas/domain/funnel/compute.js';
import type { FunnelSummary } from '../../lambdas/domain/funnel/summary.js';
import { backfillFunnelRollups, figureApplications, funnelFor } from '../../lambdas/usecases/funnel.js';
import { createTable, LOCAL_CREDENTIALS, LOCAL_REGION } from '../../local/emulators.js';
import { sharedEmulators } from '../support/platform.js';

const APPS = 400;
const clock = { now: () => new Date(AS_OF) };

/** The funnel without the ids (the roll-ups keep counts, not applications). */
const countsOnly = (f: Funnel): unknown =>
  JSON.parse(JSON.stringify(f, (k, v) => (k === 'ids' ? undefined : v)));

/** An earlier state of the application: just submitted, still in the automated checks. */
const firstState = (s: FunnelSummary): FunnelSummary => ({
  ...s,
  status: 'IN_PROGRESS',
  updatedAt: s.submittedAt,
  stages: [{ stage: 'checks', round: 1, startedAt: s.submittedAt }],
  reasons: [],
  bookings: [],
  history: [{ status: 'IN_PROGRESS', at: s.submittedAt }],
  agreementExpired: false,
});

describe('funnel roll-ups over DynamoDB Local', () => {
  let db: DynamoDBDocumentClient;
  let repo: DynamoFunnelRepository;
  let table: string;
  const summaries = [...generateSummaries(APPS, 7)];

  beforeAll(async () => {
    const { endpoint } = sharedEmulators().dynamo;
    table = `rollups-${process.pid}-${Date.now()}`;
    await createTable(endpoint, table);
    db = DynamoDBDocumentClient.from(
      new DynamoDBClient({ endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS }),
    );
    repo = new DynamoFunnelRepository(db, table);
    // Each application written twice, as the steps do: its first state, then where it ended.
    for (let i = 0; i < summaries.length; i += 20) {
      await Promise.all(
        summaries.slice(i, i + 20).map(async (s) => {
          const first = firstState(s);
          expect(await repo.put(first, null, null)).toBe(true);
          expect(await repo.put(s, null, 1, first)).toBe(true);
        }),
      );
    }
  }, 300_000);
  afterAll(() => db?.destroy());

  it.each<[string, FunnelFilter]>([
    ['three whole months', { from: '2026-09-01', to: '2026-11-30' }],
    ['parts of months', { from: '2026-09-17', to: '2026-11-03' }],
    ['one day', { from: '2026-10-08', to: '2026-10-08' }],
    ['one category over whole and part months', { from: '2026-09-01', to: '2026-11-15', category: 'toys' }],
  ])('gives the funnel of %s as computing over every summary does', async (_label, filter) => {
    const fromRollups = await funnelFor({ funnel: repo, clock }, filter);
    expect(countsOnly(fromRollups)).toEqual(countsOnly(computeFunnel(summaries, filter, AS_OF)));
    expect(fromRollups.submitted.n).toBeGreaterThan(0);
  });

  it('adds nothing when a write lost its version race (a retried step)', async () => {
    const filter = { from: '2026-09-01', to: '2026-11-30' };
    const before = await funnelFor({ funnel: repo, clock }, filter);
    const s = summaries[0] as FunnelSummary;
    // Version 2 is stored: a retry of the first → last write (expected 1) must fail whole.
    expect(await repo.put(s, null, 1, firstState(s))).toBe(false);
    expect(await repo.put({ ...s, status: 'ADMITTED' }, null, 1, s)).toBe(false);
    expect(countsOnly(await funnelFor({ funnel: repo, clock }, filter))).toEqual(countsOnly(before));
  });

  it('lists the applications behind a figure page by page, as computing over every summary does', async () => {
    const filter = { from: '2026-09-10', to: '2026-11-20' };
    const expected = computeFunnel(summaries, filter, AS_OF);
    for (const count of [expected.submitted, expected.reviewerSla.openPastSla, expected.lab.overdueOpen]) {
      const ids: string[] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const page = await figureApplications({ funnel: repo, clock }, filter, count.figure, cursor, 40);
        ids.push(...page.ids);
        cursor = page.cursor;
        pages++;
      } while (cursor);
      expect(ids.sort()).toEqual([...(count.ids ?? [])].sort());
      if (count.n > 40) expect(pages).toBeGreaterThan(1);
    }
  });

  it('counts summaries written before the roll-ups existed once, by a backfill that can run again', async () => {
    const march = { from: '2027-03-01', to: '2027-03-31' };
    const legacy = Array.from({ length: 12 }, (_, i): FunnelSummary => {
      const at = `2027-03-${String(10 + i).padStart(2, '0')}T02:00:00.000Z`;
      const done = `2027-03-${String(10 + i).padStart(2, '0')}T02:07:00.000Z`;
      return {
        applicationId: `LEGACY-${i}`,
        category: i % 2 ? 'toys' : 'home',
        submittedAt: at,
        status: 'REJECTED',
        updatedAt: done,
        stages: [{ stage: 'checks', round: 1, startedAt: at, endedAt: done, outcome: 'reject' }],
        reasons: [{ code: 'LICENCE_EXPIRED', step: 'licence', outcome: 'reject' }],
        bookings: [],
        history: [
          { status: 'IN_PROGRESS', at },
          { status: 'REJECTED', at: done },
        ],
        agreementExpired: false,
      };
    });
    // As the platform wrote them before: the item without its roll-up mark.
    for (const s of legacy) {
      await db.send(
        new PutCommand({ TableName: table, Item: { ...funnelKeys(s), s: JSON.stringify(s), v: 3 } }),
      );
    }
    expect((await funnelFor({ funnel: repo, clock }, march)).submitted.n).toBe(0);
    expect(await backfillFunnelRollups({ funnel: repo }, march.from, march.to)).toEqual({
      counted: 12,
      skipped: 0,
    });
    expect(await backfillFunnelRollups({ funnel: repo }, march.from, march.to)).toEqual({
      counted: 0,
      skipped: 0,
    });
    expect(countsOnly(await funnelFor({ funnel: repo, clock }, march))).toEqual(
      countsOnly(computeFunnel(legacy, march, AS_OF)),
    );
    expect((await repo.get(legacy[0] as FunnelSummary))?.rolledUp).toBe(true);
  });
});
