import { describe, expect, it } from 'vitest';
import type { Outcome, Reason, Step } from '../../../lambdas/domain/model.js';
import {
  isReasonCode,
  REASON_CODES,
  REASONS,
  type ReasonCode,
  type ReasonVars,
  reason,
  uniqueReasons,
  verdictOf,
} from '../../../lambdas/domain/reasons.js';

// The SPEC table "Rules and reason codes", row by row.
const SPEC_TABLE: [ReasonCode, Step, Outcome][] = [
  ['DOCUMENT_MISSING', 'intake', 'reject'],
  ['DOCUMENT_UNREADABLE', 'intake', 'reject'],
  ['SKU_COUNT_OUT_OF_RANGE', 'intake', 'reject'],
  ['CATEGORY_PROHIBITED', 'intake', 'reject'],
  ['SAMPLE_SKUS_INVALID', 'intake', 'reject'],
  ['CATEGORY_LICENCE_MISSING', 'intake', 'reject'],
  ['LICENCE_USCC_INVALID', 'licence', 'reject'],
  ['LICENCE_NOT_ENTERPRISE', 'licence', 'reject'],
  ['LICENCE_MISMATCH', 'licence', 'reject'],
  ['LICENCE_NAME_MISMATCH', 'licence', 'flag'],
  ['LICENCE_TOO_YOUNG', 'licence', 'reject'],
  ['LICENCE_EXPIRED', 'licence', 'reject'],
  ['LICENCE_LOW_CONFIDENCE', 'licence', 'flag'],
  ['LEGAL_REP_ID_INVALID', 'legal_rep', 'reject'],
  ['LEGAL_REP_MISMATCH', 'legal_rep', 'flag'],
  ['LEGAL_REP_LOW_CONFIDENCE', 'legal_rep', 'flag'],
  ['TRADEMARK_EXPIRED', 'consistency', 'reject'],
  ['TRADEMARK_HOLDER_MISMATCH', 'consistency', 'flag'],
  ['ACCOUNT_NAME_MISMATCH', 'consistency', 'flag'],
  ['SERIOUS_VIOLATION_12M', 'violations', 'reject'],
  ['PERMANENTLY_BANNED', 'violations', 'reject'],
  ['MINOR_VIOLATIONS', 'violations', 'flag'],
  ['BANK_STATEMENTS_INCOMPLETE', 'capacity', 'reject'],
  ['CAPACITY_PROOF_MISMATCH', 'capacity', 'flag'],
  ['CAPACITY_BELOW_MINIMUM', 'capacity', 'reject'],
  ['CAPACITY_EVIDENCE_MISSING', 'capacity', 'reject'],
  ['CAPACITY_EVIDENCE_INCONSISTENT', 'capacity', 'reject'],
  ['CAPACITY_EVIDENCE_WEAK', 'capacity', 'flag'],
  ['ATTRIBUTES_MISSING', 'attributes', 'reject'],
  ['UN38_3_REPORT_MISSING', 'samples', 'reject'],
  ['SAMPLE_INSPECTION_FAILED', 'samples', 'reject'],
  ['SAMPLE_INSPECTION_OVERDUE', 'samples', 'flag'],
  ['AGREEMENT_DECLINED', 'agreement', 'reject'],
  ['AGREEMENT_EXPIRED', 'agreement', 'reject'],
  ['DOCUMENT_REUSED', 'integrity', 'flag'],
  ['DOCUMENT_EDITED', 'integrity', 'flag'],
  ['DOCUMENT_ARITHMETIC_INCONSISTENT', 'integrity', 'flag'],
  ['REVIEW_REJECTED', 'review', 'reject'],
];

// One set of variables per code, to build every message.
const SAMPLE_VARS: { [C in ReasonCode]: ReasonVars[C] } = {
  DOCUMENT_MISSING: { documentType: 'bank_statement', file: 'bank.pdf' },
  DOCUMENT_UNREADABLE: { documentType: 'business_licence', file: 'licence.pdf', problem: 'encrypted' },
  SKU_COUNT_OUT_OF_RANGE: { count: 201, max: 200 },
  CATEGORY_PROHIBITED: { category: 'drugs' },
  SAMPLE_SKUS_INVALID: {
    given: ['A', 'A'],
    expected: 3,
    declaredCount: 5,
    undeclared: [],
    duplicates: ['A'],
  },
  CATEGORY_LICENCE_MISSING: { category: 'food', documentType: 'food_licence' },
  LICENCE_USCC_INVALID: { file: 'licence.pdf', value: '91330782MA2B3C4D13', problem: 'check_character' },
  LICENCE_NOT_ENTERPRISE: { file: 'licence.pdf', value: '92330782MA2B3C4D1Y' },
  LICENCE_MISMATCH: { file: 'licence.pdf', read: '91350100M000100Y43', declared: '91330782MA2B3C4D12' },
  LICENCE_NAME_MISMATCH: { file: 'licence.pdf', read: '甲公司', declared: '乙公司' },
  LICENCE_TOO_YOUNG: {
    file: 'licence.pdf',
    establishedOn: '2025-11-21',
    latestAllowed: '2025-11-20',
    applicationDate: '2026-11-20',
  },
  LICENCE_EXPIRED: { file: 'licence.pdf', validUntil: '2026-11-19', applicationDate: '2026-11-20' },
  LICENCE_LOW_CONFIDENCE: {
    documentType: 'business_licence',
    file: 'licence.png',
    field: 'uscc',
    problem: 'absent',
  },
  LEGAL_REP_ID_INVALID: { file: 'id.png', value: '110105194912310021', problem: 'check_character' },
  LEGAL_REP_MISMATCH: { idFile: 'id.png', idName: '李四', licenceFile: 'licence.pdf', licenceName: '张三' },
  LEGAL_REP_LOW_CONFIDENCE: {
    documentType: 'legal_rep_id',
    file: 'id.png',
    field: 'idNumber',
    value: '110105194912310021',
    problem: 'check_failed',
  },
  TRADEMARK_EXPIRED: { file: 'tm.pdf', validUntil: '2026-01-01', applicationDate: '2026-11-20' },
  TRADEMARK_HOLDER_MISMATCH: { file: 'tm.pdf', holder: '丙公司', role: 'registrant', companyName: '甲公司' },
  ACCOUNT_NAME_MISMATCH: {
    documentType: 'bank_statement',
    file: 'bank.pdf',
    accountName: '丁',
    companyName: '甲公司',
  },
  SERIOUS_VIOLATION_12M: {
    from: '2025-11-20',
    applicationDate: '2026-11-20',
    months: 12,
    dates: ['2026-01-05'],
  },
  PERMANENTLY_BANNED: { count: 4, threshold: 4 },
  MINOR_VIOLATIONS: { from: '2025-11-20', applicationDate: '2026-11-20', months: 12, count: 2 },
  BANK_STATEMENTS_INCOMPLETE: { required: ['2026-05', '2026-10'], missing: ['2026-05'] },
  CAPACITY_PROOF_MISMATCH: { sku: 'H-001', declared: 6000, proven: 5000, files: ['capacity.pdf'] },
  CAPACITY_BELOW_MINIMUM: { sku: 'H-001', capacity: 4999, minimum: 5000, category: 'home' },
  CAPACITY_EVIDENCE_MISSING: { required: ['2026-05', '2026-10'], billed: ['2026-05'], minimumMonths: 3 },
  CAPACITY_EVIDENCE_INCONSISTENT: { ratio: '0.2', averageKwh: '1200', expectedKwh: '6000' },
  CAPACITY_EVIDENCE_WEAK: { ratio: '0.5', averageKwh: '3000', expectedKwh: '6000' },
  ATTRIBUTES_MISSING: { sku: 'H-001', attribute: 'materialComposition', problem: 'missing' },
  UN38_3_REPORT_MISSING: { sku: 'E-001' },
  SAMPLE_INSPECTION_FAILED: { sku: 'H-001', attempts: 3, findings: ['MANUAL_LANGUAGE_MISSING'] },
  SAMPLE_INSPECTION_OVERDUE: { skus: ['H-001'], workingDays: 7, dueAt: '2026-12-01T02:00:00.000Z' },
  AGREEMENT_DECLINED: {},
  AGREEMENT_EXPIRED: { days: 14, dueAt: '2026-12-04T00:00:00.000Z' },
  DOCUMENT_REUSED: { documentType: 'bank_statement', file: 'bank.pdf' },
  DOCUMENT_EDITED: { documentType: 'electricity_bill', file: 'power.pdf' },
  DOCUMENT_ARITHMETIC_INCONSISTENT: { documentType: 'electricity_bill', file: 'power.pdf' },
  REVIEW_REJECTED: { flaggedCode: 'LICENCE_NAME_MISMATCH', note: 'name differs' },
};

describe('REASONS', () => {
  it.each(SPEC_TABLE)('gives %s the step %s and outcome %s as in the SPEC table', (code, step, outcome) => {
    expect(REASONS[code]).toEqual({ step, outcome });
  });

  it('holds exactly the codes of the SPEC table', () => {
    expect([...REASON_CODES].sort()).toEqual(SPEC_TABLE.map(([c]) => c).sort());
  });

  it.each([
    ['LICENCE_MISMATCH', true],
    ['NOT_A_CODE', false],
    ['toString', false],
  ])('recognises %s as a code: %s', (code, expected) => {
    expect(isReasonCode(code)).toBe(expected);
  });
});

describe('reason', () => {
  it.each(REASON_CODES)('builds %s with its step, outcome and a zh and en message', (code) => {
    const built = reason(code, SAMPLE_VARS[code] as never);
    expect(built).toMatchObject({ code, ...REASONS[code] });
    expect(built.message.zh.length).toBeGreaterThan(10);
    expect(built.message.en.length).toBeGreaterThan(10);
    expect(built.message.en).not.toMatch(/undefined|null|\[object/);
    expect(built.message.zh).not.toMatch(/undefined|null|\[object/);
  });

  it('names the file, the value read and what to do when the USCC check character is wrong', () => {
    const built = reason('LICENCE_USCC_INVALID', SAMPLE_VARS.LICENCE_USCC_INVALID, {
      document: 'licence.pdf',
      field: 'uscc',
    });
    expect(built).toMatchObject({ document: 'licence.pdf', field: 'uscc' });
    expect(built.message.en).toBe(
      'The business licence (licence.pdf) shows USCC 91330782MA2B3C4D13, whose check character (the 18th) is wrong. Upload a clear copy of the licence or correct the code you declared.',
    );
    expect(built.message.zh).toContain('licence.pdf');
    expect(built.message.zh).toContain('91330782MA2B3C4D13');
  });

  it('masks the birth date of an ID number when it appears in a message', () => {
    const built = reason('LEGAL_REP_ID_INVALID', SAMPLE_VARS.LEGAL_REP_ID_INVALID);
    expect(built.message.en).toContain('110105********0021');
    expect(built.message.en).not.toContain('19491231');
  });

  it('leaves document and field out when no place is given', () => {
    const built = reason('PERMANENTLY_BANNED', { count: 5, threshold: 4 });
    expect(built).not.toHaveProperty('document');
    expect(built).not.toHaveProperty('field');
  });
});

describe('verdictOf', () => {
  const flag = reason('LICENCE_NAME_MISMATCH', SAMPLE_VARS.LICENCE_NAME_MISMATCH);
  const reject = reason('LICENCE_TOO_YOUNG', SAMPLE_VARS.LICENCE_TOO_YOUNG);
  it.each<[string, Reason[], string]>([
    ['no reason', [], 'passed'],
    ['a flag', [flag], 'flagged'],
    ['a flag and a reject', [flag, reject], 'rejected'],
    ['an approved flag', [{ ...flag, resolution: 'approved' }], 'passed'],
    ['a reject an appeal overrode', [{ ...reject, resolution: 'overridden_by_appeal' }, flag], 'flagged'],
    ['a reject whose appeal was dismissed', [{ ...reject, resolution: 'appeal_dismissed' }], 'rejected'],
  ])('says %s → %s', (_name, reasons, expected) => {
    expect(verdictOf(reasons)).toBe(expected);
  });
});

describe('uniqueReasons', () => {
  it('drops a repeated reason when code, place and message are the same', () => {
    const r = reason('PERMANENTLY_BANNED', { count: 5, threshold: 4 });
    const other = reason('PERMANENTLY_BANNED', { count: 6, threshold: 4 });
    expect(uniqueReasons([r, { ...r }, other])).toEqual([r, other]);
  });
});

describe('DOCUMENT_UNREADABLE message', () => {
  it('does not double the full stop when the detail ends in one', () => {
    const r = reason('DOCUMENT_UNREADABLE', {
      documentType: 'business_licence',
      file: 'empty.pdf',
      problem: 'empty',
      detail: {
        zh: '文件“empty.pdf”是空的。请重新上传。',
        en: 'The file "empty.pdf" is empty. Upload it again.',
      },
    });
    expect(r.message.en).toContain('Upload it again. Upload a clear');
    expect(r.message.zh).toContain('请重新上传。请重新上传清晰');
    expect(`${r.message.en}${r.message.zh}`).not.toMatch(/\.\.|。。/);
  });
});
