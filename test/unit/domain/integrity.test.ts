import { describe, expect, it } from 'vitest';
import type { IntegrityFacts } from '../../../lambdas/domain/integrity-facts.js';
import type { Extraction } from '../../../lambdas/domain/model.js';
import {
  type Fingerprint,
  fingerprintsOf,
  hashDistance,
  integrityRules,
} from '../../../lambdas/domain/rules/integrity.js';
import { DEFAULT_INTEGRITY_SETTINGS } from '../../../lambdas/domain/settings.js';
import { bankFields, COMPANY, electricityFields, USCC } from './factories.js';

const BOX = { x0: 0.1, y0: 0.2, x1: 0.3, y1: 0.25 };

function facts(over: Partial<IntegrityFacts> = {}): IntegrityFacts {
  return {
    sha256: 'a'.repeat(64),
    imageSoftware: [],
    pageHashes: [],
    valueItems: [],
    covered: [],
    bills: [],
    bankLines: [],
    ...over,
  };
}

function bill(over: Partial<IntegrityFacts> = {}, file = 'power.pdf'): Extraction {
  return {
    ok: true,
    type: 'electricity_bill',
    file,
    method: 'text',
    pages: 1,
    fields: electricityFields(),
    integrity: facts(over),
  } as Extraction;
}

function statement(over: Partial<IntegrityFacts> = {}, file = 'bank.pdf'): Extraction {
  return {
    ok: true,
    type: 'bank_statement',
    file,
    method: 'text',
    pages: 1,
    fields: bankFields(),
    integrity: facts(over),
  } as Extraction;
}

const run = (extractions: Extraction[], fingerprints: Fingerprint[] = [], seq = 10) =>
  integrityRules({ applicationId: 'app-b', uscc: USCC, extractions, fingerprints, seq });

const line = (amountMinor: number, balanceMinor: number, date = '2026-05-01') => ({
  page: 1,
  box: BOX,
  clean: true,
  date,
  amountMinor,
  balanceMinor,
});

describe('integrityRules: DOCUMENT_EDITED', () => {
  it.each<[string, Extraction, string | null]>([
    [
      'an incremental update that changes page 1',
      bill({
        pdf: { revisions: 2, updates: [{ revision: 2, objects: 3, pages: [1], changesContent: true }] },
      }),
      'incremental_update',
    ],
    [
      'an update that changes no content (a signature)',
      bill({
        pdf: { revisions: 2, updates: [{ revision: 2, objects: 4, pages: [], changesContent: false }] },
      }),
      null,
    ],
    [
      'text drawn over a filled shape hiding text',
      bill({ covered: [{ page: 1, box: BOX, shown: '3,439.60', hidden: '2,439.60' }] }),
      'text_over_filled_shape',
    ],
    [
      'a value in a font no other value of the page uses',
      bill({
        valueItems: [
          ...['1', '2', '3', '4'].map((n) => ({ page: 1, text: `${n}00.00`, font: 'f1', box: BOX })),
          { page: 1, text: '9,999.00', font: 'f2', box: BOX },
        ],
      }),
      'font_differs',
    ],
    [
      'two fonts each used by many values (a bold column)',
      bill({
        valueItems: ['1', '2', '3', '4', '5', '6'].map((n, i) => ({
          page: 1,
          text: `${n}00.00`,
          font: i % 2 ? 'f1' : 'f2',
          box: BOX,
        })),
      }),
      null,
    ],
    [
      'a bill produced by WPS',
      bill({ pdf: { revisions: 1, updates: [], producer: 'WPS Office' } }),
      'editor_producer',
    ],
    [
      'a bill produced by a PDF library',
      bill({ pdf: { revisions: 1, updates: [], producer: 'iText 7.2' } }),
      null,
    ],
    [
      'a photo re-saved by Photoshop',
      bill({ imageSoftware: ['Adobe Photoshop 25.0 (Windows)'] }),
      'image_editor',
    ],
    ['a photo re-saved by 美图秀秀', bill({ imageSoftware: ['美图秀秀'] }), 'image_editor'],
    ['a phone camera', bill({ imageSoftware: ['HDR+ 1.0.5'] }), null],
  ])('%s', (_name, extraction, sign) => {
    const { reasons, evidence } = run([extraction]);
    const edited = evidence.filter((e) => e.code === 'DOCUMENT_EDITED');
    expect(edited.map((e) => e.sign)).toEqual(sign ? [sign] : []);
    expect(reasons.map((r) => r.code)).toEqual(sign ? ['DOCUMENT_EDITED'] : []);
  });

  it('does not call a capacity proof made in WPS edited (the seller writes it)', () => {
    const proof = {
      ok: true,
      type: 'capacity_proof',
      file: 'capacity.pdf',
      method: 'text',
      pages: 1,
      fields: { rows: [] },
      integrity: facts({ pdf: { revisions: 1, updates: [], producer: 'WPS Office' } }),
    } as Extraction;
    expect(run([proof]).evidence).toEqual([]);
  });
});

describe('integrityRules: DOCUMENT_ARITHMETIC_INCONSISTENT', () => {
  const month = { page: 1, box: BOX, clean: true, month: '2026-05' };
  it.each<[string, Extraction, string[]]>([
    [
      'readings, kWh and amount that agree (0.6583 × 9350 = 6155.105 → 6155.11)',
      bill({
        bills: [
          {
            ...month,
            previousCenti: 100_00,
            currentCenti: 9450_00,
            multiplierCenti: 100,
            kwh: 9350,
            unitPriceE4: 6583,
            amountMinor: 615_511,
          },
        ],
      }),
      [],
    ],
    [
      'kWh that the readings do not give',
      bill({ bills: [{ ...month, previousCenti: 0, currentCenti: 5000_00, kwh: 9000 }] }),
      ['bill_readings'],
    ],
    [
      'a multiplier of 80',
      bill({
        bills: [{ ...month, previousCenti: 100_00, currentCenti: 200_00, multiplierCenti: 80_00, kwh: 8000 }],
      }),
      [],
    ],
    [
      'an amount that is not kWh × price',
      bill({ bills: [{ ...month, kwh: 6000, unitPriceE4: 6420, amountMinor: 485_200 }] }),
      ['bill_amount'],
    ],
    [
      'figures read unclean (OCR below the floor) are not decided on',
      bill({ bills: [{ ...month, clean: false, kwh: 6000, unitPriceE4: 6420, amountMinor: 485_200 }] }),
      [],
    ],
    [
      'an issuer whose amounts never follow kWh × price (fees on top) in any month',
      bill({
        bills: [
          { ...month, kwh: 6000, unitPriceE4: 6420, amountMinor: 400_000 },
          { ...month, month: '2026-06', kwh: 5000, unitPriceE4: 6420, amountMinor: 340_000 },
        ],
      }),
      [],
    ],
    [
      'one month of several whose amount does not follow',
      bill({
        bills: [
          { ...month, kwh: 6000, unitPriceE4: 6420, amountMinor: 385_200 },
          { ...month, month: '2026-06', kwh: 5000, unitPriceE4: 6420, amountMinor: 421_000 },
        ],
      }),
      ['bill_amount'],
    ],
    [
      'lines read so that most do not add up (a misread layout) decide nothing',
      statement({
        bankLines: [line(0, 1000_00), line(500_00, 900_00), line(-200_00, 1700_00), line(7_00, 1_00)],
      }),
      [],
    ],
    [
      'balances that run on, oldest first',
      statement({ bankLines: [line(0, 1000_00), line(500_00, 1500_00), line(-200_00, 1300_00)] }),
      [],
    ],
    [
      'balances that run on, newest first',
      statement({ bankLines: [line(-200_00, 1300_00), line(500_00, 1500_00), line(0, 1000_00)] }),
      [],
    ],
    [
      'an inflated line with the balances left as they were',
      statement({
        bankLines: [
          line(0, 1000_00),
          line(500_00, 1500_00),
          line(90_000_00, 1700_00, '2026-06-01'),
          line(-100_00, 1600_00),
        ],
      }),
      ['statement_balance'],
    ],
  ])('%s', (_name, extraction, signs) => {
    const { evidence } = run([extraction]);
    expect(evidence.map((e) => e.sign)).toEqual(signs);
    for (const e of evidence) expect(e).toMatchObject({ page: 1, box: BOX });
  });
});

describe('integrityRules: DOCUMENT_REUSED', () => {
  const print = (over: Partial<Fingerprint>): Fingerprint => ({
    kind: 'sha256',
    value: 'a'.repeat(64),
    applicationId: 'app-a',
    uscc: '91330782MA2B7C8D9G',
    documentType: 'bank_statement',
    file: 'bank.pdf',
    keys: {},
    seq: 1,
    ...over,
  });
  const withAccount = statement({
    accountNumber: { value: '6222021234567890123', page: 1, box: BOX, clean: true },
  });
  const photographed = () =>
    statement({ sha256: 'b'.repeat(64), pageHashes: [{ page: 1, hash: 'ffff0000ffff0000' }] });

  it.each<[string, Extraction, Fingerprint[], number, string[]]>([
    ['the same file from another USCC', withAccount, [print({})], 10, ['same_file']],
    ['the same file from the same USCC (applying again)', withAccount, [print({ uscc: USCC })], 10, []],
    ['the same file from a later application', withAccount, [print({ seq: 11 })], 10, []],
    [
      'the same account number',
      statement({
        sha256: 'c'.repeat(64),
        accountNumber: { value: '6222021234567890123', page: 1, box: BOX, clean: true },
      }),
      [print({ kind: 'account', value: 'bank_statement:6222021234567890123' })],
      10,
      ['same_account_number'],
    ],
    [
      'the same account number on a bill (another type) is no match',
      statement({
        sha256: 'c'.repeat(64),
        accountNumber: { value: '6222021234567890123', page: 1, clean: true },
      }),
      [
        print({
          kind: 'account',
          value: 'electricity_bill:6222021234567890123',
          documentType: 'electricity_bill',
        }),
      ],
      10,
      [],
    ],
    [
      'a photo of the same page whose names agree',
      photographed(),
      [print({ kind: 'phash', value: 'ffff0000ffff0003', keys: { accountName: COMPANY } })],
      10,
      ['same_page_image'],
    ],
    [
      'the same template filled in for another company',
      photographed(),
      [print({ kind: 'phash', value: 'ffff0000ffff0003', keys: { accountName: '别的公司' } })],
      10,
      [],
    ],
    [
      'a page hash too far away',
      photographed(),
      [print({ kind: 'phash', value: '0000ffff0000ffff', keys: { accountName: COMPANY } })],
      10,
      [],
    ],
  ])('%s', (_name, extraction, prints, seq, signs) => {
    const { evidence, reasons } = run([extraction], prints, seq);
    expect(evidence.map((e) => e.sign)).toEqual(signs);
    for (const e of evidence) expect(e.otherApplicationId).toBe('app-a');
    expect(reasons.map((r) => r.code)).toEqual(signs.length > 0 ? ['DOCUMENT_REUSED'] : []);
  });

  it('fingerprints a document by file hash, typed account number and page hashes', () => {
    const prints = fingerprintsOf([
      statement({
        accountNumber: { value: '6222021234567890123', page: 1, clean: true },
        pageHashes: [{ page: 1, hash: 'ffff0000ffff0000' }],
      }),
    ]);
    expect(prints.map((p) => [p.kind, p.value])).toEqual([
      ['sha256', 'a'.repeat(64)],
      ['account', 'bank_statement:6222021234567890123'],
      ['phash', 'ffff0000ffff0000'],
    ]);
    expect(prints[0]?.keys.accountName).toBe(COMPANY);
  });
});

describe('integrity messages', () => {
  it('names the document and a reviewer, never the sign', () => {
    const { reasons } = run([bill({ imageSoftware: ['Adobe Photoshop'] })]);
    const [r] = reasons;
    expect(r).toMatchObject({
      code: 'DOCUMENT_EDITED',
      step: 'integrity',
      outcome: 'flag',
      document: 'power.pdf',
    });
    expect(r?.message.en).toContain('power.pdf');
    expect(r?.message.en).toMatch(/reviewer/);
    expect(r?.message.zh).toContain('审核人员');
    expect(`${r?.message.en}${r?.message.zh}`).not.toMatch(/photoshop|edit|font|reuse|balance|修改|编辑/i);
  });
});

describe('hashDistance', () => {
  it.each([
    ['ffff0000ffff0000', 'ffff0000ffff0000', 0],
    ['ffff0000ffff0000', 'ffff0000ffff0003', 2],
    ['0', '00', Number.POSITIVE_INFINITY],
  ])('%s to %s is %s', (a, b, d) => expect(hashDistance(a, b)).toBe(d));

  it('keeps the settings within what the index bands find', () => {
    expect(DEFAULT_INTEGRITY_SETTINGS.phashMaxDistance).toBeLessThanOrEqual(7);
  });
});
