import { describe, expect, it } from 'vitest';
import type { DeclaredDocument } from '../../../lambdas/domain/model.js';
import {
  isLabOverdue,
  labOutcome,
  labResultsDueAt,
  un38_3Rules,
} from '../../../lambdas/domain/rules/samples.js';
import { application, settings, sku } from './factories.js';

const F = { passed: false };
const T = { passed: true };

describe('labOutcome', () => {
  it.each([
    ['no attempt', [], 'pending'],
    ['1 failure', [F], 'pending'],
    ['2 failures', [F, F], 'pending'],
    ['3 failures', [F, F, F], 'failed'],
    ['a pass on the first attempt', [T], 'passed'],
    ['a pass on the 3rd attempt', [F, F, T], 'passed'],
    ['a pass after 3 failures', [F, F, F, T], 'failed'],
  ] as const)('gives %s → %s with at most 3 attempts', (_name, attempts, expected) => {
    expect(labOutcome([...attempts], settings().lab.maxAttempts)).toBe(expected);
  });
});

describe('un38_3Rules', () => {
  const battery = (documents: DeclaredDocument[] = []) => sku({ sku: 'E-1', hasBattery: true, documents });

  it.each<[string, DeclaredDocument[], string[]]>([
    ['no UN38.3 report', [], ['UN38_3_REPORT_MISSING']],
    ['only an SDS', [{ type: 'sds', file: 's.pdf' }], ['UN38_3_REPORT_MISSING']],
    ['a UN38.3 report', [{ type: 'un38_3', file: 'u.pdf' }], []],
  ])('checks a sample SKU with a battery when it has %s', (_name, documents, expected) => {
    const app = application({ skus: [battery(documents)], sampleSkus: ['E-1'] });
    expect(un38_3Rules(app).map((r) => r.code)).toEqual(expected);
  });

  it('skips a SKU with a battery when it is not a sample', () => {
    const app = application({ skus: [sku(), battery()], sampleSkus: ['H-001', 'E-1'].slice(0, 1) });
    expect(un38_3Rules(app)).toEqual([]);
  });

  it('accepts a report listed at application level when it carries the SKU id', () => {
    const app = application({
      skus: [battery()],
      sampleSkus: ['E-1'],
      documents: [{ type: 'un38_3', file: 'u.pdf', skuId: 'E-1' }],
    });
    expect(un38_3Rules(app)).toEqual([]);
  });

  it('names the SKU once when it is listed twice as a sample', () => {
    const app = application({ skus: [battery()], sampleSkus: ['E-1', 'E-1'] });
    const reasons = un38_3Rules(app);
    expect(reasons).toHaveLength(1);
    expect(reasons[0]?.message.en).toContain('E-1');
  });
});

describe('labResultsDueAt', () => {
  it('gives 7 China working days after booking over National Day when booked on 30 September', () => {
    // 10-08, 10-09, 10-10 (Saturday make-up), 10-12, 10-13, 10-14, 10-15.
    expect(labResultsDueAt('2026-09-30T02:00:00.000Z', settings())).toBe('2026-10-15T02:00:00.000Z');
  });

  it.each([
    ['2026-10-15T02:00:00.000Z', false],
    ['2026-10-15T02:00:00.001Z', true],
  ])('says results are overdue at %s: %s', (now, expected) => {
    expect(isLabOverdue('2026-09-30T02:00:00.000Z', now, settings())).toBe(expected);
  });
});
