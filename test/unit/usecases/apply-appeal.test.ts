import { describe, expect, it } from 'vitest';
import type { Container } from '../../../lambdas/adapters/container.js';
import { reason } from '../../../lambdas/domain/reasons.js';
import type {
  ApplicationRecord,
  ApplicationRepository,
  HumanTask,
  StoredReason,
} from '../../../lambdas/ports/repository.js';
import { toStored } from '../../../lambdas/usecases/common.js';
import { applyAppeal } from '../../../lambdas/usecases/decisions.js';

const AT = '2026-11-20T01:00:00.000Z';

/**
 * The few repository calls applyAppeal makes, in memory, with the store's semantics: a reason
 * raised again keeps its first record (the conditional put of the DynamoDB adapter).
 */
function store(rejects: StoredReason[], decision: Record<string, unknown>) {
  const reasons = new Map(rejects.map((r) => [r.key, { ...r }]));
  let record: ApplicationRecord = {
    application: {} as ApplicationRecord['application'],
    status: 'AWAITING_REVIEW',
    createdAt: AT,
    updatedAt: AT,
    rejection: { failedStep: 'checks', seq: 1, at: AT, appealed: true },
  };
  const task: HumanTask = { kind: 'appeal', round: 1, token: 't', status: 'DONE', openedAt: AT, decision };
  const applications = {
    get: async () => record,
    listTasks: async () => [task],
    markTaskConsumed: async () => {
      task.consumed = true;
    },
    listReasons: async () => [...reasons.values()].map((r) => ({ ...r })),
    raiseReasons: async (_id: string, raised: StoredReason[]) => {
      for (const r of raised) if (!reasons.has(r.key)) reasons.set(r.key, { ...r });
    },
    resolveReasons: async (_id: string, keys: string[], resolution: StoredReason['resolution']) => {
      for (const key of keys) {
        const r = reasons.get(key);
        if (!r) throw new Error(`no reason ${key}`);
        r.resolution = resolution;
      }
    },
    setStatus: async (_id: string, status: ApplicationRecord['status'], patch = {}) => {
      record = { ...record, status, ...patch };
    },
  } as unknown as ApplicationRepository;
  const c = { applications, clock: { now: () => new Date(AT) } } as unknown as Container;
  return { c, reasons: () => [...reasons.values()], status: () => record.status };
}

const tooYoung = toStored(
  [
    reason('LICENCE_TOO_YOUNG', {
      file: 'licence.pdf',
      establishedOn: '2026-06-01',
      latestAllowed: '2025-11-20',
      applicationDate: '2026-11-20',
    }),
  ],
  AT,
);

/** code → resolution (or '-' when none), sorted by code. */
const outcomeOf = (reasons: StoredReason[]) =>
  reasons.map((r) => `${r.code}:${r.step}:${r.resolution ?? '-'}`).sort();

describe('applyAppeal', () => {
  it.each([
    {
      name: 'an upheld appeal overrides the rejects and raises nothing',
      decision: { outcome: 'uphold' },
      runs: 1,
      outcome: 'uphold',
      status: 'IN_PROGRESS',
      reasons: ['LICENCE_TOO_YOUNG:licence:overridden_by_appeal'],
    },
    {
      name: 'a dismissed appeal keeps the rejects as appeal_dismissed and raises REVIEW_REJECTED',
      decision: { outcome: 'dismiss', note: 'licence is too recent' },
      runs: 1,
      outcome: 'dismiss',
      status: 'REJECTED',
      reasons: ['LICENCE_TOO_YOUNG:licence:appeal_dismissed', 'REVIEW_REJECTED:review:-'],
    },
    {
      name: 'a dismissed appeal re-driven raises REVIEW_REJECTED once and leaves it unresolved',
      decision: { outcome: 'dismiss' },
      runs: 2,
      outcome: 'dismiss',
      status: 'REJECTED',
      reasons: ['LICENCE_TOO_YOUNG:licence:appeal_dismissed', 'REVIEW_REJECTED:review:-'],
    },
  ])('$name', async ({ decision, runs, outcome, status, reasons: expected }) => {
    const s = store(tooYoung, decision);
    let result: Awaited<ReturnType<typeof applyAppeal>> | undefined;
    for (let i = 0; i < runs; i++) result = await applyAppeal(s.c, 'app-1');
    expect(result?.outcome).toBe(outcome);
    expect(s.status()).toBe(status);
    expect(outcomeOf(s.reasons())).toEqual(expected);
  });

  it('says in both languages that the appeal against the rejection was dismissed and what to do', async () => {
    const s = store(tooYoung, { outcome: 'dismiss', note: 'licence is too recent' });
    await applyAppeal(s.c, 'app-1');
    const dismissal = s.reasons().find((r) => r.code === 'REVIEW_REJECTED');
    expect(dismissal).toMatchObject({ step: 'review', outcome: 'reject' });
    expect(dismissal?.key).toContain('appeal#1');
    expect(dismissal?.message.en).toBe(
      "A reviewer dismissed your appeal against LICENCE_TOO_YOUNG, so this application has ended. Reviewer's note: licence is too recent. Each rejection can be appealed once; fix the issue and apply again.",
    );
    expect(dismissal?.message.zh).toContain('驳回了您的申诉');
    expect(dismissal?.message.zh).toContain('LICENCE_TOO_YOUNG');
    expect(dismissal?.message.zh).toContain('重新申请');
  });

  it('names the appealed rejects when re-driven after they were marked but before it was raised', async () => {
    // A crash between the two writes: the rejects already say appeal_dismissed, nothing was raised.
    const s = store(
      tooYoung.map((r) => ({ ...r, resolution: 'appeal_dismissed' as const })),
      { outcome: 'dismiss' },
    );
    await applyAppeal(s.c, 'app-1');
    const dismissal = s.reasons().find((r) => r.code === 'REVIEW_REJECTED');
    expect(dismissal?.message.en).toContain('against LICENCE_TOO_YOUNG');
    expect(outcomeOf(s.reasons())).toEqual([
      'LICENCE_TOO_YOUNG:licence:appeal_dismissed',
      'REVIEW_REJECTED:review:-',
    ]);
  });
});
