import { describe, expect, it } from 'vitest';
import { FUNNEL_SHARDS, funnelKeys, monthsOf, shardOf } from '../../../../lambdas/adapters/dynamo-funnel.js';
import { computeFunnel } from '../../../../lambdas/domain/funnel/compute.js';
import { funnelCsv } from '../../../../lambdas/domain/funnel/csv.js';
import type { FunnelSummary } from '../../../../lambdas/domain/funnel/summary.js';
import { transitionCounts } from '../../../../lambdas/domain/funnel/transitions.js';

const MON = '2026-11-16T02:00:00.000Z';
const base: FunnelSummary = {
  applicationId: 'A1',
  category: 'apparel',
  submittedAt: MON,
  status: 'IN_PROGRESS',
  updatedAt: MON,
  stages: [{ stage: 'checks', round: 1, startedAt: MON }],
  reasons: [],
  bookings: [],
  history: [{ status: 'IN_PROGRESS', at: MON }],
  agreementExpired: false,
};

describe('funnel keys', () => {
  it.each([
    ['2026-11-30T15:59:59.999Z', 'FUNNEL#2026-11#'],
    ['2026-11-30T16:00:00.000Z', 'FUNNEL#2026-12#'],
  ])('puts an application submitted at %s in the China month %s', (submittedAt, prefix) => {
    expect(funnelKeys({ applicationId: 'A1', category: 'toys', submittedAt }).pk.startsWith(prefix)).toBe(
      true,
    );
    expect(funnelKeys({ applicationId: 'A1', category: 'toys', submittedAt }).sk).toBe('toys#A1');
  });

  it.each([
    ['2026-11-01', '2026-11-30', ['2026-11']],
    ['2026-11-15', '2027-02-01', ['2026-11', '2026-12', '2027-01', '2027-02']],
  ])('reads the months a period touches: %s..%s', (from, to, months) => {
    expect(monthsOf(from, to)).toEqual(months);
  });

  it('spreads applications over every shard', () => {
    const shards = new Set(Array.from({ length: 200 }, (_, i) => shardOf(`APP-${i}`)));
    expect(shards.size).toBe(FUNNEL_SHARDS);
  });
});

describe('transitionCounts', () => {
  it('counts a decision, new reasons, opened human tasks and ended stages once when a step moves on', () => {
    const next: FunnelSummary = {
      ...base,
      status: 'AWAITING_REVIEW',
      stages: [
        { stage: 'checks', round: 1, startedAt: MON, endedAt: MON, outcome: 'flag' },
        { stage: 'review_checks', round: 1, startedAt: MON },
      ],
      reasons: [{ code: 'ATTRIBUTES_MISMATCH', step: 'attributes', outcome: 'flag' }],
    };
    expect(transitionCounts(base, next)).toEqual([
      { name: 'ReasonsRaised', dimensions: { outcome: 'flag' }, value: 1 },
      { name: 'StageOutcomes', dimensions: { stage: 'checks', outcome: 'flag' }, value: 1 },
      { name: 'HumanTasksOpened', dimensions: { kind: 'review_checks' }, value: 1 },
    ]);
    expect(transitionCounts(next, next)).toEqual([]);
    expect(transitionCounts(next, { ...next, status: 'REJECTED' })).toEqual([
      { name: 'Decisions', dimensions: { outcome: 'rejected' }, value: 1 },
    ]);
  });
});

describe('funnelCsv', () => {
  it('writes one figure a row with the applications behind it, quoting what needs it', () => {
    const csv = funnelCsv(
      computeFunnel(
        [{ ...base, applicationId: 'A,"1"', reasons: [{ code: 'X', step: 'intake', outcome: 'reject' }] }],
        { from: '2026-11-01', to: '2026-11-30' },
        '2026-12-01T00:00:00.000Z',
      ),
    );
    const lines = csv.split('\r\n');
    expect(lines[0]).toBe('section,figure,detail,value,applications');
    expect(lines).toContain('overall,submitted,,1,"A,""1"""');
    expect(lines).toContain('reason,X,reject:open,1,"A,""1"""');
  });
});
