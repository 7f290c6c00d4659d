/**
 * Acceptance matrix of the check rules (SPEC "Rules and reason codes", "Documents", "Dates"):
 * generated application folders run through `admitFolder` over the emulators, one platform for
 * the file. Each case states the final status and the EXACT reject and flag codes, and where it
 * matters the licence as read, the capacity score and the fee schedule.
 *
 * Every case has a USCC of its own (violations are stored per USCC on the shared platform) and
 * an applicationId of its own.
 */
import { afterAll, beforeAll, describe, it } from 'vitest';
import {
  idCheckDigit,
  makeUscc,
  organisationCheckCharacter,
  usccCheckCharacter,
} from '../../lambdas/domain/codes.js';
import type { Category } from '../../lambdas/domain/model.js';
import type { ViolationRecord } from '../../lambdas/ports/repository.js';
import type { LicenceView } from '../../lambdas/usecases/view.js';
import type { Platform } from '../../local/platform.js';
import { electricityBillPdf, type SampleApplicationSpec } from '../support/docgen/index.js';
import { admitSample, codes, testPlatform } from '../support/platform.js';

const APPROVE = {
  review: { outcome: 'approve' },
  labResults: {},
  signature: { accept: true, signerName: '张三' },
};

/** Application date of every case unless it says otherwise; its window is 2026-05..2026-10. */
const DATE = '2026-11-20';
const WINDOW = ['2026-05', '2026-06', '2026-07', '2026-08', '2026-09', '2026-10'];
const HOME_NAME = '义乌市佳家日用品有限公司';
const OTHER_NAME = '义乌市恒远实业有限公司';

/** A valid enterprise USCC of its own for case n. */
function uscc(n: number, prefix = '91330782'): string {
  return makeUscc(prefix, `MA${String(n).padStart(6, '0')}`);
}

/** `code` with its 18th character replaced by another valid one. */
function wrongCheckCharacter(code: string): string {
  const last = code.charAt(17);
  return code.slice(0, 17) + (last === '0' ? '1' : '0');
}

/** Right 18th character, wrong GB 11714 check character at position 17. */
function wrongOrganisationCheck(n: number): string {
  const body = `MA${String(n).padStart(6, '0')}`;
  const right = organisationCheckCharacter(body) as string;
  const wrong = right === '1' ? '2' : '1';
  const first17 = `91330782${body}${wrong}`;
  return first17 + (usccCheckCharacter(first17) as string);
}

/** A GB 11643 ID number with a wrong check digit. */
const BAD_ID = (() => {
  const first17 = '33078219850312001';
  return `${first17}${idCheckDigit(first17) === '9' ? '8' : '9'}`;
})();

const FEE = (fulfilmentRate: string) => ({ commissionRate: '0.05', fulfilmentRate, settlementTermDays: 15 });

/** Electricity months with the given kWh, one per window month (home default: 18,000 kWh expected). */
function kwh(values: number[], months = WINDOW) {
  return { data: { months: values.map((v, i) => ({ month: months[i] as string, kwh: v })) } };
}

type Status = 'ADMITTED' | 'REJECTED' | 'AWAITING_REVIEW' | 'AWAITING_LAB_RESULTS' | 'AWAITING_SIGNATURE';

interface Case {
  name: string;
  spec?: SampleApplicationSpec;
  /** Default APPROVE; null: no decisions.json (the run stops at the first human step). */
  decisions?: Record<string, unknown> | null;
  /** Penalty records of the case's declared USCC (or of `violationsUscc`), loaded first. */
  violations?: Omit<ViolationRecord, 'uscc'>[];
  violationsUscc?: string;
  status: Status;
  reject?: string[];
  flag?: string[];
  licence?: Partial<LicenceView>;
  score?: number;
  /** The fulfilment rate of the fee schedule an ADMITTED case activates. */
  fulfilmentRate?: string;
}

/** Builds the case list, giving every case a USCC of its own unless it names one. */
const cases: (Case & { uscc: string })[] = [];
let next = 1;
function add(c: Case & { uscc?: string }): void {
  const n = next++;
  const code = c.uscc ?? c.spec?.seller?.uscc ?? uscc(n);
  cases.push({
    ...c,
    uscc: code,
    spec: { ...c.spec, seller: { ...c.spec?.seller, uscc: code } },
  });
}

// ---------------------------------------------------------------------------------------------
// Admitted, per category, with their fee schedules and licence as read

add({
  name: 'home: a clean application is admitted at 4.5%',
  status: 'ADMITTED',
  fulfilmentRate: '0.045',
  score: 80,
  licence: {
    companyName: HOME_NAME,
    legalRepresentative: '张三',
    establishedOn: '2023-11-20',
    validUntil: null,
    registeredCapital: 5_000_000,
  },
});
add({
  name: 'home: a licence ending 2039-12-31 with capital 伍佰万元整 is admitted and read',
  spec: { licence: { data: { validUntil: '2039-12-31', registeredCapital: '伍佰万元整' } } },
  status: 'ADMITTED',
  fulfilmentRate: '0.045',
  licence: { validUntil: '2039-12-31', registeredCapital: 5_000_000 },
});
add({
  name: 'apparel: admitted at 3.8%',
  spec: { category: 'apparel', licence: { data: { registeredCapital: '123.5万元' } } },
  status: 'ADMITTED',
  fulfilmentRate: '0.038',
  score: 80,
  licence: { companyName: OTHER_NAME, registeredCapital: 1_235_000, validUntil: null },
});
add({
  name: 'apparel: a SKU at exactly the 2,000 minimum is admitted',
  spec: { category: 'apparel', skus: [{ monthlyCapacity: 2000 }] },
  status: 'ADMITTED',
  fulfilmentRate: '0.038',
});
add({
  name: 'consumer_electronics: with SDS, RoHS and the battery sample’s UN38.3, admitted at 5.2%',
  spec: { category: 'consumer_electronics' },
  status: 'ADMITTED',
  fulfilmentRate: '0.052',
  score: 80,
});
add({
  name: 'consumer_electronics: a battery SKU that is not a sample needs no UN38.3',
  spec: {
    category: 'consumer_electronics',
    skuCount: 4,
    sampleSkus: ['E-002', 'E-003', 'E-004'],
  },
  status: 'ADMITTED',
  fulfilmentRate: '0.052',
});
add({
  name: 'other: admitted at the default 4.5%',
  spec: { category: 'other' },
  status: 'ADMITTED',
  fulfilmentRate: '0.045',
  score: 80,
});
add({
  name: 'beauty: admitted at the default 4.5%',
  spec: { category: 'beauty' },
  status: 'ADMITTED',
  fulfilmentRate: '0.045',
  score: 80,
});
add({
  name: 'sports_outdoor: admitted at the default 4.5%',
  spec: { category: 'sports_outdoor' },
  status: 'ADMITTED',
  fulfilmentRate: '0.045',
  score: 80,
});
add({
  name: 'home: a brand authorization to the company is admitted',
  spec: { trademark: { kind: 'authorization' } },
  status: 'ADMITTED',
  fulfilmentRate: '0.045',
});
add({
  name: 'home: without decisions a clean application waits for the lab',
  decisions: null,
  status: 'AWAITING_LAB_RESULTS',
  score: 80,
});

// English labels and other written forms
add({
  name: 'English labels (home): admitted, licence read',
  spec: { lang: 'en', licence: { data: { registeredCapital: 'RMB 5.5 million', validUntil: '2040-01-31' } } },
  decisions: { ...APPROVE, signature: { accept: true, signerName: 'Zhang San' } },
  status: 'ADMITTED',
  fulfilmentRate: '0.045',
  score: 80,
  licence: {
    companyName: 'Yiwu Jiajia Household Products Co., Ltd.',
    legalRepresentative: 'Zhang San',
    establishedOn: '2023-11-20',
    validUntil: '2040-01-31',
    registeredCapital: 5_500_000,
  },
});
add({
  name: 'English labels (consumer_electronics): admitted at 5.2%',
  spec: { lang: 'en', category: 'consumer_electronics' },
  decisions: { ...APPROVE, signature: { accept: true, signerName: 'Zhang San' } },
  status: 'ADMITTED',
  fulfilmentRate: '0.052',
  licence: {
    companyName: 'Yiwu Hengyuan Industrial Co., Ltd.',
    validUntil: null,
    registeredCapital: 5_000_000,
  },
});
add({
  name: 'English labels: a term that ended the day before rejects',
  spec: { lang: 'en', licence: { data: { validUntil: '2026-11-19' } } },
  status: 'REJECTED',
  reject: ['LICENCE_EXPIRED'],
  licence: { validUntil: '2026-11-19' },
});
add({
  name: 'English labels: a different registrant flags',
  spec: { lang: 'en', trademark: { data: { registrant: 'Acme Brand Management Co., Ltd.' } } },
  decisions: null,
  status: 'AWAITING_REVIEW',
  flag: ['TRADEMARK_HOLDER_MISMATCH'],
});
add({
  name: 'Chinese labels, slash dates, one column and an end-only term: read',
  spec: {
    licence: {
      data: { validUntil: '2030-06-30' },
      options: { dateStyle: 'slash', layout: 'single-column', termStyle: 'end-only' },
    },
  },
  decisions: null,
  status: 'AWAITING_LAB_RESULTS',
  licence: { establishedOn: '2023-11-20', validUntil: '2030-06-30' },
});

// ---------------------------------------------------------------------------------------------
// Licence

{
  const bad = wrongCheckCharacter(uscc(900));
  add({
    name: 'LICENCE_USCC_INVALID: wrong 18th check character',
    uscc: bad,
    spec: { seller: { uscc: bad } },
    status: 'REJECTED',
    reject: ['LICENCE_USCC_INVALID'],
    licence: { uscc: bad },
  });
}
{
  const bad = wrongOrganisationCheck(901);
  add({
    name: 'LICENCE_USCC_INVALID: right 18th character, wrong embedded organisation-code check',
    uscc: bad,
    spec: { seller: { uscc: bad } },
    status: 'REJECTED',
    reject: ['LICENCE_USCC_INVALID'],
    licence: { uscc: bad },
  });
}
{
  // 18 characters with an O, a letter no USCC holds: malformed, read exactly from the text layer.
  const bad = `${uscc(902).slice(0, 10)}O${uscc(902).slice(11)}`;
  add({
    name: 'LICENCE_USCC_INVALID: a character a USCC never holds (text layer)',
    uscc: bad,
    spec: { seller: { uscc: bad } },
    status: 'REJECTED',
    reject: ['LICENCE_USCC_INVALID'],
  });
}
{
  // 17 characters printed in the text layer: malformed, and the text layer is exact.
  const short = uscc(907).slice(0, 17);
  add({
    name: 'LICENCE_USCC_INVALID: 17 characters (text layer)',
    uscc: short,
    spec: { seller: { uscc: short } },
    status: 'REJECTED',
    reject: ['LICENCE_USCC_INVALID'],
    licence: { uscc: short },
  });
}
{
  const individual = uscc(903, '92330782');
  add({
    name: 'LICENCE_NOT_ENTERPRISE: a valid 92… code',
    uscc: individual,
    spec: { seller: { uscc: individual } },
    status: 'REJECTED',
    reject: ['LICENCE_NOT_ENTERPRISE'],
    licence: { uscc: individual },
  });
}
add({
  name: 'LICENCE_MISMATCH: the licence’s USCC differs from the declared one',
  spec: { company: { uscc: uscc(904) } },
  status: 'REJECTED',
  reject: ['LICENCE_MISMATCH'],
  licence: { uscc: uscc(904) },
});
add({
  name: 'LICENCE_NAME_MISMATCH: flags and waits for a reviewer',
  spec: { company: { name: '义乌市佳家日用品（集团）有限公司' } },
  decisions: null,
  status: 'AWAITING_REVIEW',
  flag: ['LICENCE_NAME_MISMATCH'],
  // The reader NFKC-normalises the text layer: the name comes back with half-width brackets.
  licence: { companyName: '义乌市佳家日用品(集团)有限公司' },
});
add({
  name: 'LICENCE_NAME_MISMATCH: admitted once the reviewer approves',
  spec: { company: { name: '义乌市佳家日用品（集团）有限公司' } },
  status: 'ADMITTED',
  flag: ['LICENCE_NAME_MISMATCH'],
  fulfilmentRate: '0.045',
});
add({
  name: 'no LICENCE_NAME_MISMATCH when names differ only by full-width brackets and spaces',
  spec: {
    seller: { companyName: '义乌市佳家日用品(集团)有限公司' },
    company: { name: '义乌市佳家日用品（集团） 有限公司' },
  },
  status: 'ADMITTED',
  fulfilmentRate: '0.045',
});
add({
  name: 'no LICENCE_NAME_MISMATCH when names differ only by full-width letters and spaces',
  spec: {
    lang: 'en',
    seller: { companyName: 'Yiwu ABC Household Products Co.,Ltd.' },
    company: { name: 'Yiwu ＡＢＣ Household Products Co., Ltd.' },
  },
  decisions: null,
  status: 'AWAITING_LAB_RESULTS',
});
add({
  name: 'LICENCE_TOO_YOUNG: established exactly 1 year before passes',
  spec: { establishedOn: '2025-11-20' },
  status: 'ADMITTED',
  fulfilmentRate: '0.045',
  licence: { establishedOn: '2025-11-20' },
});
add({
  name: 'LICENCE_TOO_YOUNG: one day less rejects',
  spec: { establishedOn: '2025-11-21' },
  status: 'REJECTED',
  reject: ['LICENCE_TOO_YOUNG'],
  licence: { establishedOn: '2025-11-21' },
});
add({
  name: 'LICENCE_TOO_YOUNG: applied 2028-02-29, established 2027-02-28 (29 Feb → 28 Feb) passes',
  spec: { applicationDate: '2028-02-29', establishedOn: '2027-02-28' },
  status: 'ADMITTED',
  fulfilmentRate: '0.045',
  licence: { establishedOn: '2027-02-28' },
});
add({
  name: 'LICENCE_TOO_YOUNG: applied 2028-02-29, established 2027-03-01 rejects',
  spec: { applicationDate: '2028-02-29', establishedOn: '2027-03-01' },
  status: 'REJECTED',
  reject: ['LICENCE_TOO_YOUNG'],
});
add({
  name: 'LICENCE_TOO_YOUNG: established 2024-02-29, applied 2025-02-28 rejects (a year is to 2025-03-01)',
  spec: { applicationDate: '2025-02-28', establishedOn: '2024-02-29' },
  status: 'REJECTED',
  reject: ['LICENCE_TOO_YOUNG'],
});
add({
  name: 'LICENCE_TOO_YOUNG: established 2024-02-29, applied 2025-03-01 passes',
  spec: { applicationDate: '2025-03-01', establishedOn: '2024-02-29' },
  decisions: null,
  status: 'AWAITING_LAB_RESULTS',
  licence: { establishedOn: '2024-02-29' },
});
add({
  name: 'LICENCE_EXPIRED: the term ended the day before the application date',
  spec: { licence: { data: { validUntil: '2026-11-19' } } },
  status: 'REJECTED',
  reject: ['LICENCE_EXPIRED'],
  licence: { validUntil: '2026-11-19' },
});
add({
  name: 'LICENCE_EXPIRED: a term ending on the application date passes',
  spec: { licence: { data: { validUntil: DATE } } },
  status: 'ADMITTED',
  fulfilmentRate: '0.045',
  licence: { validUntil: DATE },
});
add({
  name: 'LICENCE_EXPIRED: 长期 never ends (validUntil null)',
  spec: { licence: { data: { validUntil: null } } },
  decisions: null,
  status: 'AWAITING_LAB_RESULTS',
  licence: { validUntil: null },
});

// ---------------------------------------------------------------------------------------------
// Legal representative

add({
  name: 'LEGAL_REP_ID_INVALID: wrong GB 11643 check digit',
  spec: { legalRepId: { data: { idNumber: BAD_ID } } },
  status: 'REJECTED',
  reject: ['LEGAL_REP_ID_INVALID'],
});
add({
  name: 'LEGAL_REP_ID_INVALID: 17 digits (text layer)',
  spec: { legalRepId: { data: { idNumber: BAD_ID.slice(0, 17) } } },
  status: 'REJECTED',
  reject: ['LEGAL_REP_ID_INVALID'],
});
add({
  name: 'LEGAL_REP_MISMATCH: the name on the ID differs from the licence’s',
  spec: { legalRepId: { data: { name: '李四' } } },
  decisions: null,
  status: 'AWAITING_REVIEW',
  flag: ['LEGAL_REP_MISMATCH'],
  licence: { legalRepresentative: '张三' },
});
add({
  name: 'no LEGAL_REP_MISMATCH when the licence names someone the declaration does not',
  spec: { company: { legalRepresentative: '王五' }, legalRepId: { data: { name: '王五' } } },
  decisions: { ...APPROVE, signature: { accept: true, signerName: '王五' } },
  status: 'ADMITTED',
  fulfilmentRate: '0.045',
  licence: { legalRepresentative: '王五' },
});

// ---------------------------------------------------------------------------------------------
// Consistency: trademark and account names

add({
  name: 'TRADEMARK_EXPIRED: registration ended the day before',
  spec: { trademark: { data: { validUntil: '2026-11-19' } } },
  status: 'REJECTED',
  reject: ['TRADEMARK_EXPIRED'],
});
add({
  name: 'TRADEMARK_EXPIRED: valid until the application date passes',
  spec: { trademark: { data: { validUntil: DATE }, options: { validity: 'until' } } },
  decisions: null,
  status: 'AWAITING_LAB_RESULTS',
});
add({
  name: 'TRADEMARK_EXPIRED: an authorization that ended the day before',
  spec: { trademark: { kind: 'authorization', data: { validUntil: '2026-11-19' } } },
  status: 'REJECTED',
  reject: ['TRADEMARK_EXPIRED'],
});
add({
  name: 'TRADEMARK_HOLDER_MISMATCH: certificate registered to another company',
  spec: { trademark: { data: { registrant: '艾克美品牌管理有限公司' } } },
  decisions: null,
  status: 'AWAITING_REVIEW',
  flag: ['TRADEMARK_HOLDER_MISMATCH'],
});
add({
  name: 'TRADEMARK_HOLDER_MISMATCH: authorization to another party',
  spec: { trademark: { kind: 'authorization', data: { authorizedParty: '义乌市某某贸易有限公司' } } },
  decisions: null,
  status: 'AWAITING_REVIEW',
  flag: ['TRADEMARK_HOLDER_MISMATCH'],
});
add({
  name: 'TRADEMARK_HOLDER_MISMATCH is compared with the licence name, not the declared one',
  spec: {
    seller: { companyName: '义乌市佳家日用品（集团）有限公司' },
    company: { name: HOME_NAME },
  },
  decisions: null,
  status: 'AWAITING_REVIEW',
  flag: ['LICENCE_NAME_MISMATCH'],
});
add({
  name: 'ACCOUNT_NAME_MISMATCH: bank statement in another name',
  spec: { bankStatement: { data: { accountName: '义乌市某某贸易有限公司' } } },
  decisions: null,
  status: 'AWAITING_REVIEW',
  flag: ['ACCOUNT_NAME_MISMATCH'],
});
add({
  name: 'ACCOUNT_NAME_MISMATCH: electricity bill in another name',
  spec: { electricityBill: { data: { accountName: '张三' } } },
  decisions: null,
  status: 'AWAITING_REVIEW',
  flag: ['ACCOUNT_NAME_MISMATCH'],
  score: 80,
});
add({
  name: 'ACCOUNT_NAME_MISMATCH: approved by the reviewer, admitted',
  spec: { electricityBill: { data: { accountName: '张三' } } },
  status: 'ADMITTED',
  flag: ['ACCOUNT_NAME_MISMATCH'],
  fulfilmentRate: '0.045',
});
add({
  name: 'ACCOUNT_NAME_MISMATCH: rejected by the reviewer',
  spec: { bankStatement: { data: { accountName: '义乌市某某贸易有限公司' } } },
  decisions: { ...APPROVE, review: { outcome: 'reject', note: 'not the company’s account' } },
  status: 'REJECTED',
  reject: ['REVIEW_REJECTED'],
  flag: ['ACCOUNT_NAME_MISMATCH'],
});
add({
  name: 'REVIEW_REJECTED: an appeal against LICENCE_TOO_YOUNG dismissed, the reject stands beside it',
  spec: { establishedOn: '2025-11-21' },
  decisions: { ...APPROVE, appeal: { documents: [], outcome: 'dismiss', note: 'founded too recently' } },
  status: 'REJECTED',
  reject: ['LICENCE_TOO_YOUNG', 'REVIEW_REJECTED'],
});
add({
  name: 'REVIEW_REJECTED: a flag rejected by the reviewer, then the appeal dismissed',
  spec: { electricityBill: { data: { accountName: '张三' } } },
  decisions: {
    ...APPROVE,
    review: { outcome: 'reject', note: 'not the company’s meter' },
    appeal: { documents: [], outcome: 'dismiss' },
  },
  status: 'REJECTED',
  reject: ['REVIEW_REJECTED'],
  flag: ['ACCOUNT_NAME_MISMATCH'],
});
add({
  name: 'an appeal against LICENCE_TOO_YOUNG upheld: admitted, no REVIEW_REJECTED',
  spec: { establishedOn: '2025-11-21' },
  decisions: { ...APPROVE, appeal: { documents: [], outcome: 'uphold' } },
  status: 'ADMITTED',
  reject: ['LICENCE_TOO_YOUNG'],
  fulfilmentRate: '0.045',
});

// ---------------------------------------------------------------------------------------------
// Violations (DATE 2026-11-20: the 12-month window is 2025-11-20..2026-11-20)

const minor = (date: string) => ({ date, severity: 'minor' as const, type: 'late_shipment' });
const serious = (date: string) => ({ date, severity: 'serious' as const, type: 'counterfeit' });

add({
  name: 'SERIOUS_VIOLATION_12M: exactly 12 months before',
  violations: [serious('2025-11-20')],
  status: 'REJECTED',
  reject: ['SERIOUS_VIOLATION_12M'],
});
add({
  name: 'SERIOUS_VIOLATION_12M: on the application date (the window’s end)',
  violations: [serious(DATE)],
  status: 'REJECTED',
  reject: ['SERIOUS_VIOLATION_12M'],
});
add({
  name: 'SERIOUS_VIOLATION_12M: one day older than 12 months is not counted',
  violations: [serious('2025-11-19')],
  status: 'ADMITTED',
  fulfilmentRate: '0.045',
});
add({
  name: 'SERIOUS_VIOLATION_12M: a record of the code on the licence counts too',
  spec: { company: { uscc: uscc(905) } },
  violationsUscc: uscc(905),
  violations: [serious('2026-03-01')],
  status: 'REJECTED',
  reject: ['LICENCE_MISMATCH', 'SERIOUS_VIOLATION_12M'],
});
add({
  name: 'MINOR_VIOLATIONS: 1 minor in the window flags',
  violations: [minor('2025-11-20')],
  decisions: null,
  status: 'AWAITING_REVIEW',
  flag: ['MINOR_VIOLATIONS'],
});
add({
  name: 'MINOR_VIOLATIONS: 3 minor in the window flag; approved, admitted',
  violations: [minor('2026-01-05'), minor('2026-04-05'), minor(DATE)],
  status: 'ADMITTED',
  flag: ['MINOR_VIOLATIONS'],
  fulfilmentRate: '0.045',
});
add({
  name: 'MINOR_VIOLATIONS: minor ones older than 12 months are not counted',
  violations: [minor('2025-11-19'), minor('2024-06-01')],
  decisions: null,
  status: 'AWAITING_LAB_RESULTS',
});
add({
  name: 'PERMANENTLY_BANNED: 4 violations of any age',
  violations: [minor('2015-01-01'), minor('2018-01-01'), serious('2020-01-01'), minor('2022-01-01')],
  status: 'REJECTED',
  reject: ['PERMANENTLY_BANNED'],
});
add({
  name: 'PERMANENTLY_BANNED: 4 minor in the window ban, and are no longer a flag',
  violations: [minor('2026-01-01'), minor('2026-02-01'), minor('2026-03-01'), minor('2026-04-01')],
  status: 'REJECTED',
  reject: ['PERMANENTLY_BANNED'],
});
add({
  name: 'PERMANENTLY_BANNED with the recent minor one flagged and a recent serious one',
  violations: [minor('2016-01-01'), minor('2017-01-01'), serious('2026-02-01'), minor('2026-06-01')],
  status: 'REJECTED',
  reject: ['PERMANENTLY_BANNED', 'SERIOUS_VIOLATION_12M'],
  flag: ['MINOR_VIOLATIONS'],
});

// ---------------------------------------------------------------------------------------------
// Capacity: bank statements, proof, minimum, electricity

add({
  name: 'BANK_STATEMENTS_INCOMPLETE: 5 of the 6 months (score unchanged)',
  spec: { bankStatement: { months: WINDOW.slice(0, 5) } },
  status: 'REJECTED',
  reject: ['BANK_STATEMENTS_INCOMPLETE'],
  score: 80,
});
add({
  name: 'BANK_STATEMENTS_INCOMPLETE: transactions in the application month do not count',
  spec: { bankStatement: { months: [...WINDOW.slice(1), '2026-11'] } },
  status: 'REJECTED',
  reject: ['BANK_STATEMENTS_INCOMPLETE'],
});
add({
  name: 'CAPACITY_PROOF_MISMATCH: a SKU absent from the proof (held to its declared capacity)',
  spec: {
    capacityProof: {
      data: {
        rows: [
          { sku: 'H-001', monthlyCapacity: 6000 },
          { sku: 'H-002', monthlyCapacity: 6000 },
        ],
      },
    },
  },
  decisions: null,
  status: 'AWAITING_REVIEW',
  flag: ['CAPACITY_PROOF_MISMATCH'],
});
add({
  name: 'CAPACITY_PROOF_MISMATCH: proof states less than declared (still above the minimum)',
  spec: {
    capacityProof: {
      data: {
        rows: [
          { sku: 'H-001', monthlyCapacity: 5500 },
          { sku: 'H-002', monthlyCapacity: 6000 },
          { sku: 'H-003', monthlyCapacity: 6000 },
        ],
      },
    },
  },
  status: 'ADMITTED',
  flag: ['CAPACITY_PROOF_MISMATCH'],
  fulfilmentRate: '0.045',
});
add({
  name: 'no CAPACITY_PROOF_MISMATCH when the proof states more than declared',
  spec: {
    capacityProof: {
      data: {
        rows: [
          { sku: 'H-001', monthlyCapacity: 9000 },
          { sku: 'H-002', monthlyCapacity: 6000 },
          { sku: 'H-003', monthlyCapacity: 6000 },
        ],
      },
    },
  },
  decisions: null,
  status: 'AWAITING_LAB_RESULTS',
});
add({
  name: 'CAPACITY_BELOW_MINIMUM: home declared 4,999 (proof agrees)',
  spec: { skus: [{ monthlyCapacity: 4999 }] },
  status: 'REJECTED',
  reject: ['CAPACITY_BELOW_MINIMUM'],
});
add({
  name: 'CAPACITY_BELOW_MINIMUM: home declared exactly 5,000 passes',
  spec: { skus: [{ monthlyCapacity: 5000 }] },
  decisions: null,
  status: 'AWAITING_LAB_RESULTS',
});
add({
  name: 'CAPACITY_BELOW_MINIMUM: declared 6,000, proven 4,999 (the lower counts)',
  spec: {
    capacityProof: {
      data: {
        rows: [
          { sku: 'H-001', monthlyCapacity: 6000 },
          { sku: 'H-002', monthlyCapacity: 4999 },
          { sku: 'H-003', monthlyCapacity: 6000 },
        ],
      },
    },
  },
  status: 'REJECTED',
  reject: ['CAPACITY_BELOW_MINIMUM'],
  flag: ['CAPACITY_PROOF_MISMATCH'],
});
add({
  name: 'CAPACITY_BELOW_MINIMUM: declared 4,999 and absent from the proof',
  spec: {
    skus: [{}, {}, { monthlyCapacity: 4999 }],
    capacityProof: {
      data: {
        rows: [
          { sku: 'H-001', monthlyCapacity: 6000 },
          { sku: 'H-002', monthlyCapacity: 6000 },
        ],
      },
    },
  },
  status: 'REJECTED',
  reject: ['CAPACITY_BELOW_MINIMUM'],
  flag: ['CAPACITY_PROOF_MISMATCH'],
});
add({
  name: 'CAPACITY_BELOW_MINIMUM: apparel 1,999 vs 2,000',
  spec: { category: 'apparel', skus: [{ monthlyCapacity: 1999 }] },
  status: 'REJECTED',
  reject: ['CAPACITY_BELOW_MINIMUM'],
});
add({
  name: 'CAPACITY_EVIDENCE_MISSING: electricity for 2 of the 6 months (score 0)',
  spec: { electricityBill: { months: WINDOW.slice(4) } },
  status: 'REJECTED',
  reject: ['CAPACITY_EVIDENCE_MISSING'],
  score: 0,
});
add({
  name: 'CAPACITY_EVIDENCE_MISSING: months outside the window do not count',
  spec: { electricityBill: { months: ['2026-04', '2026-09', '2026-10', '2026-11'] } },
  status: 'REJECTED',
  reject: ['CAPACITY_EVIDENCE_MISSING'],
  score: 0,
});
add({
  name: 'CAPACITY_EVIDENCE_MISSING: 3 of the 6 months are enough (score on those)',
  spec: { electricityBill: { months: WINDOW.slice(3) } },
  decisions: null,
  status: 'AWAITING_LAB_RESULTS',
  score: 80,
});
add({
  name: 'r averages over the billed months only: 3 months at 0.5 is weak, not inconsistent',
  spec: { electricityBill: kwh([9000, 9000, 9000], WINDOW.slice(3)) },
  decisions: null,
  status: 'AWAITING_REVIEW',
  flag: ['CAPACITY_EVIDENCE_WEAK'],
  score: 50,
});
add({
  name: 'CAPACITY_EVIDENCE_INCONSISTENT: r = 0.2',
  spec: { electricityBill: { ratio: 0.2 } },
  status: 'REJECTED',
  reject: ['CAPACITY_EVIDENCE_INCONSISTENT'],
  score: 20,
});
add({
  name: 'CAPACITY_EVIDENCE_INCONSISTENT: r just below 0.3 (32,399 / 108,000)',
  spec: { electricityBill: kwh([5400, 5400, 5400, 5400, 5400, 5399]) },
  status: 'REJECTED',
  reject: ['CAPACITY_EVIDENCE_INCONSISTENT'],
  score: 30,
});
add({
  name: 'CAPACITY_EVIDENCE_WEAK: r exactly 0.3 is weak',
  spec: { electricityBill: kwh([5400, 5400, 5400, 5400, 5400, 5400]) },
  decisions: null,
  status: 'AWAITING_REVIEW',
  flag: ['CAPACITY_EVIDENCE_WEAK'],
  score: 30,
});
add({
  name: 'CAPACITY_EVIDENCE_WEAK: r = 0.345 rounds half up to score 35',
  spec: { electricityBill: kwh([6210, 6210, 6210, 6210, 6210, 6210]) },
  decisions: null,
  status: 'AWAITING_REVIEW',
  flag: ['CAPACITY_EVIDENCE_WEAK'],
  score: 35,
});
add({
  name: 'CAPACITY_EVIDENCE_WEAK: r just below 0.6, approved, admitted',
  spec: { electricityBill: kwh([10800, 10800, 10800, 10800, 10800, 10799]) },
  status: 'ADMITTED',
  flag: ['CAPACITY_EVIDENCE_WEAK'],
  score: 60,
  fulfilmentRate: '0.045',
});
add({
  name: 'CAPACITY_EVIDENCE_WEAK: r exactly 0.6 passes',
  spec: { electricityBill: kwh([11016, 10584, 10908, 10692, 11124, 10476]) },
  decisions: null,
  status: 'AWAITING_LAB_RESULTS',
  score: 60,
});
add({
  name: 'capacity score is capped at 100 (r = 1.5)',
  spec: { electricityBill: { ratio: 1.5 } },
  decisions: null,
  status: 'AWAITING_LAB_RESULTS',
  score: 100,
});

// ---------------------------------------------------------------------------------------------
// Attributes and UN38.3

const HOME_ATTRS = {
  materialComposition: { PP: 90, TPR: 10 },
  containsFormaldehyde: 'no',
  en71_3Tested: 'yes',
};

add({
  name: 'ATTRIBUTES_MISSING: home SKU without containsFormaldehyde',
  spec: { skus: [{}, { attributes: { ...HOME_ATTRS, containsFormaldehyde: undefined } }] },
  status: 'REJECTED',
  reject: ['ATTRIBUTES_MISSING'],
});
add({
  name: 'ATTRIBUTES_MISSING: home SKU without en71_3Tested',
  spec: { skus: [{ attributes: { materialComposition: { PP: 100 }, containsFormaldehyde: 'yes' } }] },
  status: 'REJECTED',
  reject: ['ATTRIBUTES_MISSING'],
});
add({
  name: 'ATTRIBUTES_MISSING: home materialComposition summing to 95',
  spec: { skus: [{}, {}, { attributes: { ...HOME_ATTRS, materialComposition: { PP: 85, TPR: 10 } } }] },
  status: 'REJECTED',
  reject: ['ATTRIBUTES_MISSING'],
});
add({
  name: 'ATTRIBUTES_MISSING: home materialComposition 33.3 + 33.3 + 33.4 is 100',
  spec: {
    skus: [{ attributes: { ...HOME_ATTRS, materialComposition: { PP: 33.3, PE: 33.3, TPR: 33.4 } } }],
  },
  decisions: null,
  status: 'AWAITING_LAB_RESULTS',
});
add({
  name: 'ATTRIBUTES_MISSING: electronics SKU without SDS',
  spec: { category: 'consumer_electronics', skuDocuments: { 'E-002': { sds: { omit: true } } } },
  status: 'REJECTED',
  reject: ['ATTRIBUTES_MISSING'],
});
add({
  name: 'ATTRIBUTES_MISSING: electronics SKU without RoHS',
  spec: { category: 'consumer_electronics', skuDocuments: { 'E-003': { rohs: { omit: true } } } },
  status: 'REJECTED',
  reject: ['ATTRIBUTES_MISSING'],
});
add({
  name: 'UN38_3_REPORT_MISSING: a battery sample SKU without its report',
  spec: { category: 'consumer_electronics', skuDocuments: { 'E-001': { un38_3: { omit: true } } } },
  status: 'REJECTED',
  reject: ['UN38_3_REPORT_MISSING'],
});
add({
  name: 'UN38_3_REPORT_MISSING: applies to a battery sample in any category',
  spec: {
    category: 'sports_outdoor',
    skus: [{ hasBattery: true }],
    skuDocuments: { 'S-001': { un38_3: { omit: true } } },
  },
  status: 'REJECTED',
  reject: ['UN38_3_REPORT_MISSING'],
});

// ---------------------------------------------------------------------------------------------
// Written forms the readers accept (SPEC "Documents"): each still passes every rule

/** An ID number whose GB 11643 check character is X. */
const ID_WITH_X = (() => {
  for (let n = 0; n < 1000; n++) {
    const first17 = `33078219850312${String(n).padStart(3, '0')}`;
    if (idCheckDigit(first17) === 'X') return `${first17}X`;
  }
  throw new Error('no ID number with X');
})();

add({
  name: 'licence with full-width digits and 2023年11月20日 unpadded dates',
  spec: { licence: { data: { validUntil: '2033-01-05' }, options: { fullWidth: true, dateStyle: 'cjk' } } },
  decisions: null,
  status: 'AWAITING_LAB_RESULTS',
  licence: { establishedOn: '2023-11-20', validUntil: '2033-01-05', registeredCapital: 5_000_000 },
});
add({
  name: 'licence with 2023.11.20 dates',
  spec: { licence: { data: { validUntil: '2026-11-19' }, options: { dateStyle: 'dot' } } },
  status: 'REJECTED',
  reject: ['LICENCE_EXPIRED'],
  licence: { establishedOn: '2023-11-20', validUntil: '2026-11-19' },
});
add({
  name: 'ID number ending in X',
  spec: { legalRepId: { data: { idNumber: ID_WITH_X } } },
  decisions: null,
  status: 'AWAITING_LAB_RESULTS',
});
add({
  name: 'electricity bill as labelled lines with 2026/05 months',
  spec: { electricityBill: { options: { layout: 'labelled', monthStyle: 'slash' } } },
  decisions: null,
  status: 'AWAITING_LAB_RESULTS',
  score: 80,
});
add({
  name: 'electricity bill with 2026-05 months and full-width digits',
  spec: { electricityBill: { options: { monthStyle: 'iso', fullWidth: true } } },
  decisions: null,
  status: 'AWAITING_LAB_RESULTS',
  score: 80,
});
add({
  name: 'bank statement with full-width digits and 2026.05.03 dates',
  spec: { bankStatement: { options: { fullWidth: true, dateStyle: 'dot' } } },
  decisions: null,
  status: 'AWAITING_LAB_RESULTS',
});
add({
  name: 'bank statement over several pages (the header repeated)',
  spec: {
    bankStatement: {
      data: {
        transactions: WINDOW.flatMap((m) =>
          Array.from({ length: 12 }, (_, d) => ({
            date: `${m}-${String(d + 2).padStart(2, '0')}`,
            amountMinor: 100_00,
          })),
        ),
      },
    },
  },
  decisions: null,
  status: 'AWAITING_LAB_RESULTS',
});
add({
  name: 'bank statement over several pages missing its last month',
  spec: {
    bankStatement: {
      data: {
        transactions: WINDOW.slice(0, 5).flatMap((m) =>
          Array.from({ length: 12 }, (_, d) => ({
            date: `${m}-${String(d + 2).padStart(2, '0')}`,
            amountMinor: 100_00,
          })),
        ),
      },
    },
  },
  status: 'REJECTED',
  reject: ['BANK_STATEMENTS_INCOMPLETE'],
});
add({
  name: 'trademark with 有效期至 and a labelled number',
  spec: { trademark: { options: { validity: 'until', number: 'labelled' } } },
  decisions: null,
  status: 'AWAITING_LAB_RESULTS',
});
add({
  name: 'January application: the window is 2026-07..2026-12',
  spec: { applicationDate: '2027-01-15' },
  decisions: null,
  status: 'AWAITING_LAB_RESULTS',
  score: 80,
  licence: { establishedOn: '2024-01-15' },
});
add({
  name: 'January application without December statements',
  spec: {
    applicationDate: '2027-01-15',
    bankStatement: { months: ['2026-07', '2026-08', '2026-09', '2026-10', '2026-11', '2027-01'] },
  },
  status: 'REJECTED',
  reject: ['BANK_STATEMENTS_INCOMPLETE'],
});
add({
  name: 'electricity in two files, three months each',
  spec: {
    electricityBill: { months: WINDOW.slice(0, 3) },
    extraDocuments: [
      {
        type: 'electricity_bill',
        file: 'electricity-bill-2.pdf',
        bytes: await electricityBillPdf({
          accountName: HOME_NAME,
          months: WINDOW.slice(3).map((month) => ({ month, kwh: 14_400 })),
        }),
      },
    ],
  },
  decisions: null,
  status: 'AWAITING_LAB_RESULTS',
  score: 80,
});
add({
  name: 'electricity: a second file in another name flags',
  spec: {
    electricityBill: { months: WINDOW.slice(0, 3) },
    extraDocuments: [
      {
        type: 'electricity_bill',
        file: 'electricity-bill-2.pdf',
        // Its own account: another case's bill with the same number would be a borrowed document.
        bytes: await electricityBillPdf({
          accountName: '义乌市某某贸易有限公司',
          accountNo: '3309870104',
          months: WINDOW.slice(3).map((month) => ({ month, kwh: 14_400 })),
        }),
      },
    ],
  },
  decisions: null,
  status: 'AWAITING_REVIEW',
  flag: ['ACCOUNT_NAME_MISMATCH'],
  score: 80,
});
add({
  name: 'English capacity proof and electricity bill for apparel',
  spec: {
    category: 'apparel',
    capacityProof: { options: { lang: 'en' } },
    electricityBill: { options: { lang: 'en' } },
    bankStatement: { options: { lang: 'en' } },
  },
  decisions: null,
  status: 'AWAITING_LAB_RESULTS',
  score: 80,
});

add({
  name: 'licence with whitespace-only separators and half-width colons elsewhere',
  spec: {
    licence: { options: { separator: ' ' } },
    trademark: { options: { separator: ':' } },
  },
  decisions: null,
  status: 'AWAITING_LAB_RESULTS',
  licence: {
    companyName: HOME_NAME,
    establishedOn: '2023-11-20',
    validUntil: null,
    registeredCapital: 5_000_000,
  },
});
add({
  name: 'English licence with an end-only term: Long-term',
  spec: { lang: 'en', licence: { options: { termStyle: 'end-only' } } },
  decisions: null,
  status: 'AWAITING_LAB_RESULTS',
  licence: { validUntil: null },
});
add({
  name: 'English licence with an end-only term ending the day before',
  spec: { lang: 'en', licence: { data: { validUntil: '2026-11-19' }, options: { termStyle: 'end-only' } } },
  status: 'REJECTED',
  reject: ['LICENCE_EXPIRED'],
  licence: { validUntil: '2026-11-19' },
});
add({
  name: 'English brand authorization to another party flags',
  spec: {
    lang: 'en',
    trademark: { kind: 'authorization', data: { authorizedParty: 'Yiwu Trading Co., Ltd.' } },
  },
  decisions: null,
  status: 'AWAITING_REVIEW',
  flag: ['TRADEMARK_HOLDER_MISMATCH'],
});
add({
  name: 'a billed month outside the window is not averaged in',
  spec: { electricityBill: kwh([14_400, 14_400, 14_400, 180_000], [...WINDOW.slice(3), '2026-11']) },
  decisions: null,
  status: 'AWAITING_LAB_RESULTS',
  score: 80,
});
add({
  name: 'decimal kWh summing to exactly r = 0.3 is weak, not inconsistent',
  spec: { electricityBill: kwh([5400.1, 5399.9, 5400.2, 5399.8, 5400.3, 5399.7]) },
  decisions: null,
  status: 'AWAITING_REVIEW',
  flag: ['CAPACITY_EVIDENCE_WEAK'],
  score: 30,
});
add({
  name: 'ATTRIBUTES_MISSING: containsFormaldehyde "maybe" is not yes/no',
  spec: { skus: [{ attributes: { ...HOME_ATTRS, containsFormaldehyde: 'maybe' } }] },
  status: 'REJECTED',
  reject: ['ATTRIBUTES_MISSING'],
});
add({
  name: 'home attributes as "Yes" and booleans are complete',
  spec: {
    skus: [
      { attributes: { ...HOME_ATTRS, containsFormaldehyde: 'No', en71_3Tested: 'Yes' } },
      { attributes: { ...HOME_ATTRS, containsFormaldehyde: false, en71_3Tested: true } },
    ],
  },
  decisions: null,
  status: 'AWAITING_LAB_RESULTS',
});
add({
  name: 'violations: applied 2028-02-29, a serious one on 2027-02-28 is within 12 months',
  spec: { applicationDate: '2028-02-29' },
  violations: [serious('2027-02-28')],
  status: 'REJECTED',
  reject: ['SERIOUS_VIOLATION_12M'],
});
add({
  name: 'violations: applied 2028-02-29, a minor one on 2027-02-27 is older than 12 months',
  spec: { applicationDate: '2028-02-29' },
  violations: [minor('2027-02-27')],
  decisions: null,
  status: 'AWAITING_LAB_RESULTS',
});

// ---------------------------------------------------------------------------------------------
// Several problems at once: every rule reports

add({
  name: 'home: four rejects and six flags, all reported',
  spec: {
    seller: { companyName: '义乌市佳家家居有限公司' },
    company: { name: HOME_NAME },
    establishedOn: '2026-01-01',
    trademark: { data: { validUntil: '2026-11-01' } },
    legalRepId: { data: { name: '李四' } },
    bankStatement: { months: WINDOW.slice(1), data: { accountName: '义乌市某某贸易有限公司' } },
    electricityBill: { ratio: 0.4 },
    capacityProof: {
      data: {
        rows: [
          { sku: 'H-001', monthlyCapacity: 6000 },
          { sku: 'H-002', monthlyCapacity: 6000 },
        ],
      },
    },
    skus: [{}, { attributes: { ...HOME_ATTRS, en71_3Tested: undefined } }],
  },
  violations: [minor('2026-05-05')],
  status: 'REJECTED',
  reject: ['ATTRIBUTES_MISSING', 'BANK_STATEMENTS_INCOMPLETE', 'LICENCE_TOO_YOUNG', 'TRADEMARK_EXPIRED'],
  flag: [
    'ACCOUNT_NAME_MISMATCH',
    'CAPACITY_EVIDENCE_WEAK',
    'CAPACITY_PROOF_MISMATCH',
    'LEGAL_REP_MISMATCH',
    'LICENCE_NAME_MISMATCH',
    'MINOR_VIOLATIONS',
  ],
  score: 40,
  licence: { companyName: HOME_NAME, establishedOn: '2026-01-01', legalRepresentative: '张三' },
});
add({
  name: 'consumer_electronics: eight rejects and a flag, all reported',
  spec: {
    category: 'consumer_electronics',
    company: { uscc: uscc(906) },
    legalRepId: { data: { idNumber: BAD_ID } },
    licence: { data: { validUntil: '2026-10-31' } },
    skus: [{}, { monthlyCapacity: 1999 }],
    skuDocuments: { 'E-001': { un38_3: { omit: true } }, 'E-003': { rohs: { omit: true } } },
    trademark: { kind: 'authorization', data: { authorizedParty: '义乌市某某贸易有限公司' } },
    electricityBill: { ratio: 0.25 },
  },
  violationsUscc: uscc(906),
  violations: [serious('2026-08-08')],
  status: 'REJECTED',
  reject: [
    'ATTRIBUTES_MISSING',
    'CAPACITY_BELOW_MINIMUM',
    'CAPACITY_EVIDENCE_INCONSISTENT',
    'LEGAL_REP_ID_INVALID',
    'LICENCE_EXPIRED',
    'LICENCE_MISMATCH',
    'SERIOUS_VIOLATION_12M',
    'UN38_3_REPORT_MISSING',
  ],
  flag: ['TRADEMARK_HOLDER_MISMATCH'],
  score: 25,
  licence: { uscc: uscc(906), validUntil: '2026-10-31' },
});

// ---------------------------------------------------------------------------------------------

describe('rules acceptance matrix', () => {
  let platform: Platform;
  beforeAll(async () => {
    platform = await testPlatform();
    const records: ViolationRecord[] = cases.flatMap((c) =>
      (c.violations ?? []).map((v) => ({ ...v, uscc: c.violationsUscc ?? c.uscc })),
    );
    await platform.container.violations.put(records);
  });
  afterAll(async () => {
    await platform?.stop();
  });

  it.concurrent.for(cases.map((c, i) => ({ ...c, id: `rules-${String(i + 1).padStart(3, '0')}` })))(
    '$id $name',
    async (c, { expect }) => {
      const decisions = c.decisions === undefined ? APPROVE : c.decisions;
      const { record } = await admitSample(platform, {
        ...c.spec,
        applicationId: c.id,
        ...(decisions ? { decisions } : {}),
      });
      if (record.status === 'ERROR') throw new Error(`${c.id}: ${JSON.stringify(record.error)}`);
      expect({ status: record.status, ...codes(record) }).toEqual({
        status: c.status,
        reject: c.reject ?? [],
        flag: c.flag ?? [],
      });
      // Every reason says what to do, in both languages.
      for (const r of record.reasons) {
        expect(r.message.zh, r.code).not.toBe('');
        expect(r.message.en, r.code).not.toBe('');
      }
      const declared = c.uscc;
      expect(record.extracted.licence).toMatchObject({
        uscc: c.spec?.company?.uscc ?? declared,
        ...c.licence,
      });
      if (c.score !== undefined) expect(record.capacity?.score).toBe(c.score);
      if (c.status === 'ADMITTED') {
        expect(record.feeSchedule).toEqual(FEE(c.fulfilmentRate ?? 'missing in the case'));
      } else {
        expect(record.feeSchedule).toBeUndefined();
      }
    },
  );
});

/** The categories with an admitted case (a guard against the matrix losing one). */
const admittedCategories = new Set<Category>(
  cases.filter((c) => c.status === 'ADMITTED').map((c) => c.spec?.category ?? 'home'),
);
describe('matrix coverage', () => {
  it('admits at least one application of each fee category', () => {
    for (const category of ['home', 'apparel', 'consumer_electronics', 'other'] as const) {
      if (!admittedCategories.has(category)) throw new Error(`no admitted ${category} case`);
    }
  });
});
