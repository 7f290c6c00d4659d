import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decideReview, postLabResult, signAgreement } from '../../lambdas/usecases/actions.js';
import { viewApplication } from '../../lambdas/usecases/view.js';
import type { Platform } from '../../local/platform.js';
import { admitSample, codes, statesEntered, testPlatform } from '../support/platform.js';

const APPROVE = {
  review: { outcome: 'approve' },
  labResults: {},
  signature: { accept: true, signerName: '张三' },
};

describe('admission flow over the emulators', () => {
  let platform: Platform;
  beforeAll(async () => {
    platform = await testPlatform();
  });
  afterAll(async () => {
    await platform.stop();
  });

  it('admits a complete application and activates its fee schedule', async () => {
    const { record } = await admitSample(platform, { applicationId: 'flow-admitted', decisions: APPROVE });
    expect(record.status).toBe('ADMITTED');
    if (record.status === 'ERROR') return;
    expect(record.reasons).toEqual([]);
    expect(record.feeSchedule).toEqual({
      commissionRate: '0.05',
      fulfilmentRate: '0.045',
      settlementTermDays: 15,
    });
    expect(record.capacity?.score).toBe(80);
    expect(record.extracted.licence?.registeredCapital).toBe(5_000_000);
    const states = statesEntered(platform, 'flow-admitted');
    for (const s of [
      'Route',
      'Intake',
      'ExtractDocuments',
      'ConfirmIntake',
      'RunChecks',
      'MergeChecks',
      'BookSamples',
      'AwaitLabResults',
      'EvaluateLabResults',
      'IssueAgreement',
      'AwaitSignature',
      'ApplySignature',
      'ActivateFeeSchedule',
      'RecordAdmission',
      'Admitted',
    ]) {
      expect(states, s).toContain(s);
    }
    expect(states).not.toContain('AwaitChecksReview');
  });

  it.each([
    ['DOCUMENT_MISSING', { trademark: { omit: true } }],
    ['SKU_COUNT_OUT_OF_RANGE', { skuCount: 0, sampleSkus: [] }],
    ['CATEGORY_PROHIBITED', { category: 'drugs' as const }],
    ['CATEGORY_LICENCE_MISSING', { category: 'food' as const, foodLicence: { omit: true } }],
    ['SAMPLE_SKUS_INVALID', { skuCount: 4, sampleSkus: ['H-001', 'H-001', 'H-002'] }],
    ['DOCUMENT_UNREADABLE', { licence: { form: 'empty' as const } }],
    ['DOCUMENT_UNREADABLE', { licence: { file: 'licence.pdf', form: 'png' as const } }],
    ['DOCUMENT_MISSING', { capacityProof: { missingFile: true } }],
  ])('rejects at intake with %s and runs nothing after it (%#)', async (code, spec) => {
    const applicationId = `flow-intake-${code.toLowerCase()}-${Math.random().toString(36).slice(2, 8)}`;
    const { record } = await admitSample(platform, { applicationId, decisions: APPROVE, ...spec } as never);
    expect(record.status).toBe('REJECTED');
    expect(codes(record).reject).toContain(code);
    const states = statesEntered(platform, applicationId);
    expect(states).not.toContain('RunChecks');
    expect(states.at(-1)).toBe('Rejected');
  });

  it('waits for a reviewer on a flag, and admits after approval', async () => {
    const spec = { company: { name: '义乌市佳家日用品（集团）有限公司' } };
    const waiting = await admitSample(platform, { applicationId: 'flow-flag-wait', ...spec });
    expect(waiting.record.status).toBe('AWAITING_REVIEW');
    expect(codes(waiting.record).flag).toEqual(['LICENCE_NAME_MISMATCH']);

    const { record } = await admitSample(platform, {
      applicationId: 'flow-flag-approved',
      ...spec,
      decisions: APPROVE,
    });
    expect(record.status).toBe('ADMITTED');
    if (record.status === 'ERROR') return;
    expect(record.reasons.find((r) => r.code === 'LICENCE_NAME_MISMATCH')?.resolution).toBe('approved');
    expect(statesEntered(platform, 'flow-flag-approved')).toContain('AwaitChecksReview');
  });

  it('rejects with REVIEW_REJECTED beside the flag when the reviewer rejects', async () => {
    const { record } = await admitSample(platform, {
      applicationId: 'flow-flag-rejected',
      company: { name: '义乌市佳家日用品（集团）有限公司' },
      decisions: { ...APPROVE, review: { outcome: 'reject', note: 'name does not match' } },
    });
    expect(record.status).toBe('REJECTED');
    expect(codes(record)).toEqual({ reject: ['REVIEW_REJECTED'], flag: ['LICENCE_NAME_MISMATCH'] });
  });

  it('rejects when one sample fails its 3 attempts, and admits when it passes on the 3rd', async () => {
    const fail = { passed: false, findings: ['MANUAL_LANGUAGE_MISSING'] };
    const failed = await admitSample(platform, {
      applicationId: 'flow-lab-failed',
      decisions: { ...APPROVE, labResults: { 'H-001': [fail, fail, fail] } },
    });
    expect(failed.record.status).toBe('REJECTED');
    expect(codes(failed.record).reject).toEqual(['SAMPLE_INSPECTION_FAILED']);

    const passed = await admitSample(platform, {
      applicationId: 'flow-lab-third',
      decisions: { ...APPROVE, labResults: { 'H-001': [fail, fail, { passed: true }] } },
    });
    expect(passed.record.status).toBe('ADMITTED');
    const bookings = await platform.container.applications.listBookings('flow-lab-third');
    expect(
      bookings
        .filter((b) => b.sku === 'H-001')
        .map((b) => b.attempt)
        .sort(),
    ).toEqual([1, 2, 3]);
  });

  it('flags results overdue after 7 China working days, and not at exactly 7', async () => {
    const late = await admitSample(platform, {
      applicationId: 'flow-lab-overdue',
      decisions: {
        labResults: { 'H-001': [{ passed: true, afterWorkingDays: 8 }] },
        signature: APPROVE.signature,
      },
    });
    expect(late.record.status).toBe('AWAITING_REVIEW');
    expect(codes(late.record).flag).toEqual(['SAMPLE_INSPECTION_OVERDUE']);
    expect(statesEntered(platform, 'flow-lab-overdue')).toContain('FlagLabOverdue');

    const approved = await admitSample(platform, {
      applicationId: 'flow-lab-overdue-approved',
      decisions: { ...APPROVE, labResults: { 'H-001': [{ passed: true, afterWorkingDays: 8 }] } },
    });
    expect(approved.record.status).toBe('ADMITTED');

    const onTime = await admitSample(platform, {
      applicationId: 'flow-lab-on-time',
      decisions: { ...APPROVE, labResults: { 'H-001': [{ passed: true, afterWorkingDays: 7 }] } },
    });
    expect(onTime.record.status).toBe('ADMITTED');
    expect(codes(onTime.record).flag).toEqual([]);
  });

  it('rejects a declined agreement and one not signed within 14 days', async () => {
    const declined = await admitSample(platform, {
      applicationId: 'flow-declined',
      decisions: { ...APPROVE, signature: { accept: false } },
    });
    expect(codes(declined.record).reject).toEqual(['AGREEMENT_DECLINED']);

    const expired = await admitSample(platform, {
      applicationId: 'flow-expired',
      decisions: { ...APPROVE, signature: { accept: true, afterDays: 15 } },
    });
    expect(expired.record.status).toBe('REJECTED');
    expect(codes(expired.record).reject).toEqual(['AGREEMENT_EXPIRED']);

    const lastDay = await admitSample(platform, {
      applicationId: 'flow-last-day',
      decisions: { ...APPROVE, signature: { accept: true, afterDays: 14 } },
    });
    expect(lastDay.record.status).toBe('ADMITTED');
  });

  it('goes on after an upheld appeal and stays rejected after a dismissed one', async () => {
    const young = { establishedOn: '2026-06-01' };
    const upheld = await admitSample(platform, {
      applicationId: 'flow-appeal-upheld',
      ...young,
      decisions: { ...APPROVE, appeal: { documents: [], outcome: 'uphold' } },
    });
    expect(upheld.record.status).toBe('ADMITTED');
    if (upheld.record.status === 'ERROR') return;
    expect(upheld.record.reasons.find((r) => r.code === 'LICENCE_TOO_YOUNG')?.resolution).toBe(
      'overridden_by_appeal',
    );

    const dismissed = await admitSample(platform, {
      applicationId: 'flow-appeal-dismissed',
      ...young,
      decisions: { ...APPROVE, appeal: { documents: [], outcome: 'dismiss' } },
    });
    expect(dismissed.record.status).toBe('REJECTED');
    expect(codes(dismissed.record).reject).toEqual(['LICENCE_TOO_YOUNG', 'REVIEW_REJECTED']);
    expect(statesEntered(platform, 'flow-appeal-dismissed')).toContain('AwaitAppealDecision');
    if (dismissed.record.status === 'ERROR') return;
    // The appealed reject stands, marked dismissed; the dismissal is the review's own reason.
    expect(dismissed.record.reasons.find((r) => r.code === 'LICENCE_TOO_YOUNG')?.resolution).toBe(
      'appeal_dismissed',
    );
    const dismissal = dismissed.record.reasons.filter((r) => r.code === 'REVIEW_REJECTED');
    expect(dismissal).toHaveLength(1);
    expect(dismissal[0]).toMatchObject({ step: 'review', outcome: 'reject' });
    expect(dismissal[0]?.resolution).toBeUndefined();
    expect(dismissal[0]?.message.en).toContain('dismissed your appeal against LICENCE_TOO_YOUNG');
    expect(dismissal[0]?.message.zh).toContain('驳回了您的申诉');
  });
});

describe('faults and restarts', () => {
  it('retries a transient error after the step took effect, with no duplicate booking', async () => {
    const platform = await testPlatform({
      faults: [{ state: 'BookSamples', transientFailures: 2, afterEffect: true }],
    });
    try {
      const { record } = await admitSample(platform, {
        applicationId: 'fault-book',
        skuCount: 3,
        decisions: APPROVE,
      });
      expect(record.status).toBe('ADMITTED');
      const bookings = await platform.container.applications.listBookings('fault-book');
      expect(bookings).toHaveLength(3);
      const history = [...platform.runtime.executions.values()].flatMap((e) => e.history);
      expect(history.filter((h) => h.type === 'StateRetried' && h.state === 'BookSamples')).toHaveLength(2);
    } finally {
      await platform.stop();
    }
  });

  it('raises REVIEW_REJECTED once when a dismissed appeal is applied again after it took effect', async () => {
    const platform = await testPlatform({
      faults: [{ state: 'ApplyAppeal', transientFailures: 1, afterEffect: true }],
    });
    try {
      const { record } = await admitSample(platform, {
        applicationId: 'fault-appeal-dismissed',
        establishedOn: '2026-06-01',
        decisions: { ...APPROVE, appeal: { documents: [], outcome: 'dismiss' } },
      });
      expect(record.status).toBe('REJECTED');
      if (record.status === 'ERROR') return;
      const history = [...platform.runtime.executions.values()].flatMap((e) => e.history);
      expect(history.filter((h) => h.type === 'StateRetried' && h.state === 'ApplyAppeal')).toHaveLength(1);
      expect(record.reasons.map((r) => `${r.code}:${r.resolution ?? '-'}`).sort()).toEqual([
        'LICENCE_TOO_YOUNG:appeal_dismissed',
        'REVIEW_REJECTED:-',
      ]);
    } finally {
      await platform.stop();
    }
  });

  it('tries a step again after it timed out, and waits out a slow one, deciding the same', async () => {
    const platform = await testPlatform({
      faults: [
        { state: 'BookSamples', timeouts: 1 },
        { state: 'IssueAgreement', timeouts: 1 },
        { state: 'CheckLicence', delayMs: 300 },
      ],
    });
    try {
      const { record } = await admitSample(platform, {
        applicationId: 'fault-timeout',
        skuCount: 3,
        decisions: APPROVE,
      });
      expect(record.status).toBe('ADMITTED');
      expect(await platform.container.applications.listBookings('fault-timeout')).toHaveLength(3);
      const history = [...platform.runtime.executions.values()].flatMap((e) => e.history);
      const retried = (state: string) =>
        history.filter((h) => h.type === 'StateRetried' && h.state === state);
      expect(retried('BookSamples')).toHaveLength(1);
      expect(retried('IssueAgreement')).toHaveLength(1);
    } finally {
      await platform.stop();
    }
  });

  it('fails a step that keeps timing out into StepFailed, leaving the application where it was', async () => {
    const platform = await testPlatform({ faults: [{ state: 'BookSamples', timeouts: 5 }] });
    try {
      const { record } = await admitSample(platform, {
        applicationId: 'fault-stuck',
        skuCount: 3,
        decisions: APPROVE,
      });
      expect(record).toMatchObject({ status: 'ERROR', error: { code: 'STEP_FAILED' } });
      expect(statesEntered(platform, 'fault-stuck')).toContain('StepFailed');
      // Nothing was booked twice while it kept failing; a re-drive later books once.
      expect((await platform.container.applications.listBookings('fault-stuck')).length).toBeLessThanOrEqual(
        3,
      );
    } finally {
      await platform.stop();
    }
  });

  it('loses nothing when restarted while waiting: re-driven, then finished once', async () => {
    const first = await testPlatform();
    const { record } = await admitSample(first, { applicationId: 'restart-lab', skuCount: 3 });
    expect(record.status).toBe('AWAITING_LAB_RESULTS');
    const second = await first.restart();
    try {
      const redriven = second.runtime.latest('restart-lab');
      expect(redriven?.name).toMatch(/redrive/);
      await second.runtime.settled(redriven?.name as string);
      const c = second.container;
      for (const sku of ['H-001', 'H-002', 'H-003']) {
        await postLabResult(c, 'restart-lab', { sku, passed: true });
        await second.runtime.settled(second.runtime.latest('restart-lab')?.name as string);
      }
      await signAgreement(c, 'restart-lab', { accept: true, signerName: '张三' });
      await second.runtime.settled(second.runtime.latest('restart-lab')?.name as string);
      expect((await viewApplication(c, 'restart-lab')).status).toBe('ADMITTED');
      expect(await c.applications.listBookings('restart-lab')).toHaveLength(3);
      const tasks = await c.applications.listTasks('restart-lab');
      expect(tasks.filter((t) => t.kind === 'signature')).toHaveLength(1);
      await expect(signAgreement(c, 'restart-lab', { accept: true })).rejects.toThrow(/not waiting/);
      await expect(decideReview(c, 'restart-lab', { outcome: 'approve' })).rejects.toThrow(/not waiting/);
    } finally {
      await second.stop();
    }
  });
});
