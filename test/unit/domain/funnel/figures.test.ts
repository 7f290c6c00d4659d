import { describe, expect, it } from 'vitest';
import { AS_OF, generateSummaries, PERIOD } from '../../../../bench/funnel/generate.js';
import { computeFunnel, funnelFromCounters, inFilter } from '../../../../lambdas/domain/funnel/compute.js';
import {
  addCounters,
  contributionDelta,
  contributions,
  durationTicks,
  figuresOf,
} from '../../../../lambdas/domain/funnel/figures.js';
import { histogramPercentile, percentile } from '../../../../lambdas/domain/funnel/percentile.js';
import type { FunnelSummary } from '../../../../lambdas/domain/funnel/summary.js';

const MON = '2026-11-16T02:00:00.000Z';

describe('histogramPercentile', () => {
  it.each([
    [[], 50],
    [[7], 95],
    [[4, 1, 3, 2], 50],
    [[4, 1, 3, 2], 95],
    [[1, 1, 1, 9], 50],
    [[1, 1, 1, 9], 95],
    [Array.from({ length: 20 }, (_, i) => (i * 7) % 5), 95],
    [Array.from({ length: 101 }, (_, i) => i % 13), 50],
  ])('gives what percentile gives over the values of %j at p%d', (values, p) => {
    const buckets = new Map<number, number>();
    for (const v of values) buckets.set(v, (buckets.get(v) ?? 0) + 1);
    expect(histogramPercentile(buckets, p)).toBe(percentile(values, p));
  });
});

describe('durationTicks', () => {
  it.each([
    ['minutes', MON, '2026-11-16T02:10:00.000Z', 10],
    ['minutes', MON, '2026-11-16T02:10:00.001Z', 11],
    ['days', MON, '2026-11-18T02:00:00.000Z', 48],
    ['days', MON, '2026-11-18T02:30:00.000Z', 49],
    ['working_days', MON, '2026-11-20T02:00:00.000Z', 4],
    ['working_days', '2026-11-20T02:00:00.000Z', '2026-11-23T02:00:00.000Z', 1],
  ] as const)('counts %s from %s to %s as %d ticks', (unit, from, to, ticks) => {
    expect(durationTicks(unit, from, to)).toBe(ticks);
  });
});

describe('contributions', () => {
  const waiting: FunnelSummary = {
    applicationId: 'W',
    category: 'toys',
    submittedAt: MON,
    status: 'AWAITING_REVIEW',
    updatedAt: MON,
    stages: [
      { stage: 'checks', round: 1, startedAt: MON, endedAt: '2026-11-16T02:05:00.000Z', outcome: 'flag' },
      { stage: 'review_checks', round: 1, startedAt: MON, dueAt: '2026-11-19T15:59:59.999Z' },
    ],
    reasons: [{ code: 'ATTRIBUTES_MISMATCH', step: 'attributes', outcome: 'flag' }],
    bookings: [],
    history: [{ status: 'AWAITING_REVIEW', at: MON }],
    agreementExpired: false,
  };

  it('counts open work past its deadline only once the deadline has passed', () => {
    expect(figuresOf(waiting, '2026-11-19T15:59:59.999Z').has('sla:openPastSla')).toBe(false);
    expect(figuresOf(waiting, '2026-11-19T16:00:00.000Z').has('sla:openPastSla')).toBe(true);
  });

  it('changes nothing when a summary replaces itself, and takes the old one away when it changes', () => {
    expect(contributionDelta(waiting, waiting).size).toBe(0);
    const decided = { ...waiting, status: 'REJECTED' };
    const delta = contributionDelta(waiting, decided);
    expect(delta.get('n|status:AWAITING_REVIEW')).toBe(-1);
    expect(delta.get('n|status:REJECTED')).toBe(1);
    expect(delta.get('n|submitted')).toBeUndefined();
  });

  it.each([
    ['three months', PERIOD],
    ['part of a month, one category', { from: '2026-10-03', to: '2026-10-20', category: 'home' }],
  ])('summed, give the funnel computing over the summaries gives (%s)', (_label, filter) => {
    const summaries = [...generateSummaries(3_000, 5)];
    const sums = new Map<string, number>();
    const inIt = computeFunnel(summaries, filter, AS_OF);
    for (const s of summaries) if (inFilter(s, filter)) addCounters(sums, contributions(s));
    const strip = (x: unknown) => JSON.parse(JSON.stringify(x, (k, v) => (k === 'ids' ? undefined : v)));
    expect(strip(funnelFromCounters(sums, filter, AS_OF))).toEqual(strip(inIt));
  });
});
