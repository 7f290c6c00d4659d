import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { type CorpusExpectation, checkCorpusRecord } from '../../support/corpus-check.js';

const ID = 'corpus-app-x';

const EXPECTED: CorpusExpectation = {
  applicationId: ID,
  status: 'ADMITTED',
  reject: [],
  flag: [],
  licence: {
    companyName: '义乌市众诚服饰有限公司',
    uscc: '91330782MA5DMWM3XM',
    legalRepresentative: '宋伟',
    establishedOn: '2017-03-02',
    validUntil: '2047-03-01',
    registeredCapital: 2000000,
  },
  capacityScore: 90,
  feeSchedule: { commissionRate: '0.05', fulfilmentRate: '0.038', settlementTermDays: 15 },
  ocrTolerant: false,
};

const message = { zh: '请处理。', en: 'Do this.' };
const r = (code: string, outcome: 'reject' | 'flag', step = 'licence') => ({ code, outcome, step, message });

/** A record that matches EXPECTED. */
const RECORD = {
  applicationId: ID,
  status: 'ADMITTED',
  reasons: [] as unknown[],
  extracted: {
    licence: {
      companyName: '义乌市众诚服饰有限公司',
      uscc: '91330782MA5DMWM3XM',
      legalRepresentative: '宋伟',
      establishedOn: '2017-03-02',
      validUntil: '2047-03-01',
      registeredCapital: 2000000,
    },
  },
  capacity: { score: 90, ratio: '0.9' },
  feeSchedule: { commissionRate: '0.05', fulfilmentRate: '0.038', settlementTermDays: 15 },
  requirements: { currentlyDue: [], errors: [] },
};

const withLicence = (patch: Record<string, unknown>) => ({
  ...RECORD,
  extracted: { licence: { ...RECORD.extracted.licence, ...patch } },
});

const REJECTED: CorpusExpectation = {
  ...EXPECTED,
  status: 'REJECTED',
  reject: ['LICENCE_TOO_YOUNG'],
  feeSchedule: undefined,
};
const rejected = (reasons: unknown[], status = 'REJECTED') => ({
  ...RECORD,
  status,
  reasons,
  feeSchedule: undefined,
});

const PHOTOS: CorpusExpectation = { ...EXPECTED, ocrTolerant: true };

interface Case {
  name: string;
  exp: CorpusExpectation;
  rec: unknown;
  /** Empty: it passes. Otherwise the mismatch texts, as check.mjs words them. */
  why: string[];
}

const CASES: Case[] = [
  { name: 'a record that matches', exp: EXPECTED, rec: RECORD, why: [] },
  {
    name: 'names and dates compared as check.mjs does (NFKC, spaces, a date with a time, capital as digits)',
    exp: EXPECTED,
    rec: withLicence({
      companyName: '义乌市众诚服饰 有限公司',
      establishedOn: '2017-03-02T00:00:00.000Z',
      registeredCapital: '2000000',
      uscc: '91330782ma5dmwm3xm',
    }),
    why: [],
  },
  {
    name: 'fee rates with trailing zeros',
    exp: EXPECTED,
    rec: {
      ...RECORD,
      feeSchedule: { commissionRate: '0.050', fulfilmentRate: '0.0380', settlementTermDays: 15 },
    },
    why: [],
  },
  {
    name: 'another status',
    exp: EXPECTED,
    rec: { ...RECORD, status: 'AWAITING_REVIEW' },
    why: ['status AWAITING_REVIEW != ADMITTED'],
  },
  {
    name: 'a status outside the five',
    exp: EXPECTED,
    rec: { ...RECORD, status: 'ERROR' },
    why: ['status "ERROR" is not one of the five', 'status ERROR != ADMITTED'],
  },
  {
    name: 'another applicationId',
    exp: EXPECTED,
    rec: { ...RECORD, applicationId: 'app-1' },
    why: ['applicationId "app-1"'],
  },
  {
    name: 'the expected reject code',
    exp: REJECTED,
    rec: rejected([r('LICENCE_TOO_YOUNG', 'reject')]),
    why: [],
  },
  {
    name: 'a reject code more than expected',
    exp: REJECTED,
    rec: rejected([r('LICENCE_TOO_YOUNG', 'reject'), r('LICENCE_EXPIRED', 'reject')]),
    why: ['reject {LICENCE_EXPIRED,LICENCE_TOO_YOUNG} != {LICENCE_TOO_YOUNG}'],
  },
  {
    name: 'another reject code in place of the expected one',
    exp: REJECTED,
    rec: rejected([r('LICENCE_EXPIRED', 'reject')]),
    why: ['reject {LICENCE_EXPIRED} != {LICENCE_TOO_YOUNG}'],
  },
  {
    name: 'a code listed in mayInclude',
    exp: { ...REJECTED, mayInclude: { reject: ['LICENCE_EXPIRED'] } },
    rec: rejected([r('LICENCE_TOO_YOUNG', 'reject'), r('LICENCE_EXPIRED', 'reject')]),
    why: [],
  },
  {
    name: 'an expected flag missing',
    exp: { ...EXPECTED, status: 'AWAITING_REVIEW', flag: ['CAPACITY_EVIDENCE_WEAK'] },
    rec: { ...RECORD, status: 'AWAITING_REVIEW' },
    why: ['flag {} != {CAPACITY_EVIDENCE_WEAK}'],
  },
  {
    name: 'a reason without its step or English message',
    exp: REJECTED,
    rec: rejected([
      { code: 'LICENCE_TOO_YOUNG', outcome: 'reject', step: '', message: { zh: '请处理。', en: ' ' } },
    ]),
    why: ['reasons without step/message{zh,en}: {LICENCE_TOO_YOUNG}'],
  },
  {
    name: 'another USCC',
    exp: EXPECTED,
    rec: withLicence({ uscc: '91330782MA5DMWM3XN' }),
    why: ['licence.uscc "91330782MA5DMWM3XN" != "91330782MA5DMWM3XM"'],
  },
  {
    name: 'a business term read as 长期 where it ends',
    exp: EXPECTED,
    rec: withLicence({ validUntil: null }),
    why: ['licence.validUntil null != "2047-03-01"'],
  },
  {
    name: 'another capital',
    exp: EXPECTED,
    rec: withLicence({ registeredCapital: 20000 }),
    why: ['licence.registeredCapital 20000 != 2000000'],
  },
  {
    name: 'no licence',
    exp: EXPECTED,
    rec: { ...RECORD, extracted: {} },
    why: ['extracted.licence missing'],
  },
  {
    name: 'another capacity score',
    exp: EXPECTED,
    rec: { ...RECORD, capacity: { score: 89, ratio: '0.89' } },
    why: ['capacity.score 89 != 90'],
  },
  {
    name: 'another fulfilment rate',
    exp: EXPECTED,
    rec: { ...RECORD, feeSchedule: { ...RECORD.feeSchedule, fulfilmentRate: '0.045' } },
    why: ['feeSchedule.fulfilmentRate "0.045" != "0.038"'],
  },
  {
    name: 'admitted without a fee schedule',
    exp: EXPECTED,
    rec: { ...RECORD, feeSchedule: undefined },
    why: ['feeSchedule missing'],
  },
  {
    name: 'OCR-tolerant: a low-confidence flag at review',
    exp: PHOTOS,
    rec: { ...RECORD, status: 'AWAITING_REVIEW', reasons: [r('LICENCE_LOW_CONFIDENCE', 'flag')] },
    why: [],
  },
  {
    name: 'OCR-tolerant: a tolerated flag is not compared with the licence',
    exp: PHOTOS,
    rec: {
      ...withLicence({ uscc: '91330782MA5DMWM3X' }),
      status: 'AWAITING_REVIEW',
      reasons: [r('LICENCE_LOW_CONFIDENCE', 'flag')],
    },
    why: [],
  },
  {
    name: 'OCR-tolerant: a tolerated flag but admitted',
    exp: PHOTOS,
    rec: { ...RECORD, reasons: [r('LEGAL_REP_MISMATCH', 'flag', 'legal_rep')] },
    why: ['status ADMITTED with OCR flags {LEGAL_REP_MISMATCH} (tolerated only at AWAITING_REVIEW)'],
  },
  {
    name: 'OCR-tolerant: a flag that is not an OCR one',
    exp: PHOTOS,
    rec: { ...RECORD, status: 'AWAITING_REVIEW', reasons: [r('CAPACITY_EVIDENCE_WEAK', 'flag', 'capacity')] },
    why: ['status AWAITING_REVIEW != ADMITTED', 'flag {CAPACITY_EVIDENCE_WEAK} != {}'],
  },
  {
    name: 'OCR-tolerant: a reject with the OCR flag when none was expected',
    exp: PHOTOS,
    rec: rejected([r('LICENCE_NAME_MISMATCH', 'flag'), r('LICENCE_MISMATCH', 'reject')]),
    why: ['reject {LICENCE_MISMATCH} != {}'],
  },
  { name: 'no record', exp: EXPECTED, rec: undefined, why: ['no record'] },
  {
    name: 'reasons that are not a list',
    exp: EXPECTED,
    rec: { ...RECORD, reasons: {} },
    why: ['reasons is not a list'],
  },
];

describe('checkCorpusRecord', () => {
  it.each(CASES)('$name', ({ exp, rec, why }) => {
    const verdict = checkCorpusRecord(ID, exp, rec);
    expect(verdict.why).toEqual(why);
    expect(verdict.pass).toBe(why.length === 0);
  });

  it('marks a verdict reached under the OCR-tolerant rule', () => {
    const tolerated = CASES.find((c) => c.name.startsWith('OCR-tolerant: a low-confidence')) as Case;
    expect(checkCorpusRecord(ID, tolerated.exp, tolerated.rec).tolerated).toBe(true);
    expect(checkCorpusRecord(ID, EXPECTED, RECORD).tolerated).toBe(false);
  });

  // The corpus's own checker, where the shared corpus sits beside the checkout: the same verdicts.
  const checker = resolve(
    process.env.CORPUS_DIR ?? join(import.meta.dirname, '../../../../shared/corpus'),
    'tools/check.mjs',
  );
  it.skipIf(!existsSync(checker))(
    'gives every case the verdict and texts of the corpus’s check.mjs',
    async () => {
      const { checkCase } = (await import(pathToFileURL(checker).href)) as {
        checkCase(id: string, exp: unknown, rec: unknown): { pass: boolean; why: string[] };
      };
      for (const c of CASES) {
        const theirs = checkCase(ID, c.exp, c.rec);
        expect({ name: c.name, why: checkCorpusRecord(ID, c.exp, c.rec).why }).toEqual({
          name: c.name,
          why: theirs.why,
        });
      }
    },
  );
});
