/**
 * What a seller hands in (SPEC "Required at intake", "Documents"): the documents every application
 * needs, each category's own licence, and what an upload may be. Plain data with type-only imports:
 * the intake rules, the API and the portal's browser bundle all read these from here.
 */
import type { Category, DocumentType } from './model.js';

/** The six base documents every application declares. */
export const REQUIRED_DOCUMENTS: readonly DocumentType[] = [
  'business_licence',
  'legal_rep_id',
  'trademark',
  'bank_statement',
  'capacity_proof',
  'electricity_bill',
];

/** The category's own licence; its absence is CATEGORY_LICENCE_MISSING, not DOCUMENT_MISSING. */
export const CATEGORY_LICENCES: Partial<Record<Category, DocumentType>> = {
  food: 'food_licence',
  medical_devices: 'medical_device_filing',
};

/** Largest accepted file: the presigned POST policy, the re-check after upload, the reader. */
export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;

export const UPLOAD_CONTENT_TYPES = ['application/pdf', 'image/png', 'image/jpeg'] as const;
export type UploadContentType = (typeof UPLOAD_CONTENT_TYPES)[number];

/** The accepted content type a file name's extension (lower case) stands for. */
export const CONTENT_TYPE_BY_EXTENSION: Readonly<Record<string, UploadContentType>> = {
  pdf: 'application/pdf',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
};
