import { describe, expect, it } from 'vitest';
import type { ApplicationDetail, Reason } from '../../../portal/src/api/types.js';
import { flowSteps, nextAction, timeLeft } from '../../../portal/src/pages/seller/flow.js';

function app(over: Partial<ApplicationDetail>): ApplicationDetail {
  return {
    applicationId: 'app-1',
    status: 'DRAFT',
    form: { seller: { companyName: 'X', uscc: 'U' }, category: 'home', skus: [], sampleSkus: [] },
    documents: [],
    reasons: [],
    requirements: { currentlyDue: [], errors: [] },
    timeline: [{ at: '2026-11-20T01:00:00Z', actor: 'seller', action: 'draft_created' }],
    openTasks: [],
    canAppeal: false,
    ...over,
  } as ApplicationDetail;
}

const submitted = { at: '2026-11-20T02:00:00Z', actor: 'seller', action: 'submitted' };
const flag = (code: string, step: Reason['step']): Reason =>
  ({ code, step, outcome: 'flag', message: { zh: '', en: '' } }) as Reason;
const reject = (code: string, step: Reason['step']): Reason =>
  ({ code, step, outcome: 'reject', message: { zh: '', en: '' } }) as Reason;
const states = (a: ApplicationDetail) =>
  flowSteps(a)
    .map((s) => `${s.step}:${s.state}`)
    .join(' ');

describe('flowSteps', () => {
  it.each([
    [
      'a draft',
      app({}),
      'submitted:current checks:todo review:todo samples:todo agreement:todo admitted:todo',
    ],
    [
      'checks running',
      app({ status: 'IN_PROGRESS', timeline: [submitted] }),
      'submitted:done checks:current review:todo samples:todo agreement:todo admitted:todo',
    ],
    [
      'a flag awaiting review',
      app({
        status: 'AWAITING_REVIEW',
        timeline: [submitted],
        reasons: [flag('LICENCE_NAME_MISMATCH', 'licence')],
      }),
      'submitted:done checks:done review:current samples:todo agreement:todo admitted:todo',
    ],
    [
      'samples with nothing flagged: the review is skipped',
      app({ status: 'AWAITING_LAB_RESULTS', timeline: [submitted] }),
      'submitted:done checks:done review:skipped samples:current agreement:todo admitted:todo',
    ],
    [
      'an overdue lab result before a reviewer',
      app({
        status: 'AWAITING_REVIEW',
        timeline: [submitted],
        openTasks: [
          { kind: 'review_lab', round: 1, openedAt: '2026-12-01T00:00:00Z', dueAt: '2026-12-04T00:00:00Z' },
        ],
      }),
      'submitted:done checks:done review:skipped samples:current agreement:todo admitted:todo',
    ],
    [
      'the agreement to sign',
      app({ status: 'AWAITING_SIGNATURE', timeline: [submitted] }),
      'submitted:done checks:done review:skipped samples:done agreement:current admitted:todo',
    ],
    [
      'admitted',
      app({ status: 'ADMITTED', timeline: [submitted], reasons: [flag('X', 'licence')] }),
      'submitted:done checks:done review:done samples:done agreement:done admitted:done',
    ],
    [
      'rejected by the checks',
      app({ status: 'REJECTED', timeline: [submitted], reasons: [reject('LICENCE_TOO_YOUNG', 'licence')] }),
      'submitted:done checks:failed review:todo samples:todo agreement:todo admitted:todo',
    ],
    [
      'rejected by the lab',
      app({
        status: 'REJECTED',
        timeline: [submitted],
        reasons: [reject('SAMPLE_INSPECTION_FAILED', 'samples')],
      }),
      'submitted:done checks:done review:skipped samples:failed agreement:todo admitted:todo',
    ],
    [
      'rejected by a reviewer',
      app({
        status: 'REJECTED',
        timeline: [submitted, { at: '2026-11-21T00:00:00Z', actor: 'r', action: 'review_decided' }],
        reasons: [flag('X', 'licence'), reject('REVIEW_REJECTED', 'review')],
      }),
      'submitted:done checks:done review:failed samples:todo agreement:todo admitted:todo',
    ],
  ])('%s', (_name, a, expected) => {
    expect(states(a)).toBe(expected);
  });

  it("gives the current step its deadline: the reviewer's SLA, the lab's due date, the signature's", () => {
    const review = app({
      status: 'AWAITING_REVIEW',
      timeline: [submitted],
      reasons: [flag('X', 'licence')],
      openTasks: [{ kind: 'review_checks', round: 1, openedAt: 'o', dueAt: '2026-11-25T10:00:00Z' }],
    });
    expect(flowSteps(review).find((s) => s.state === 'current')?.dueAt).toBe('2026-11-25T10:00:00Z');
    const lab = app({
      status: 'AWAITING_LAB_RESULTS',
      openTasks: [{ kind: 'lab_results', round: 1, openedAt: 'o', dueAt: '2026-12-01T10:00:00Z' }],
    });
    expect(flowSteps(lab).find((s) => s.state === 'current')?.dueAt).toBe('2026-12-01T10:00:00Z');
    const sign = app({
      status: 'AWAITING_SIGNATURE',
      agreement: { deadline: '2026-12-10T01:00:00Z' } as ApplicationDetail['agreement'],
    });
    expect(flowSteps(sign).find((s) => s.state === 'current')?.dueAt).toBe('2026-12-10T01:00:00Z');
  });
});

describe('nextAction', () => {
  it.each([
    [
      'a draft missing documents',
      app({}),
      ['bank_statement'],
      { kind: 'complete', missing: ['bank_statement'], errors: 0 },
    ],
    ['a complete draft', app({}), [], { kind: 'submit' }],
    [
      'a draft with an unreadable file',
      app({
        documents: [
          {
            documentId: 'd',
            type: 'trademark',
            file: 'f',
            uploaded: true,
            read: { ok: false, fields: {}, problems: [] },
          },
        ],
      }),
      [],
      { kind: 'complete', missing: [], errors: 1 },
    ],
    [
      'a document to upload again',
      app({ status: 'AWAITING_REVIEW', requirements: { currentlyDue: ['electricity_bill'], errors: [] } }),
      [],
      { kind: 'fix', items: ['electricity_bill'] },
    ],
    [
      'waiting for the checks',
      app({ status: 'IN_PROGRESS', timeline: [submitted] }),
      [],
      { kind: 'wait', on: 'checks' },
    ],
    [
      'an agreement to sign',
      app({
        status: 'AWAITING_SIGNATURE',
        requirements: { currentlyDue: ['signature'], errors: [] },
        agreement: { deadline: 'D' } as ApplicationDetail['agreement'],
      }),
      [],
      { kind: 'sign', dueAt: 'D' },
    ],
    [
      'a rejection that may be appealed',
      app({ status: 'REJECTED', canAppeal: true }),
      [],
      { kind: 'appeal' },
    ],
    ['a rejection already appealed', app({ status: 'REJECTED' }), [], { kind: 'rejected' }],
    ['admitted', app({ status: 'ADMITTED' }), [], { kind: 'admitted' }],
  ])('%s', (_name, a, missing, expected) => {
    expect(nextAction(a, missing)).toEqual(expected);
  });
});

describe('timeLeft', () => {
  const now = new Date('2026-12-04T10:00:00Z');
  it.each([
    ['2026-12-06T13:30:00Z', { overdue: false, days: 2, hours: 3, minutes: 30 }],
    ['2026-12-04T10:00:00Z', { overdue: false, days: 0, hours: 0, minutes: 0 }],
    ['2026-12-03T09:00:00Z', { overdue: true, days: 1, hours: 1, minutes: 0 }],
  ])('to %s', (due, expected) => {
    expect(timeLeft(due, now)).toEqual(expected);
  });
});
