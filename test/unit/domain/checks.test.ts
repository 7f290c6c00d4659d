import { describe, expect, it } from 'vitest';
import type { Extraction } from '../../../lambdas/domain/model.js';
import { evaluateChecks } from '../../../lambdas/domain/rules/checks.js';
import type { Violation } from '../../../lambdas/domain/rules/violations.js';
import {
  application,
  bankFields,
  codes,
  electricityFields,
  extractions,
  field,
  idFields,
  licenceFields,
  read,
  settings,
  sku,
  USCC,
  WINDOW,
} from './factories.js';

const replace = (type: Extraction['type'], next: Extraction): Extraction[] =>
  extractions().map((e) => (e.type === type ? next : e));

describe('evaluateChecks', () => {
  it('passes with a score of 100 and the licence summary when everything agrees', () => {
    const result = evaluateChecks({
      app: application(),
      extractions: extractions(),
      violations: [],
      settings: settings(),
    });
    expect(result).toEqual({
      reasons: [],
      capacity: { score: 100, ratio: '1', electricityMonths: WINDOW, bankMonths: WINDOW },
      licence: {
        companyName: '义乌市某某日用品有限公司',
        uscc: USCC,
        legalRepresentative: '张三',
        establishedOn: '2019-01-01',
        validUntil: null,
        registeredCapital: 5_000_000,
      },
    });
  });

  it('reports every rule that matches, flags beside rejects, when many fail', () => {
    const violations: Violation[] = [{ uscc: USCC, date: '2026-03-01', severity: 'minor' }];
    const ex = [
      read(
        'business_licence',
        'licence.pdf',
        licenceFields({ establishedOn: field('2026-01-01'), companyName: field('别的公司') }),
      ),
      read('legal_rep_id', 'id.png', idFields({ name: field('李四') })),
      read('trademark', 'trademark.pdf', { registrant: field('别的公司'), validUntil: field('2026-01-01') }),
      read('bank_statement', 'bank.pdf', bankFields(WINDOW.slice(1))),
      read('capacity_proof', 'capacity.pdf', { rows: [] }),
      read(
        'electricity_bill',
        'power.pdf',
        electricityFields({ '2026-05': 3000, '2026-06': 3000, '2026-07': 3000 }),
      ),
    ];
    const app = application({ skus: [sku({ attributes: {} })] });
    const result = evaluateChecks({ app, extractions: ex, violations, settings: settings() });
    expect(codes(result.reasons)).toEqual([
      'LICENCE_NAME_MISMATCH',
      'LICENCE_TOO_YOUNG',
      'LEGAL_REP_MISMATCH',
      'TRADEMARK_EXPIRED',
      'ACCOUNT_NAME_MISMATCH',
      'ACCOUNT_NAME_MISMATCH',
      'MINOR_VIOLATIONS',
      'BANK_STATEMENTS_INCOMPLETE',
      'CAPACITY_PROOF_MISMATCH',
      'CAPACITY_EVIDENCE_WEAK',
      'ATTRIBUTES_MISSING',
      'ATTRIBUTES_MISSING',
      'ATTRIBUTES_MISSING',
    ]);
    expect(result.capacity).toMatchObject({ score: 50, ratio: '0.5' });
  });

  it('flags the unreadable licence name once when both the licence and consistency rules need it', () => {
    const ex = replace(
      'business_licence',
      read('business_licence', 'licence.pdf', licenceFields({ companyName: undefined })),
    );
    const result = evaluateChecks({
      app: application(),
      extractions: ex,
      violations: [],
      settings: settings(),
    });
    expect(codes(result.reasons)).toEqual(['LICENCE_LOW_CONFIDENCE']);
  });

  it('flags every licence and ID field and rejects the capacity evidence when nothing was read', () => {
    const result = evaluateChecks({
      app: application(),
      extractions: [],
      violations: [],
      settings: settings(),
    });
    expect(new Set(codes(result.reasons))).toEqual(
      new Set([
        'LICENCE_LOW_CONFIDENCE',
        'LEGAL_REP_LOW_CONFIDENCE',
        'BANK_STATEMENTS_INCOMPLETE',
        'CAPACITY_PROOF_MISMATCH',
        'CAPACITY_EVIDENCE_MISSING',
      ]),
    );
    expect(result.reasons.find((r) => r.code === 'LICENCE_LOW_CONFIDENCE')?.document).toBe('licence.pdf');
    expect(result.capacity.score).toBe(0);
  });

  it('ignores a failed extraction when it is among the extractions', () => {
    const failed: Extraction = {
      ok: false,
      type: 'trademark',
      file: 'trademark.pdf',
      code: 'DOCUMENT_UNREADABLE',
      problem: 'corrupt',
      message: { zh: '损坏', en: 'corrupt' },
    };
    const result = evaluateChecks({
      app: application(),
      extractions: replace('trademark', failed),
      violations: [],
      settings: settings(),
    });
    expect(result.reasons).toEqual([]);
  });

  it('finds the violations of the code on the licence when the seller declared another code', () => {
    const other = '91330782MA2B3C4D12';
    const app = application({ seller: { companyName: '义乌市某某日用品有限公司', uscc: other } });
    const violations: Violation[] = [{ uscc: USCC, date: '2026-06-01', severity: 'serious' }];
    const result = evaluateChecks({ app, extractions: extractions(), violations, settings: settings() });
    expect(codes(result.reasons)).toEqual(['LICENCE_MISMATCH', 'SERIOUS_VIOLATION_12M']);
  });

  it('reports the UN38.3 check with the others when a battery sample lacks its report', () => {
    const app = application({ skus: [sku({ hasBattery: true })] });
    const result = evaluateChecks({ app, extractions: extractions(), violations: [], settings: settings() });
    expect(codes(result.reasons)).toEqual(['UN38_3_REPORT_MISSING']);
  });
});
