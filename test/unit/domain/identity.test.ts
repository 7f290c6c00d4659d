import { describe, expect, it } from 'vitest';
import type { IdCardFields, LicenceFields } from '../../../lambdas/domain/model.js';
import { identityRules } from '../../../lambdas/domain/rules/identity.js';
import { codes, field, idFields, licenceFields, settings } from './factories.js';

const run = (id: Partial<IdCardFields>, licence: Partial<LicenceFields> = {}) =>
  identityRules(
    { file: 'id.png', fields: idFields(id) },
    { file: 'licence.pdf', fields: licenceFields(licence) },
    settings(),
  );

describe('identityRules', () => {
  it.each<[string, string, 'text' | 'ocr', string[]]>([
    ['a valid number ending in X', '11010519491231002X', 'text', []],
    ['another valid number ending in X', '33010219900101120X', 'text', []],
    ['a valid number ending in a digit', '110101199003071233', 'text', []],
    ['a lower-case x', '11010519491231002x', 'text', []],
    ['full-width digits', '１１０１０５１９４９１２３１００２Ｘ', 'text', []],
    ['a wrong check digit', '110105194912310021', 'text', ['LEGAL_REP_ID_INVALID']],
    ['another wrong check digit', '110101199003071230', 'text', ['LEGAL_REP_ID_INVALID']],
    ['15 digits', '110105491231002', 'text', ['LEGAL_REP_ID_INVALID']],
    ['a letter inside', '1101051949A231002X', 'text', ['LEGAL_REP_ID_INVALID']],
    ['a wrong check digit read by OCR', '110105194912310021', 'ocr', ['LEGAL_REP_LOW_CONFIDENCE']],
  ])('decides on the ID number when given %s (%s)', (_name, value, method, expected) => {
    expect(codes(run({ idNumber: field(value, { method }) }))).toEqual(expected);
  });

  it.each([
    ['the same name', '张三', []],
    ['the name with a space', '张 三', []],
    ['another name', '李四', ['LEGAL_REP_MISMATCH']],
  ])(
    'compares the ID name with the licence legal representative when the ID shows %s',
    (_name, name, expected) => {
      expect(codes(run({ name: field(name) }))).toEqual(expected);
    },
  );

  it.each<[string, Partial<IdCardFields>, Partial<LicenceFields>, string, string]>([
    [
      'an unconfident ID number',
      { idNumber: field('110105194912310021', { confidence: 0.5 }) },
      {},
      'id.png',
      'idNumber',
    ],
    ['no ID name', { name: undefined }, {}, 'id.png', 'name'],
    [
      'no legal representative on the licence',
      {},
      { legalRepresentative: undefined },
      'licence.pdf',
      'legalRepresentative',
    ],
  ])('flags LEGAL_REP_LOW_CONFIDENCE when given %s', (_name, id, licence, document, fieldName) => {
    const reasons = run(id, licence);
    expect(reasons).toHaveLength(1);
    expect(reasons[0]).toMatchObject({
      code: 'LEGAL_REP_LOW_CONFIDENCE',
      outcome: 'flag',
      document,
      field: fieldName,
    });
  });

  it('reports the invalid number and the name mismatch together when both fail', () => {
    const reasons = run({ idNumber: field('110105194912310021'), name: field('李四') });
    expect(codes(reasons)).toEqual(['LEGAL_REP_ID_INVALID', 'LEGAL_REP_MISMATCH']);
  });
});
