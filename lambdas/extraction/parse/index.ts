/** One parser per document type, and what each type must yield for the rules to use it. */
import type { DocumentType, FieldsByType, Message } from '../../domain/model';
import { parseBankStatement } from './bank-statement';
import { parseCapacityProof } from './capacity-proof';
import { parseElectricityBill } from './electricity-bill';
import { parseIdCard } from './id-card';
import { parseLicence } from './licence';
import type { TextLine } from './text';
import { parseTrademark } from './trademark';

type Parser<T extends DocumentType> = (lines: readonly TextLine[], file: string) => FieldsByType[T];

const none = () => ({}) as Record<string, never>;

const PARSERS: { [T in DocumentType]: Parser<T> } = {
  business_licence: parseLicence,
  legal_rep_id: parseIdCard,
  trademark: parseTrademark,
  bank_statement: parseBankStatement,
  electricity_bill: parseElectricityBill,
  capacity_proof: parseCapacityProof,
  food_licence: none,
  medical_device_filing: none,
  sds: none,
  rohs: none,
  un38_3: none,
  appeal_evidence: none,
};

export function parseFields<T extends DocumentType>(
  type: T,
  lines: readonly TextLine[],
  file: string,
): FieldsByType[T] {
  return (PARSERS[type] as Parser<T>)(lines, file);
}

/**
 * The fields the rules need from each type, and the labels a seller should look for. A document
 * from which none of them could be read is `fields_not_found`; one that lacks only some of them is
 * read, and the rules flag or decide on what is missing.
 */
const REQUIRED: { [T in DocumentType]: { found: (f: FieldsByType[T]) => boolean; labels: Message } } = {
  business_licence: {
    found: (f) => f.uscc !== undefined || f.companyName !== undefined,
    labels: { zh: '统一社会信用代码、名称', en: 'Unified Social Credit Code, Name' },
  },
  legal_rep_id: {
    found: (f) => f.name !== undefined || f.idNumber !== undefined,
    labels: { zh: '姓名、公民身份号码', en: 'Name, ID Number' },
  },
  trademark: {
    found: (f) =>
      f.registrant !== undefined ||
      f.authorizedParty !== undefined ||
      f.registrationNumber !== undefined ||
      f.validUntil !== undefined,
    labels: {
      zh: '注册人（或被授权方）、注册号、有效期至',
      en: 'Registrant (or Authorized Party), Registration No., Valid Until',
    },
  },
  bank_statement: {
    found: (f) => f.accountName !== undefined || f.transactions.length > 0,
    labels: { zh: '户名、交易日期、金额', en: 'Account Name, Date, Amount' },
  },
  electricity_bill: {
    found: (f) => f.accountName !== undefined || f.months.length > 0,
    labels: {
      zh: '户名、账期（计费月份）、用电量(千瓦时)',
      en: 'Account Name, Billing Period, Consumption (kWh)',
    },
  },
  capacity_proof: {
    found: (f) => f.rows.length > 0,
    labels: { zh: 'SKU、月产能', en: 'SKU, Monthly Capacity' },
  },
  food_licence: { found: () => true, labels: { zh: '', en: '' } },
  medical_device_filing: { found: () => true, labels: { zh: '', en: '' } },
  sds: { found: () => true, labels: { zh: '', en: '' } },
  rohs: { found: () => true, labels: { zh: '', en: '' } },
  un38_3: { found: () => true, labels: { zh: '', en: '' } },
  appeal_evidence: { found: () => true, labels: { zh: '', en: '' } },
};

/** The labels to look for when none of the type's needed fields were read, else null. */
export function missingFields<T extends DocumentType>(type: T, fields: FieldsByType[T]): Message | null {
  const req = REQUIRED[type] as { found: (f: FieldsByType[T]) => boolean; labels: Message };
  return req.found(fields) ? null : req.labels;
}
