/**
 * The application as the seller declares it, and the facts read from its documents.
 * Pure data: no AWS, no I/O. Every other layer speaks these types.
 */
import type { IntegrityFacts } from './integrity-facts.js';

export const CATEGORIES = [
  'apparel',
  'home',
  'consumer_electronics',
  'sports_outdoor',
  'beauty',
  'toys',
  'food',
  'medical_devices',
  'drugs',
  'other',
] as const;
export type Category = (typeof CATEGORIES)[number];

export const DOCUMENT_TYPES = [
  'business_licence',
  'legal_rep_id',
  'trademark',
  'bank_statement',
  'capacity_proof',
  'electricity_bill',
  'food_licence',
  'medical_device_filing',
  'sds',
  'rohs',
  'un38_3',
  'appeal_evidence',
] as const;
export type DocumentType = (typeof DOCUMENT_TYPES)[number];

/** A document the seller listed; `skuId` is set for a SKU's own documents (sds, rohs, un38_3). */
export interface DeclaredDocument {
  type: DocumentType;
  file: string;
  skuId?: string;
}

export interface Sku {
  sku: string;
  name?: string;
  monthlyCapacity: number;
  brand?: string;
  hasBattery?: boolean;
  targetMarkets?: string[];
  attributes?: Record<string, unknown>;
  documents?: DeclaredDocument[];
}

export interface Seller {
  companyName: string;
  uscc: string;
  legalRepresentative?: string;
  contactEmail?: string;
  /** The language emails are written in (SPEC "Telling people"): zh unless en is chosen. */
  language?: 'zh' | 'en';
}

export interface Application {
  applicationId: string;
  applicationDate: string; // YYYY-MM-DD
  seller: Seller;
  category: Category;
  skus: Sku[];
  sampleSkus: string[];
  documents: DeclaredDocument[];
}

export type Step =
  | 'intake'
  | 'licence'
  | 'legal_rep'
  | 'consistency'
  | 'violations'
  | 'capacity'
  | 'attributes'
  | 'samples'
  | 'agreement'
  | 'integrity'
  | 'review';

export type Outcome = 'reject' | 'flag';

export interface Message {
  zh: string;
  en: string;
}

/** How a raised reason was settled later (a reviewer's approval, an appeal that overrode it). */
export type Resolution = 'approved' | 'rejected' | 'overridden_by_appeal' | 'appeal_dismissed';

export interface Reason {
  code: string;
  step: Step;
  outcome: Outcome;
  message: Message;
  /** The document (type or file) the reason is about, when it is about one. */
  document?: string;
  field?: string;
  resolution?: Resolution;
}

/** A region of a page as fractions of its width and height (0..1), from its top-left corner. */
export interface PageRegion {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/**
 * Where a field was read: file, 1-based page and line, how (text layer or OCR) and, when the
 * reader knew it, the region of the page its value was read from (the reviewer's outline).
 */
export interface Provenance {
  file: string;
  page: number;
  line: number;
  method: 'text' | 'ocr';
  box?: PageRegion;
}

export interface Field<T> {
  value: T;
  confidence: number; // 0..1
  source: Provenance;
}

export interface LicenceFields {
  companyName?: Field<string>;
  uscc?: Field<string>;
  enterpriseType?: Field<string>;
  legalRepresentative?: Field<string>;
  /** Integer yuan: 500万元 → 5000000. */
  registeredCapital?: Field<number>;
  establishedOn?: Field<string>; // ISO date
  /** ISO date, or null for 长期 (no end). */
  validUntil?: Field<string | null>;
}

export interface IdCardFields {
  name?: Field<string>;
  idNumber?: Field<string>;
}

export interface TrademarkFields {
  registrant?: Field<string>;
  /** For a brand authorization: the authorized party. */
  authorizedParty?: Field<string>;
  registrationNumber?: Field<string>;
  validUntil?: Field<string>; // ISO date
}

export interface BankTransaction {
  date: string; // ISO date
  amountMinor: number; // integer fen, signed
}

export interface BankStatementFields {
  accountName?: Field<string>;
  transactions: Field<BankTransaction>[];
}

export interface ElectricityMonth {
  month: string; // YYYY-MM
  kwh: number;
}

export interface ElectricityBillFields {
  accountName?: Field<string>;
  months: Field<ElectricityMonth>[];
}

export interface CapacityRow {
  sku: string;
  monthlyCapacity: number;
}

export interface CapacityProofFields {
  rows: Field<CapacityRow>[];
}

/** Fields per document type; types the rules only need to be present and readable carry none. */
export interface FieldsByType {
  business_licence: LicenceFields;
  legal_rep_id: IdCardFields;
  trademark: TrademarkFields;
  bank_statement: BankStatementFields;
  electricity_bill: ElectricityBillFields;
  capacity_proof: CapacityProofFields;
  food_licence: Record<string, never>;
  medical_device_filing: Record<string, never>;
  sds: Record<string, never>;
  rohs: Record<string, never>;
  un38_3: Record<string, never>;
  appeal_evidence: Record<string, never>;
}

export type Extraction =
  | {
      [T in DocumentType]: {
        ok: true;
        type: T;
        file: string;
        method: 'text' | 'ocr';
        pages: number;
        fields: FieldsByType[T];
        /** What the making of the file shows (integrity signals); absent in extractions stored before them. */
        integrity?: IntegrityFacts;
      };
    }[DocumentType]
  | {
      ok: false;
      type: DocumentType;
      file: string;
      /** Always DOCUMENT_UNREADABLE; `problem` says why, for the seller. */
      code: 'DOCUMENT_UNREADABLE';
      problem: UnreadableProblem;
      message: Message;
    };

export type UnreadableProblem =
  | 'empty'
  | 'too_large'
  | 'too_many_pages'
  | 'type_not_accepted'
  | 'mislabelled'
  | 'corrupt'
  | 'encrypted'
  | 'no_text_layer'
  | 'fields_not_found';
