import { describe, expect, it } from 'vitest';
import { computeFunnel } from '../../../../lambdas/domain/funnel/compute.js';
import { percentile } from '../../../../lambdas/domain/funnel/percentile.js';
import { stuckList } from '../../../../lambdas/domain/funnel/stuck.js';
import {
  type FunnelFacts,
  type FunnelSummary,
  summarize,
} from '../../../../lambdas/domain/funnel/summary.js';

// 2026-11-16 is a Monday; 10:00 in China is 02:00Z.
const MON = '2026-11-16T02:00:00.000Z';
const THU = '2026-11-19T02:00:00.000Z'; // 3 China working days after MON
const FRI = '2026-11-20T02:00:00.000Z'; // 4
const AS_OF = '2026-12-31T00:00:00.000Z';

function summary(id: string, over: Partial<FunnelSummary> = {}): FunnelSummary {
  return {
    applicationId: id,
    category: 'apparel',
    submittedAt: MON,
    status: 'IN_PROGRESS',
    updatedAt: MON,
    stages: [{ stage: 'checks', round: 1, startedAt: MON }],
    reasons: [],
    bookings: [],
    history: [{ status: 'IN_PROGRESS', at: MON }],
    agreementExpired: false,
    ...over,
  };
}

const period = { from: '2026-11-01', to: '2026-11-30' };

describe('percentile (nearest rank)', () => {
  it.each([
    [[], 50, null],
    [[7], 50, 7],
    [[7], 95, 7],
    [[4, 1, 3, 2], 50, 2],
    [[4, 1, 3, 2], 95, 4],
    [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 50, 5],
    [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 95, 10],
    [Array.from({ length: 20 }, (_, i) => i + 1), 95, 19],
  ])('gives the value at rank ceil(p·n) of %j at p%d: %s', (values, p, expected) => {
    expect(percentile(values, p)).toBe(expected);
  });

  it('refuses a percentile outside (0, 100] when asked for one', () => {
    expect(() => percentile([1], 0)).toThrow(RangeError);
  });
});

describe('computeFunnel reviewer SLA', () => {
  it.each([
    ['exactly 3 working days', THU, 'onTime'],
    ['4 working days', FRI, 'late'],
    ['one minute past 3 working days', '2026-11-19T02:01:00.000Z', 'late'],
    ['the same day', '2026-11-16T09:00:00.000Z', 'onTime'],
  ] as const)('counts a review decided after %s as %s', (_label, decidedAt, bucket) => {
    const s = summary('A1', {
      stages: [
        { stage: 'checks', round: 1, startedAt: MON, endedAt: MON, outcome: 'flag' },
        { stage: 'review_checks', round: 1, startedAt: MON, dueAt: THU, endedAt: decidedAt, outcome: 'pass' },
      ],
    });
    const f = computeFunnel([s], period, AS_OF);
    expect(f.reviewerSla[bucket].ids).toEqual(['A1']);
    expect(f.reviewerSla.decided.n).toBe(1);
    expect(f.reviewerSla.compliance).toBe(bucket === 'onTime' ? 1 : 0);
  });

  it('counts an open review past its SLA when asOf is after the due instant', () => {
    const s = summary('A2', {
      stages: [{ stage: 'review_checks', round: 1, startedAt: MON, dueAt: THU }],
    });
    expect(computeFunnel([s], period, '2026-11-19T02:00:00.001Z').reviewerSla.openPastSla.ids).toEqual([
      'A2',
    ]);
    expect(computeFunnel([s], period, THU).reviewerSla.openPastSla.n).toBe(0);
  });

  it('gives time in review in working days (p50/p95) when reviews span a weekend', () => {
    const stages = (end: string) => [
      {
        stage: 'review_checks' as const,
        round: 1,
        startedAt: MON,
        dueAt: THU,
        endedAt: end,
        outcome: 'pass' as const,
      },
    ];
    const f = computeFunnel(
      [
        summary('A', { stages: stages(THU) }),
        summary('B', { stages: stages(FRI) }),
        summary('C', { stages: stages('2026-11-23T02:00:00.000Z') }), // next Monday: 5 working days
      ],
      period,
      AS_OF,
    );
    const review = f.stages.find((s) => s.stage === 'review_checks');
    expect(review?.duration).toEqual({ unit: 'working_days', n: 3, p50: 4, p95: 5 });
  });
});

describe('computeFunnel period and category', () => {
  it.each([
    ['the first day at 00:00 China time', '2026-10-31T16:00:00.000Z', true],
    ['the day before the period, 23:59 China time', '2026-10-31T15:59:00.000Z', false],
    ['the last day at 23:59 China time', '2026-11-30T15:59:00.000Z', true],
    ['the day after the period, 00:00 China time', '2026-11-30T16:00:00.000Z', false],
  ])('counts an application submitted on %s: %s', (_label, submittedAt, counted) => {
    const f = computeFunnel([summary('P', { submittedAt })], period, AS_OF);
    expect(f.submitted.n).toBe(counted ? 1 : 0);
  });

  it('keeps only the category asked for when a category is given', () => {
    const f = computeFunnel(
      [summary('A'), summary('B', { category: 'toys' })],
      { ...period, category: 'toys' },
      AS_OF,
    );
    expect(f.submitted.ids).toEqual(['B']);
  });

  it('refuses a period that ends before it starts', () => {
    expect(() => computeFunnel([], { from: '2026-11-02', to: '2026-11-01' }, AS_OF)).toThrow(RangeError);
  });
});

describe('computeFunnel pass rates, reasons, lab, appeals', () => {
  const admitted = summary('ADM', {
    status: 'ADMITTED',
    stages: [
      { stage: 'checks', round: 1, startedAt: MON, endedAt: '2026-11-16T02:10:00.000Z', outcome: 'pass' },
      {
        stage: 'samples',
        round: 1,
        startedAt: '2026-11-16T02:10:00.000Z',
        endedAt: FRI,
        dueAt: '2026-11-25T02:10:00.000Z',
        outcome: 'pass',
      },
    ],
    bookings: [
      {
        sku: 'S1',
        attempt: 1,
        labId: 'L1',
        bookedAt: '2026-11-16T02:10:00.000Z',
        dueAt: '2026-11-25T02:10:00.000Z',
        postedAt: FRI,
        passed: true,
      },
    ],
  });
  const rejected = summary('REJ', {
    status: 'REJECTED',
    stages: [
      { stage: 'checks', round: 1, startedAt: MON, endedAt: '2026-11-16T02:20:00.000Z', outcome: 'reject' },
      {
        stage: 'appeal',
        round: 1,
        startedAt: THU,
        endedAt: FRI,
        dueAt: '2026-11-24T02:00:00.000Z',
        outcome: 'reject',
      },
    ],
    reasons: [
      {
        code: 'CAPACITY_PROOF_INCOMPLETE',
        step: 'capacity',
        outcome: 'reject',
        resolution: 'appeal_dismissed',
      },
    ],
  });
  const overdue = summary('LATE', {
    status: 'AWAITING_LAB_RESULTS',
    bookings: [{ sku: 'S1', attempt: 1, labId: 'L2', bookedAt: MON, dueAt: '2026-11-25T02:00:00.000Z' }],
    reasons: [{ code: 'ATTRIBUTES_MISMATCH', step: 'attributes', outcome: 'flag' }],
    agreementExpired: true,
  });
  const f = computeFunnel([admitted, rejected, overdue], period, AS_OF);

  it('gives the overall pass rate over decided applications', () => {
    expect(f.overall.decided.n).toBe(2);
    expect(f.overall.admitted.ids).toEqual(['ADM']);
    expect(f.overall.passRate).toBe(0.5);
  });

  it('gives each stage its pass rate over the applications that ended it', () => {
    const checks = f.stages.find((s) => s.stage === 'checks');
    expect(checks?.entered.n).toBe(3);
    expect(checks?.passed.ids).toEqual(['ADM']);
    expect(checks?.rejected.ids).toEqual(['REJ']);
    expect(checks?.open.ids).toEqual(['LATE']);
    expect(checks?.passRate).toBe(0.5);
    expect(checks?.duration).toEqual({ unit: 'minutes', n: 2, p50: 10, p95: 20 });
  });

  it('groups reasons by code and outcome with their resolution', () => {
    expect(f.reasons.map((r) => [r.code, r.outcome, Object.keys(r.byResolution)])).toEqual([
      ['ATTRIBUTES_MISMATCH', 'flag', ['open']],
      ['CAPACITY_PROOF_INCOMPLETE', 'reject', ['appeal_dismissed']],
    ]);
  });

  it('gives lab turnaround in working days and counts results overdue at asOf', () => {
    expect(f.lab.results.ids).toEqual(['ADM']);
    expect(f.lab.turnaround).toEqual({ unit: 'working_days', n: 1, p50: 4, p95: 4 });
    expect(f.lab.overdueOpen.ids).toEqual(['LATE']);
    expect(f.lab.late.n).toBe(0);
  });

  it('counts expired agreements and appeals by outcome', () => {
    expect(f.agreementsExpired.ids).toEqual(['LATE']);
    expect(f.appeals.filed.ids).toEqual(['REJ']);
    expect(f.appeals.dismissed.ids).toEqual(['REJ']);
    expect(f.appeals.upheld.n).toBe(0);
  });
});

describe('computeFunnel statusByDay', () => {
  it('gives the status each application had at the end of each China day', () => {
    const s = summary('D', {
      status: 'ADMITTED',
      history: [
        { status: 'IN_PROGRESS', at: MON },
        { status: 'AWAITING_REVIEW', at: '2026-11-16T05:00:00.000Z' },
        { status: 'IN_PROGRESS', at: '2026-11-17T03:00:00.000Z' },
        { status: 'ADMITTED', at: '2026-11-17T04:00:00.000Z' },
      ],
    });
    const f = computeFunnel([s], { from: '2026-11-15', to: '2026-11-18' }, AS_OF);
    expect(f.statusByDay).toEqual([
      { day: '2026-11-15', counts: {} },
      { day: '2026-11-16', counts: { AWAITING_REVIEW: 1 } },
      { day: '2026-11-17', counts: { ADMITTED: 1 } },
      { day: '2026-11-18', counts: { ADMITTED: 1 } },
    ]);
  });
});

describe('summarize', () => {
  const facts: FunnelFacts = {
    applicationId: 'X1',
    category: 'apparel',
    status: 'AWAITING_SIGNATURE',
    createdAt: '2026-11-15T00:00:00.000Z',
    updatedAt: '2026-11-24T02:00:00.000Z',
    resumeAt: 'agreement',
    events: [{ at: MON, action: 'submitted' }],
    reasons: [
      {
        code: 'ATTRIBUTES_MISMATCH',
        step: 'attributes',
        outcome: 'flag',
        resolution: 'approved',
        raisedAt: '2026-11-16T02:05:00.000Z',
      },
    ],
    tasks: [
      {
        kind: 'review_checks',
        round: 1,
        status: 'DONE',
        openedAt: '2026-11-16T02:06:00.000Z',
        dueAt: '2026-11-19T02:06:00.000Z',
        decidedAt: '2026-11-17T02:00:00.000Z',
        decision: { outcome: 'approve' },
      },
      {
        kind: 'signature',
        round: 1,
        status: 'OPEN',
        openedAt: '2026-11-24T02:00:00.000Z',
        dueAt: '2026-12-08T02:00:00.000Z',
      },
    ],
    bookings: [
      {
        sku: 'S1',
        attempt: 1,
        labId: 'L1',
        bookedAt: '2026-11-17T02:01:00.000Z',
        dueAt: '2026-11-26T02:01:00.000Z',
        result: { passed: true, postedAt: '2026-11-23T02:00:00.000Z' },
      },
    ],
  };

  it('gives the stages in flow order with their outcomes when built from the facts', () => {
    const s = summarize(facts);
    expect(s.stages.map((x) => [x.stage, x.outcome ?? 'open'])).toEqual([
      ['checks', 'flag'],
      ['review_checks', 'pass'],
      ['samples', 'pass'],
      ['signature', 'open'],
    ]);
    expect(s.history.map((h) => h.status)).toEqual([
      'IN_PROGRESS',
      'AWAITING_REVIEW',
      'IN_PROGRESS',
      'AWAITING_LAB_RESULTS',
      'AWAITING_SIGNATURE',
    ]);
  });

  it('gives the same summary when built twice from the same facts', () => {
    expect(summarize(facts, summarize(facts))).toEqual(summarize(facts));
  });

  it('keeps a rejection an upheld appeal took back when the previous summary had it', () => {
    const previous = summarize({
      ...facts,
      status: 'REJECTED',
      rejection: { failedStep: 'checks', at: '2026-11-18T00:00:00.000Z' },
    });
    const s = summarize(facts, previous);
    expect(s.history.some((h) => h.status === 'REJECTED')).toBe(true);
  });
});

describe('stuckList', () => {
  const review = summary('R', {
    status: 'AWAITING_REVIEW',
    stages: [
      { stage: 'checks', round: 1, startedAt: MON, endedAt: MON, outcome: 'flag' },
      { stage: 'review_checks', round: 1, startedAt: MON, dueAt: THU },
    ],
  });
  const automated = summary('W', { stages: [{ stage: 'checks', round: 1, startedAt: MON }] });
  const signature = summary('S', {
    status: 'AWAITING_SIGNATURE',
    stages: [{ stage: 'signature', round: 1, startedAt: MON }],
  });
  const lab = summary('L', {
    status: 'AWAITING_LAB_RESULTS',
    stages: [{ stage: 'samples', round: 1, startedAt: MON, waitsOn: 'CTI' }],
  });
  const done = summary('D', { status: 'ADMITTED' });

  it.each([
    ['a review at exactly 3 working days', 'R', THU, false],
    ['a review past 3 working days', 'R', '2026-11-19T02:00:00.001Z', true],
    ['an automated step after 15 minutes', 'W', '2026-11-16T02:15:00.001Z', true],
    ['an automated step at 10 minutes', 'W', '2026-11-16T02:10:00.000Z', false],
    ['a signature after 13 days', 'S', '2026-11-29T02:00:00.000Z', false],
    ['a signature after 14 days and a minute', 'S', '2026-11-30T02:01:00.000Z', true],
    ['lab results after 7 working days and a minute', 'L', '2026-11-25T02:01:00.000Z', true],
    ['lab results after 6 working days', 'L', '2026-11-24T02:00:00.000Z', false],
    ['a finished application, much later', 'D', AS_OF, false],
  ])('lists %s: %s', (_label, id, now, listed) => {
    const all = [review, automated, signature, lab, done];
    expect(stuckList(all, now).some((x) => x.applicationId === id)).toBe(listed);
  });

  it('says what a stuck application waits for when it is listed', () => {
    const [item] = stuckList([lab], AS_OF);
    expect(item).toMatchObject({ stage: 'samples', since: MON, waitsFor: 'sample results from CTI' });
  });
});
