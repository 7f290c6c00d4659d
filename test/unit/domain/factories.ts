/**
 * Small builders for domain test inputs. Fields default to confidence 0.99 read from a text layer;
 * the application is a sound home-category seller dated 2026-11-20 whose documents all agree.
 */
import { readFileSync } from 'node:fs';
import type {
  Application,
  DeclaredDocument,
  DocumentType,
  Extraction,
  Field,
  FieldsByType,
  Sku,
} from '../../../lambdas/domain/model.js';
import type { DocumentStatus } from '../../../lambdas/domain/rules/intake.js';
import { parseRuleSettings, type RuleSettings } from '../../../lambdas/domain/settings.js';

export const USCC = '91350100M000100Y43';
export const COMPANY = '义乌市某某日用品有限公司';
export const LEGAL_REP = '张三';
export const ID_NUMBER = '11010519491231002X';
export const APPLICATION_DATE = '2026-11-20';
/** The 6 full months before the application month. */
export const WINDOW = ['2026-05', '2026-06', '2026-07', '2026-08', '2026-09', '2026-10'];

export function settings(overrides: Partial<RuleSettings> = {}): RuleSettings {
  const json = JSON.parse(
    readFileSync(new URL('../../../config/rules.default.json', import.meta.url), 'utf8'),
  );
  return { ...parseRuleSettings(json), ...overrides };
}

export function field<T>(
  value: T,
  opts: { confidence?: number; method?: 'text' | 'ocr'; file?: string } = {},
): Field<T> {
  return {
    value,
    confidence: opts.confidence ?? 0.99,
    source: { file: opts.file ?? 'doc.pdf', page: 1, line: 1, method: opts.method ?? 'text' },
  };
}

export function sku(overrides: Partial<Sku> = {}): Sku {
  return {
    sku: 'H-001',
    name: 'Storage box',
    monthlyCapacity: 6000,
    hasBattery: false,
    attributes: { materialComposition: { PP: 90, TPR: 10 }, containsFormaldehyde: 'no', en71_3Tested: 'yes' },
    documents: [],
    ...overrides,
  };
}

export const BASE_DOCUMENTS: DeclaredDocument[] = [
  { type: 'business_licence', file: 'licence.pdf' },
  { type: 'legal_rep_id', file: 'id.png' },
  { type: 'trademark', file: 'trademark.pdf' },
  { type: 'bank_statement', file: 'bank.pdf' },
  { type: 'capacity_proof', file: 'capacity.pdf' },
  { type: 'electricity_bill', file: 'power.pdf' },
];

export function application(overrides: Partial<Application> = {}): Application {
  return {
    applicationId: 'app-test-001',
    applicationDate: APPLICATION_DATE,
    seller: { companyName: COMPANY, uscc: USCC, legalRepresentative: LEGAL_REP },
    category: 'home',
    skus: [sku()],
    sampleSkus: ['H-001'],
    documents: BASE_DOCUMENTS,
    ...overrides,
  };
}

/** Every declared document of the application, received and readable. */
export function statuses(
  app: Application,
  overrides: Record<string, Partial<DocumentStatus>> = {},
): DocumentStatus[] {
  const declared = [
    ...app.documents,
    ...app.skus.flatMap((s) => (s.documents ?? []).map((d) => ({ ...d, skuId: s.sku }))),
  ];
  return declared.map((d) => ({ declared: d, state: 'ok', ...overrides[d.file] }));
}

export function read<T extends DocumentType>(type: T, file: string, fields: FieldsByType[T]): Extraction {
  return { ok: true, type, file, method: 'text', pages: 1, fields } as Extraction;
}

export function licenceFields(
  overrides: Partial<FieldsByType['business_licence']> = {},
): FieldsByType['business_licence'] {
  return {
    companyName: field(COMPANY),
    uscc: field(USCC),
    enterpriseType: field('有限责任公司'),
    legalRepresentative: field(LEGAL_REP),
    registeredCapital: field(5_000_000),
    establishedOn: field('2019-01-01'),
    validUntil: field<string | null>(null),
    ...overrides,
  };
}

export function idFields(
  overrides: Partial<FieldsByType['legal_rep_id']> = {},
): FieldsByType['legal_rep_id'] {
  return { name: field(LEGAL_REP), idNumber: field(ID_NUMBER), ...overrides };
}

export function trademarkFields(
  overrides: Partial<FieldsByType['trademark']> = {},
): FieldsByType['trademark'] {
  return {
    registrant: field(COMPANY),
    registrationNumber: field('12345678'),
    validUntil: field('2030-06-30'),
    ...overrides,
  };
}

/** One transaction on the 15th of each month. */
export function bankFields(months: string[] = WINDOW, accountName = COMPANY): FieldsByType['bank_statement'] {
  return {
    accountName: field(accountName),
    transactions: months.map((m) => field({ date: `${m}-15`, amountMinor: 100_000 })),
  };
}

export function electricityFields(
  kwhByMonth: Record<string, number> = Object.fromEntries(WINDOW.map((m) => [m, 6000])),
  accountName = COMPANY,
): FieldsByType['electricity_bill'] {
  return {
    accountName: field(accountName),
    months: Object.entries(kwhByMonth).map(([month, kwh]) => field({ month, kwh })),
  };
}

export function capacityFields(
  rows: Record<string, number> = { 'H-001': 6000 },
): FieldsByType['capacity_proof'] {
  return { rows: Object.entries(rows).map(([s, monthlyCapacity]) => field({ sku: s, monthlyCapacity })) };
}

/** The extractions of a sound application: every check passes. */
export function extractions(): Extraction[] {
  return [
    read('business_licence', 'licence.pdf', licenceFields()),
    read('legal_rep_id', 'id.png', idFields()),
    read('trademark', 'trademark.pdf', trademarkFields()),
    read('bank_statement', 'bank.pdf', bankFields()),
    read('capacity_proof', 'capacity.pdf', capacityFields()),
    read('electricity_bill', 'power.pdf', electricityFields()),
  ];
}

export const codes = (reasons: { code: string }[]): string[] => reasons.map((r) => r.code);
