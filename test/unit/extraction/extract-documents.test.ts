import { describe, expect, it } from 'vitest';
import type { DocumentType, Extraction, FieldsByType, Provenance } from '../../../lambdas/domain/model';
import { EXTRACTOR_VERSION, extractDocument } from '../../../lambdas/extraction/index';
import {
  appealEvidencePdf,
  bankStatementPdf,
  brandAuthorizationPdf,
  capacityProofPdf,
  type DateStyle,
  electricityBillPdf,
  foodLicencePdf,
  idCardPdf,
  type LicenceData,
  type LicenceOptions,
  licencePdf,
  medicalDeviceFilingPdf,
  rohsPdf,
  sdsPdf,
  trademarkPdf,
  un38_3Pdf,
} from '../../support/docgen/index';

const COMPANY = '义乌市佳家日用品有限公司';
const COMPANY_EN = 'Yiwu Jiajia Household Products Co., Ltd.';
const USCC = '91330782MA2ABCDE1X';
const ID = '330782198503120017';

/** A text-layer field's source: its line, and the region of the page its value was read from. */
const at = (file: string, page: number, line: number): Provenance => ({
  file,
  page,
  line,
  method: 'text',
  box: expect.objectContaining({
    x0: expect.any(Number),
    y0: expect.any(Number),
    x1: expect.any(Number),
    y1: expect.any(Number),
  }) as Provenance['box'],
});
const clean = <T>(value: T, source: Provenance) => ({ value, confidence: 0.99, source });
const partial = <T>(value: T, source: Provenance) => ({ value, confidence: 0.5, source });

async function extractOk<T extends DocumentType>(
  type: T,
  file: string,
  bytes: Uint8Array,
): Promise<FieldsByType[T]> {
  const result: Extraction = await extractDocument({ type, file, bytes });
  if (!result.ok) throw new Error(`${file}: ${result.problem} ${result.message.en}`);
  expect(result).toMatchObject({ ok: true, type, file, method: 'text', pages: expect.any(Number) });
  return result.fields as FieldsByType[T];
}

const licence: LicenceData = {
  companyName: COMPANY,
  uscc: USCC,
  legalRepresentative: '张三',
  establishedOn: '2019-01-01',
  validUntil: null,
};

describe('extractDocument', () => {
  it('names its version when imported', () => {
    expect(EXTRACTOR_VERSION).toBe('text-1.1.0');
  });
});

describe('extractDocument: business licence', () => {
  it('reads every field with its line when the licence has two columns and Chinese labels', async () => {
    const f = 'licence.pdf';
    const fields = await extractOk('business_licence', f, await licencePdf(licence));
    expect(fields).toEqual({
      uscc: clean(USCC, at(f, 1, 3)),
      registeredCapital: clean(5_000_000, at(f, 1, 3)),
      companyName: clean(COMPANY, at(f, 1, 4)),
      establishedOn: clean('2019-01-01', at(f, 1, 4)),
      enterpriseType: clean('有限责任公司(自然人投资或控股)', at(f, 1, 5)),
      validUntil: clean(null, at(f, 1, 5)),
      legalRepresentative: clean('张三', at(f, 1, 6)),
    });
  });

  it('reads every field when the labels are English', async () => {
    const f = 'licence-en.pdf';
    const bytes = await licencePdf(
      { ...licence, companyName: COMPANY_EN, legalRepresentative: 'Zhang San', validUntil: '2039-12-31' },
      { lang: 'en' },
    );
    expect(await extractOk('business_licence', f, bytes)).toEqual({
      uscc: clean(USCC, at(f, 1, 3)),
      registeredCapital: clean(5_000_000, at(f, 1, 3)),
      companyName: clean(COMPANY_EN, at(f, 1, 4)),
      establishedOn: clean('2019-01-01', at(f, 1, 4)),
      enterpriseType: clean('Limited Liability Company', at(f, 1, 5)),
      validUntil: clean('2039-12-31', at(f, 1, 5)),
      legalRepresentative: clean('Zhang San', at(f, 1, 6)),
    });
  });

  it('reads every field on its own line when the licence has one column', async () => {
    const f = 'licence-1col.pdf';
    const bytes = await licencePdf(licence, { layout: 'single-column' });
    expect(await extractOk('business_licence', f, bytes)).toEqual({
      uscc: clean(USCC, at(f, 1, 3)),
      companyName: clean(COMPANY, at(f, 1, 4)),
      enterpriseType: clean('有限责任公司(自然人投资或控股)', at(f, 1, 5)),
      legalRepresentative: clean('张三', at(f, 1, 6)),
      registeredCapital: clean(5_000_000, at(f, 1, 7)),
      establishedOn: clean('2019-01-01', at(f, 1, 8)),
      validUntil: clean(null, at(f, 1, 9)),
    });
  });

  it.each<[DateStyle, 'zh' | 'en']>([
    ['cjk', 'zh'],
    ['cjk-padded', 'zh'],
    ['iso', 'zh'],
    ['slash', 'zh'],
    ['dot', 'zh'],
    ['cjk', 'en'],
    ['slash', 'en'],
    ['dot', 'en'],
  ])('reads the dates when they are written in the %s style with %s labels', async (dateStyle, lang) => {
    const bytes = await licencePdf(
      { ...licence, establishedOn: '2021-03-05', validUntil: '2041-03-04' },
      { dateStyle, lang },
    );
    const fields = await extractOk('business_licence', 'l.pdf', bytes);
    expect(fields.establishedOn?.value).toBe('2021-03-05');
    expect(fields.validUntil?.value).toBe('2041-03-04');
    expect(fields.establishedOn?.confidence).toBe(0.99);
    expect(fields.validUntil?.confidence).toBe(0.99);
  });

  it('reads full-width digits, letters and punctuation when the values are printed full-width', async () => {
    const bytes = await licencePdf(
      { ...licence, establishedOn: '2021-03-05', validUntil: '2041-03-04', registeredCapital: '123.5万元' },
      { fullWidth: true },
    );
    const fields = await extractOk('business_licence', 'fw.pdf', bytes);
    expect(fields.uscc?.value).toBe(USCC);
    expect(fields.registeredCapital?.value).toBe(1_235_000);
    expect(fields.establishedOn?.value).toBe('2021-03-05');
    expect(fields.validUntil?.value).toBe('2041-03-04');
  });

  it.each<[string, LicenceOptions, Partial<LicenceData>, string | null]>([
    ['至长期 (range)', {}, { validUntil: null }, null],
    ['至2039年12月31日 (end only)', { termStyle: 'end-only' }, { validUntil: '2039-12-31' }, '2039-12-31'],
    ['长期 (end only)', { termStyle: 'end-only' }, { validUntil: null }, null],
    ['Long-term (English)', { lang: 'en' }, { validUntil: null }, null],
    ['Long-term alone (English)', { lang: 'en', termStyle: 'end-only' }, { validUntil: null }, null],
    ['2019-01-01 to 2039-12-31', { lang: 'en' }, { validUntil: '2039-12-31' }, '2039-12-31'],
    ['a verbatim 2019年01月01日至长期', {}, { businessTerm: '2019年01月01日至长期' }, null],
    ['a verbatim 无固定期限', {}, { businessTerm: '无固定期限' }, null],
  ])('reads the business term when it is %s', async (_name, options, data, expected) => {
    const fields = await extractOk(
      'business_licence',
      'l.pdf',
      await licencePdf({ ...licence, ...data }, options),
    );
    expect(fields.validUntil).toMatchObject({ value: expected, confidence: 0.99 });
  });

  it.each([
    ['500万元', 5_000_000],
    ['500万人民币', 5_000_000],
    ['5,000,000元', 5_000_000],
    ['RMB 5,000,000', 5_000_000],
    ['5 million', 5_000_000],
    ['123.5万元', 1_235_000],
    ['伍佰万元整', 5_000_000],
  ])('reads the registered capital %s as %i yuan', async (printed, yuan) => {
    const fields = await extractOk(
      'business_licence',
      'l.pdf',
      await licencePdf({ ...licence, registeredCapital: printed }),
    );
    expect(fields.registeredCapital).toMatchObject({ value: yuan, confidence: 0.99 });
  });

  it('reads labels and values when they are separated by whitespace only', async () => {
    const fields = await extractOk(
      'business_licence',
      'l.pdf',
      await licencePdf(licence, { separator: ' ' }),
    );
    expect(fields.uscc?.value).toBe(USCC);
    expect(fields.companyName?.value).toBe(COMPANY);
    expect(fields.validUntil?.value).toBeNull();
    expect(fields.registeredCapital?.value).toBe(5_000_000);
  });

  it('reads the labels with ASCII colons when the separator is half-width', async () => {
    const fields = await extractOk(
      'business_licence',
      'l.pdf',
      await licencePdf(licence, { separator: ':' }),
    );
    expect(fields.legalRepresentative?.value).toBe('张三');
  });

  it('lowers the confidence when a value parses only partly', async () => {
    const f = 'partial.pdf';
    const bytes = await licencePdf({
      ...licence,
      uscc: '91330782-MA2ABCDE-1',
      registeredCapital: '500万美元',
    });
    const fields = await extractOk('business_licence', f, bytes);
    expect(fields.uscc).toEqual(partial('91330782MA2ABCDE1', at(f, 1, 3)));
    expect(fields.registeredCapital).toEqual(partial(5_000_000, at(f, 1, 3)));
  });

  it('keeps a USCC of 17 characters at full confidence, since the text layer is exact', async () => {
    const fields = await extractOk(
      'business_licence',
      'l.pdf',
      await licencePdf({ ...licence, uscc: '91330782MA2ABCDE1' }),
    );
    expect(fields.uscc).toMatchObject({ value: '91330782MA2ABCDE1', confidence: 0.99 });
  });

  it('keeps a USCC whose check character is wrong at full confidence, since the text layer is exact', async () => {
    const fields = await extractOk(
      'business_licence',
      'l.pdf',
      await licencePdf({ ...licence, uscc: '91330782MA2ABCDE19' }),
    );
    expect(fields.uscc).toMatchObject({ value: '91330782MA2ABCDE19', confidence: 0.99 });
  });

  it('leaves a field out when its value cannot be read', async () => {
    const bytes = await licencePdf({ ...licence, registeredCapital: '若干' });
    const fields = await extractOk('business_licence', 'l.pdf', bytes);
    expect(fields).not.toHaveProperty('registeredCapital');
    expect(fields.uscc?.value).toBe(USCC);
  });
});

describe('extractDocument: legal representative ID', () => {
  it('reads the name and ID number when labels are Chinese and separated by spaces', async () => {
    const f = 'id.pdf';
    expect(await extractOk('legal_rep_id', f, await idCardPdf({ name: '张三', idNumber: ID }))).toEqual({
      name: clean('张三', at(f, 1, 1)),
      idNumber: clean(ID, at(f, 1, 5)),
    });
  });

  it('reads the name and ID number when labels are English', async () => {
    const f = 'id-en.pdf';
    const id = '33078219850312001X';
    expect(
      await extractOk(
        'legal_rep_id',
        f,
        await idCardPdf({ name: 'Zhang San', idNumber: id }, { lang: 'en' }),
      ),
    ).toEqual({
      name: clean('Zhang San', at(f, 1, 1)),
      idNumber: clean(id, at(f, 1, 5)),
    });
  });

  it('reads a full-width ID number with a lower-case x as digits and X', async () => {
    const fields = await extractOk(
      'legal_rep_id',
      'id.pdf',
      await idCardPdf({ name: '张三', idNumber: '33078219850312001x' }, { fullWidth: true }),
    );
    expect(fields.idNumber?.value).toBe('33078219850312001X');
  });

  it('keeps a too-short ID number at full confidence, since the text layer is exact', async () => {
    const fields = await extractOk(
      'legal_rep_id',
      'id.pdf',
      await idCardPdf({ name: '张三', idNumber: '3307821985031200' }),
    );
    expect(fields.idNumber).toMatchObject({ value: '3307821985031200', confidence: 0.99 });
  });

  it('lowers the confidence when a short ID number has other characters around it', async () => {
    const fields = await extractOk(
      'legal_rep_id',
      'id.pdf',
      await idCardPdf({ name: '张三', idNumber: '3307-8219-8503-1200' }),
    );
    expect(fields.idNumber).toMatchObject({ value: '3307821985031200', confidence: 0.5 });
  });
});

describe('extractDocument: trademark', () => {
  const cert = { registrant: COMPANY, registrationNumber: '12345678', validUntil: '2031-03-13' };

  it('reads the registrant, the number under the title and the term end when the certificate is Chinese', async () => {
    const f = 'tm.pdf';
    expect(await extractOk('trademark', f, await trademarkPdf(cert))).toEqual({
      registrationNumber: clean('12345678', at(f, 1, 2)),
      registrant: clean(COMPANY, at(f, 1, 4)),
      validUntil: clean('2031-03-13', at(f, 1, 7)),
    });
  });

  it('reads labelled fields when the certificate is English', async () => {
    const f = 'tm-en.pdf';
    expect(
      await extractOk(
        'trademark',
        f,
        await trademarkPdf({ ...cert, registrant: COMPANY_EN }, { lang: 'en' }),
      ),
    ).toEqual({
      registrationNumber: clean('12345678', at(f, 1, 3)),
      registrant: clean(COMPANY_EN, at(f, 1, 4)),
      validUntil: clean('2031-03-13', at(f, 1, 7)),
    });
  });

  it('reads 有效期至 when the certificate gives the end date alone', async () => {
    const fields = await extractOk(
      'trademark',
      'tm.pdf',
      await trademarkPdf(cert, { validity: 'until', number: 'labelled' }),
    );
    expect(fields.validUntil?.value).toBe('2031-03-13');
    expect(fields.registrationNumber?.value).toBe('12345678');
  });

  it('reads the authorized party, number and end date when the document is a Chinese brand authorization', async () => {
    const f = 'auth.pdf';
    const bytes = await brandAuthorizationPdf({
      authorizer: '艾克美品牌管理有限公司',
      authorizedParty: COMPANY,
      registrationNumber: '12345678',
      validUntil: '2029-06-30',
    });
    expect(await extractOk('trademark', f, bytes)).toEqual({
      // The grantor of an authorization is the trademark's owner.
      registrant: clean('艾克美品牌管理有限公司', at(f, 1, 2)),
      authorizedParty: clean(COMPANY, at(f, 1, 3)),
      registrationNumber: clean('12345678', at(f, 1, 5)),
      validUntil: clean('2029-06-30', at(f, 1, 7)),
    });
  });

  it('reads the authorized party when the brand authorization is English', async () => {
    const f = 'auth-en.pdf';
    const bytes = await brandAuthorizationPdf(
      {
        authorizer: 'Acme Brand Management Co., Ltd.',
        authorizedParty: COMPANY_EN,
        registrationNumber: '12345678',
        validUntil: '2029-06-30',
      },
      { lang: 'en', dateStyle: 'slash' },
    );
    expect(await extractOk('trademark', f, bytes)).toEqual({
      registrant: clean('Acme Brand Management Co., Ltd.', at(f, 1, 2)),
      authorizedParty: clean(COMPANY_EN, at(f, 1, 3)),
      registrationNumber: clean('12345678', at(f, 1, 5)),
      validUntil: clean('2029-06-30', at(f, 1, 7)),
    });
  });
});

describe('extractDocument: bank statement', () => {
  const transactions = [
    { date: '2026-05-03', amountMinor: 1_234_567 },
    { date: '2026-06-13', amountMinor: -50_000 },
    { date: '2026-07-01', amountMinor: 1 },
  ];

  it('reads the account name and every transaction with its line when labels are Chinese', async () => {
    const f = 'bank.pdf';
    expect(
      await extractOk('bank_statement', f, await bankStatementPdf({ accountName: COMPANY, transactions })),
    ).toEqual({
      accountName: clean(COMPANY, at(f, 1, 2)),
      transactions: transactions.map((t, i) => clean(t, at(f, 1, 5 + i))),
    });
  });

  it('reads every transaction when labels are English and dates are slashed', async () => {
    const f = 'bank-en.pdf';
    const bytes = await bankStatementPdf(
      { accountName: COMPANY_EN, transactions },
      { lang: 'en', dateStyle: 'slash' },
    );
    expect(await extractOk('bank_statement', f, bytes)).toEqual({
      accountName: clean(COMPANY_EN, at(f, 1, 2)),
      transactions: transactions.map((t, i) => clean(t, at(f, 1, 5 + i))),
    });
  });

  it('reads rows on every page when the statement runs over several pages', async () => {
    const many = Array.from({ length: 40 }, (_, i) => ({
      date: `2026-0${5 + Math.floor(i / 10)}-${String((i % 10) + 1).padStart(2, '0')}`,
      amountMinor: (i % 2 ? -1 : 1) * (100_000 + i),
    }));
    const f = 'bank-long.pdf';
    const fields = await extractOk(
      'bank_statement',
      f,
      await bankStatementPdf({ accountName: COMPANY, transactions: many }),
    );
    expect(fields.transactions.map((t) => t.value)).toEqual(many);
    expect(fields.transactions[31]?.source).toEqual(at(f, 1, 36));
    expect(fields.transactions[32]?.source).toEqual(at(f, 2, 5));
  });

  it('reads full-width amounts and dates when the statement is printed full-width', async () => {
    const fields = await extractOk(
      'bank_statement',
      'bank.pdf',
      await bankStatementPdf({ accountName: COMPANY, transactions }, { fullWidth: true }),
    );
    expect(fields.transactions.map((t) => t.value)).toEqual(transactions);
  });

  it('reads a statement with an account name and no transactions', async () => {
    const fields = await extractOk(
      'bank_statement',
      'b.pdf',
      await bankStatementPdf({ accountName: COMPANY, transactions: [] }),
    );
    expect(fields.transactions).toEqual([]);
    expect(fields.accountName?.value).toBe(COMPANY);
  });
});

describe('extractDocument: electricity bill', () => {
  const months = [
    { month: '2026-05', kwh: 14_400 },
    { month: '2026-06', kwh: 14_688.5 },
    { month: '2026-07', kwh: 980 },
  ];

  it.each(['cjk', 'iso', 'slash'] as const)(
    'reads every month and kWh when months are written %s',
    async (monthStyle) => {
      const f = 'power.pdf';
      expect(
        await extractOk(
          'electricity_bill',
          f,
          await electricityBillPdf({ accountName: COMPANY, months }, { monthStyle }),
        ),
      ).toEqual({
        accountName: clean(COMPANY, at(f, 1, 3)),
        months: months.map((m, i) => clean(m, at(f, 1, 6 + i))),
      });
    },
  );

  it('reads every month when labels are English', async () => {
    const f = 'power-en.pdf';
    const bytes = await electricityBillPdf(
      { accountName: COMPANY_EN, months },
      { lang: 'en', monthStyle: 'slash' },
    );
    expect(await extractOk('electricity_bill', f, bytes)).toEqual({
      accountName: clean(COMPANY_EN, at(f, 1, 3)),
      months: months.map((m, i) => clean(m, at(f, 1, 6 + i))),
    });
  });

  it('reads labelled months when each month is a line of label/value pairs', async () => {
    const f = 'power-lines.pdf';
    const bytes = await electricityBillPdf({ accountName: COMPANY, months }, { layout: 'labelled' });
    expect(await extractOk('electricity_bill', f, bytes)).toEqual({
      accountName: clean(COMPANY, at(f, 1, 3)),
      months: months.map((m, i) => clean(m, at(f, 1, 5 + i))),
    });
  });

  it('reads full-width kWh when the bill is printed full-width', async () => {
    const fields = await extractOk(
      'electricity_bill',
      'p.pdf',
      await electricityBillPdf({ accountName: COMPANY, months }, { fullWidth: true, layout: 'labelled' }),
    );
    expect(fields.months.map((m) => m.value)).toEqual(months);
  });
});

describe('extractDocument: capacity proof', () => {
  const rows = [
    { sku: 'H-001', monthlyCapacity: 6000 },
    { sku: 'H-002', monthlyCapacity: 12_500 },
    { sku: 'SKU.3/B', monthlyCapacity: 800 },
  ];

  it.each(['zh', 'en'] as const)('reads every SKU row when labels are %s', async (lang) => {
    const f = 'capacity.pdf';
    expect(
      await extractOk('capacity_proof', f, await capacityProofPdf({ companyName: COMPANY, rows }, { lang })),
    ).toEqual({
      rows: rows.map((r, i) => clean(r, at(f, 1, 4 + i))),
    });
  });
});

describe('extractDocument: documents that only need readable text', () => {
  const data = { companyName: COMPANY, sku: 'E-001', productName: 'Power bank' };
  it.each([
    ['sds', sdsPdf],
    ['rohs', rohsPdf],
    ['un38_3', un38_3Pdf],
    ['food_licence', foodLicencePdf],
    ['medical_device_filing', medicalDeviceFilingPdf],
    ['appeal_evidence', appealEvidencePdf],
  ] as const)('reads %s as readable with no fields', async (type, build) => {
    for (const lang of ['zh', 'en'] as const) {
      const result = await extractDocument({ type, file: `${type}.pdf`, bytes: await build(data, { lang }) });
      expect(result).toMatchObject({
        ok: true,
        type,
        file: `${type}.pdf`,
        method: 'text',
        pages: 1,
        fields: {},
      });
      expect(result.ok && result.integrity?.pdf?.revisions).toBe(1);
    }
  });
});
