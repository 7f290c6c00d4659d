import { describe, expect, it } from 'vitest';
import type { FieldsByType } from '../../../lambdas/domain/model.js';
import { type ConsistencyDocuments, consistencyRules } from '../../../lambdas/domain/rules/consistency.js';
import {
  application,
  bankFields,
  COMPANY,
  codes,
  electricityFields,
  field,
  licenceFields,
  settings,
  trademarkFields,
} from './factories.js';

function docs(overrides: Partial<ConsistencyDocuments> = {}): ConsistencyDocuments {
  return {
    licence: { file: 'licence.pdf', fields: licenceFields() },
    trademarks: [{ file: 'trademark.pdf', fields: trademarkFields() }],
    bankStatements: [{ file: 'bank.pdf', fields: bankFields() }],
    electricityBills: [{ file: 'power.pdf', fields: electricityFields() }],
    ...overrides,
  };
}
const tm = (fields: Partial<FieldsByType['trademark']>) => ({
  trademarks: [{ file: 'trademark.pdf', fields: trademarkFields(fields) }],
});

describe('consistencyRules', () => {
  it('reports nothing when every document agrees with the licence', () => {
    expect(consistencyRules(application(), docs(), settings())).toEqual([]);
  });

  it.each([
    ['2030-06-30', []],
    ['2026-11-20', []],
    ['2026-11-19', ['TRADEMARK_EXPIRED']],
  ])('checks the trademark when it is valid until %s', (validUntil, expected) => {
    expect(
      codes(consistencyRules(application(), docs(tm({ validUntil: field(validUntil) })), settings())),
    ).toEqual(expected);
  });

  it.each<[string, Partial<FieldsByType['trademark']>, string[]]>([
    ['the registrant is the company', {}, []],
    [
      'the registrant is another company',
      { registrant: field('某某品牌管理有限公司') },
      ['TRADEMARK_HOLDER_MISMATCH'],
    ],
    [
      'an authorization names the company',
      { registrant: field('某某品牌管理有限公司'), authorizedParty: field(COMPANY) },
      [],
    ],
    [
      'an authorization names another party',
      { registrant: field('某某品牌管理有限公司'), authorizedParty: field('别的公司') },
      ['TRADEMARK_HOLDER_MISMATCH'],
    ],
  ])('compares the holder when %s', (_name, fields, expected) => {
    expect(codes(consistencyRules(application(), docs(tm(fields)), settings()))).toEqual(expected);
  });

  it('compares the holder with the name read from the licence, not the declared one', () => {
    const app = application({ seller: { companyName: '申报的别名公司', uscc: '91350100M000100Y43' } });
    expect(consistencyRules(app, docs(), settings())).toEqual([]);
  });

  it('says which party differs when an authorization names another party', () => {
    const reasons = consistencyRules(
      application(),
      docs(tm({ authorizedParty: field('别的公司') })),
      settings(),
    );
    expect(reasons[0]).toMatchObject({ document: 'trademark.pdf', field: 'authorizedParty' });
    expect(reasons[0]?.message.en).toContain('authorized party "别的公司"');
  });

  it.each<[string, Partial<ConsistencyDocuments>, string]>([
    [
      'a bank statement',
      { bankStatements: [{ file: 'bank.pdf', fields: bankFields(undefined, '张三') }] },
      'bank.pdf',
    ],
    [
      'an electricity bill',
      { electricityBills: [{ file: 'power.pdf', fields: electricityFields(undefined, '某某物业公司') }] },
      'power.pdf',
    ],
  ])('flags ACCOUNT_NAME_MISMATCH naming the file when %s is in another name', (_name, override, file) => {
    const reasons = consistencyRules(application(), docs(override), settings());
    expect(codes(reasons)).toEqual(['ACCOUNT_NAME_MISMATCH']);
    expect(reasons[0]).toMatchObject({ document: file, outcome: 'flag' });
  });

  it('flags ACCOUNT_NAME_MISMATCH for each document when two accounts differ', () => {
    const bankStatements = [
      { file: 'bank-1.pdf', fields: bankFields(undefined, '张三') },
      { file: 'bank-2.pdf', fields: bankFields(undefined, '李四') },
    ];
    expect(codes(consistencyRules(application(), docs({ bankStatements }), settings()))).toEqual([
      'ACCOUNT_NAME_MISMATCH',
      'ACCOUNT_NAME_MISMATCH',
    ]);
  });

  it('flags ACCOUNT_NAME_MISMATCH saying it could not be read when the account name is unconfident', () => {
    const fields = { ...bankFields(), accountName: field(COMPANY, { confidence: 0.3 }) };
    const reasons = consistencyRules(
      application(),
      docs({ bankStatements: [{ file: 'bank.pdf', fields }] }),
      settings(),
    );
    expect(codes(reasons)).toEqual(['ACCOUNT_NAME_MISMATCH']);
    expect(reasons[0]?.message.en).toContain('could not be read with confidence');
  });

  it('flags the licence name once and compares nothing when the licence name is unreadable', () => {
    const licence = { file: 'licence.pdf', fields: licenceFields({ companyName: undefined }) };
    const reasons = consistencyRules(
      application(),
      docs({ licence, bankStatements: [{ file: 'bank.pdf', fields: bankFields(undefined, '张三') }] }),
      settings(),
    );
    expect(codes(reasons)).toEqual(['LICENCE_LOW_CONFIDENCE']);
    expect(reasons[0]).toMatchObject({ document: 'licence.pdf', field: 'companyName' });
  });

  it.each<[string, Partial<FieldsByType['trademark']>, string]>([
    ['an unconfident expiry', { validUntil: field('2020-01-01', { confidence: 0.5 }) }, 'validUntil'],
    ['no registrant', { registrant: undefined }, 'registrant'],
  ])(
    'flags LICENCE_LOW_CONFIDENCE on the trademark instead of deciding when given %s',
    (_name, fields, fieldName) => {
      const reasons = consistencyRules(application(), docs(tm(fields)), settings());
      expect(reasons).toHaveLength(1);
      expect(reasons[0]).toMatchObject({
        code: 'LICENCE_LOW_CONFIDENCE',
        document: 'trademark.pdf',
        field: fieldName,
      });
    },
  );
});
