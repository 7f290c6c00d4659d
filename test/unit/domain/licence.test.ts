import { describe, expect, it } from 'vitest';
import type { LicenceFields } from '../../../lambdas/domain/model.js';
import { licenceRules, readUscc, summariseLicence } from '../../../lambdas/domain/rules/licence.js';
import { application, COMPANY, codes, field, licenceFields, settings, USCC } from './factories.js';

const run = (fields: Partial<LicenceFields>, app = application()) =>
  licenceRules(app, { file: 'licence.pdf', fields: licenceFields(fields) }, settings());

describe('licenceRules', () => {
  it('reports nothing when the licence agrees with the declaration', () => {
    expect(run({})).toEqual([]);
  });

  describe('USCC', () => {
    it.each<[string, string, 'text' | 'ocr', string[]]>([
      ['a valid code', USCC, 'text', []],
      ['another valid code', '91330782MA2B3C4D12', 'text', []],
      ['a wrong 18th character', '91350100M000100Y44', 'text', ['LICENCE_USCC_INVALID']],
      ['a wrong organisation check character', '91310000123456780A', 'text', ['LICENCE_USCC_INVALID']],
      ['17 characters', '91350100M000100Y4', 'text', ['LICENCE_USCC_INVALID']],
      ['a letter a USCC cannot hold', '91350100M000100YI3', 'text', ['LICENCE_USCC_INVALID']],
      ['O read for 0 by OCR', '91350100MOOO1OOY43', 'ocr', []],
      ['I and S read for 1 and 5 by OCR', '9I3SO1OOMOOO1OOY43', 'ocr', []],
      ['a wrong check character from OCR', '91350100M000100Y44', 'ocr', ['LICENCE_LOW_CONFIDENCE']],
      ['O read for 0 from a text layer', '91350100MOOO1OOY43', 'text', ['LICENCE_USCC_INVALID']],
    ])('decides on %s (%s, %s)', (_name, value, method, expected) => {
      // The seller declares what is printed: the code itself, not the OCR misreading.
      const app = application({ seller: { companyName: COMPANY, uscc: method === 'ocr' ? USCC : value } });
      expect(codes(run({ uscc: field(value, { method }) }, app))).toEqual(expected);
    });

    it('rejects LICENCE_NOT_ENTERPRISE when a valid code starts with 92', () => {
      const code = '92330782MA2B3C4D1Y';
      const reasons = run(
        { uscc: field(code) },
        application({ seller: { companyName: COMPANY, uscc: code } }),
      );
      expect(codes(reasons)).toEqual(['LICENCE_NOT_ENTERPRISE']);
    });

    it('rejects LICENCE_MISMATCH naming both codes when the declared code differs', () => {
      const app = application({ seller: { companyName: COMPANY, uscc: '91330782MA2B3C4D12' } });
      const reasons = run({}, app);
      expect(codes(reasons)).toEqual(['LICENCE_MISMATCH']);
      expect(reasons[0]?.message.en).toContain('91330782MA2B3C4D12');
      expect(reasons[0]?.message.en).toContain(USCC);
    });

    it('matches the declared code when it is written in lower case with spaces', () => {
      const app = application({ seller: { companyName: COMPANY, uscc: ' 91350100m000100y43 ' } });
      expect(run({}, app)).toEqual([]);
    });

    it('reports both the invalid code and the mismatch when a text-layer code is wrong and differs', () => {
      expect(codes(run({ uscc: field('91350100M000100Y44') }))).toEqual([
        'LICENCE_USCC_INVALID',
        'LICENCE_MISMATCH',
      ]);
    });

    it('flags instead of comparing when an OCR code fails its check after the repair', () => {
      const reasons = run({ uscc: field('91350100M000100Y44', { method: 'ocr' }) });
      expect(codes(reasons)).toEqual(['LICENCE_LOW_CONFIDENCE']);
      expect(reasons[0]).toMatchObject({ document: 'licence.pdf', field: 'uscc', outcome: 'flag' });
    });
  });

  it.each([
    [COMPANY, COMPANY, []],
    ['杭州某某（集团）有限公司', '杭州某某(集团) 有限公司', []],
    ['ＡＣＭＥ Trading Co., Ltd.', 'ACME Trading Co.,Ltd.', []],
    [COMPANY, '义乌市某某百货有限公司', ['LICENCE_NAME_MISMATCH']],
  ])('compares the declared name %j with the licence name %j', (declared, read, expected) => {
    const app = application({ seller: { companyName: declared, uscc: USCC } });
    expect(codes(run({ companyName: field(read) }, app))).toEqual(expected);
  });

  it.each([
    ['2026-11-20', '2025-11-20', []],
    ['2026-11-20', '2025-11-21', ['LICENCE_TOO_YOUNG']],
    ['2026-11-20', '2026-11-20', ['LICENCE_TOO_YOUNG']],
    ['2026-11-20', '2019-01-01', []],
    ['2025-02-28', '2024-02-29', ['LICENCE_TOO_YOUNG']],
    ['2025-02-28', '2024-02-28', []],
    ['2028-02-29', '2027-02-28', []],
    ['2028-02-29', '2027-03-01', ['LICENCE_TOO_YOUNG']],
  ])(
    'checks the age when applying on %s for a company established %s',
    (applicationDate, establishedOn, expected) => {
      expect(codes(run({ establishedOn: field(establishedOn) }, application({ applicationDate })))).toEqual(
        expected,
      );
    },
  );

  it.each<[string | null, string[]]>([
    [null, []],
    ['2039-12-31', []],
    ['2026-11-20', []],
    ['2026-11-19', ['LICENCE_EXPIRED']],
  ])('checks the business term when it ends %s', (validUntil, expected) => {
    expect(codes(run({ validUntil: field(validUntil) }))).toEqual(expected);
  });

  it.each<[string, Partial<LicenceFields>, string]>([
    ['an unconfident company name', { companyName: field('别的公司', { confidence: 0.79 }) }, 'companyName'],
    ['no establishment date', { establishedOn: undefined }, 'establishedOn'],
    ['an establishment date that is not a date', { establishedOn: field('2019-02-30') }, 'establishedOn'],
    [
      'an unconfident establishment date',
      { establishedOn: field('2026-01-01', { confidence: 0.5 }) },
      'establishedOn',
    ],
    ['no business term', { validUntil: undefined }, 'validUntil'],
    [
      'an unconfident business term',
      { validUntil: field<string | null>('2020-01-01', { confidence: 0.6 }) },
      'validUntil',
    ],
    ['an unconfident code', { uscc: field('91350100M000100Y44', { confidence: 0.7 }) }, 'uscc'],
    ['no code', { uscc: undefined }, 'uscc'],
  ])('flags LICENCE_LOW_CONFIDENCE instead of deciding when given %s', (_name, fields, fieldName) => {
    const reasons = run(fields);
    expect(reasons).toHaveLength(1);
    expect(reasons[0]).toMatchObject({ code: 'LICENCE_LOW_CONFIDENCE', outcome: 'flag', field: fieldName });
  });

  it('decides when the confidence is exactly the floor', () => {
    expect(codes(run({ companyName: field('别的公司', { confidence: 0.8 }) }))).toEqual([
      'LICENCE_NAME_MISMATCH',
    ]);
  });

  it('reports every rule that matches, flags beside rejects, when several fail', () => {
    const reasons = run({
      companyName: field('别的公司'),
      establishedOn: field('2026-06-01'),
      validUntil: field<string | null>('2026-10-01'),
      uscc: field('92330782MA2B3C4D1Y'),
    });
    expect(codes(reasons)).toEqual([
      'LICENCE_NOT_ENTERPRISE',
      'LICENCE_MISMATCH',
      'LICENCE_NAME_MISMATCH',
      'LICENCE_TOO_YOUNG',
      'LICENCE_EXPIRED',
    ]);
  });
});

describe('readUscc', () => {
  it.each([
    ['９１３５０１００Ｍ０００１００Ｙ４３', 'text', { status: 'valid', value: USCC }],
    ['91350100M000100Y44', 'ocr', { status: 'unverified', value: '91350100M000100Y44' }],
    [
      '91350100M000100Y44',
      'text',
      { status: 'invalid', value: '91350100M000100Y44', problem: 'check_character' },
    ],
  ] as const)('reads %s from %s as %j', (value, method, expected) => {
    expect(readUscc(field(value, { method }), 0.8)).toEqual(expected);
  });
});

describe('summariseLicence', () => {
  it('gives the values read, with null for 长期, when the licence was read', () => {
    expect(summariseLicence(licenceFields())).toEqual({
      companyName: COMPANY,
      uscc: USCC,
      legalRepresentative: '张三',
      establishedOn: '2019-01-01',
      validUntil: null,
      registeredCapital: 5_000_000,
    });
  });

  it('gives the repaired code and nulls when the code was read by OCR and the rest is missing', () => {
    expect(summariseLicence({ uscc: field('91350100MOOO1OOY43', { method: 'ocr' }) })).toEqual({
      companyName: null,
      uscc: USCC,
      legalRepresentative: null,
      establishedOn: null,
      validUntil: null,
      registeredCapital: null,
    });
  });
});
