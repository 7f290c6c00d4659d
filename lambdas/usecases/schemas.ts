import * as z from 'zod';
import { isIsoDate } from '../domain/dates.js';
import { CATEGORIES, DOCUMENT_TYPES } from '../domain/model.js';

/**
 * The application as a seller submits it (SPEC "Driving it headless"). The shape is checked
 * here; what the rules decide (SKU counts, sample SKUs, missing documents) is left to them.
 */
const isoDate = z.string().refine(isIsoDate, 'expected a real date as YYYY-MM-DD');
const fileName = z
  .string()
  .min(1)
  .max(255)
  .refine(
    (f) => !f.includes('/') && !f.includes('\\') && f !== '..',
    'a file name in the same folder, no path',
  );

/** The value a person sent, as JSON and cut short, for an error that names it. */
function given(input: unknown): string {
  const text = JSON.stringify(input) ?? String(input);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/**
 * A document type (SPEC "Driving it headless"): an unknown one names the value given and lists the
 * accepted ones, e.g. `"passport" is not a document type; expected one of: business_licence, …`.
 */
export function documentTypeSchema<const T extends readonly [string, ...string[]]>(accepted: T) {
  return z.enum(accepted, {
    error: (issue) =>
      issue.input === undefined
        ? `document type missing; expected one of: ${accepted.join(', ')}`
        : `${given(issue.input)} is not a document type; expected one of: ${accepted.join(', ')}`,
  });
}

export const DocumentTypeSchema = documentTypeSchema(DOCUMENT_TYPES);

export const DeclaredDocumentSchema = z.object({
  type: DocumentTypeSchema,
  file: fileName,
});

export const SkuSchema = z.object({
  sku: z.string().min(1).max(64),
  name: z.string().max(200).optional(),
  monthlyCapacity: z.number().int().nonnegative(),
  brand: z.string().max(200).optional(),
  hasBattery: z.boolean().optional(),
  targetMarkets: z.array(z.string().min(2).max(3)).optional(),
  attributes: z.record(z.string(), z.unknown()).optional(),
  documents: z.array(DeclaredDocumentSchema).optional(),
});

/** The seller as a form declares it: the headless application and the portal's draft. */
export const SellerSchema = z.object({
  companyName: z.string().min(1).max(200),
  uscc: z.string().min(1).max(40),
  legalRepresentative: z.string().max(100).optional(),
  contactEmail: z.string().max(200).optional(),
  /** Emails in zh (default) or en. */
  language: z.enum(['zh', 'en']).optional(),
});

export const ApplicationSchema = z.object({
  applicationId: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,79}$/, 'letters, digits, ".", "_" and "-", at most 80')
    .optional(),
  applicationDate: isoDate,
  seller: SellerSchema,
  category: z.enum(CATEGORIES, { error: () => `expected one of: ${CATEGORIES.join(', ')}` }),
  skus: z.array(SkuSchema).max(10_000),
  sampleSkus: z.array(z.string()).max(1000),
  documents: z.array(DeclaredDocumentSchema).max(200),
});
export type ApplicationInput = z.infer<typeof ApplicationSchema>;

const labAttempt = z.object({
  passed: z.boolean(),
  findings: z.array(z.string()).optional(),
  afterWorkingDays: z.number().int().nonnegative().max(365).optional(),
});

export const DecisionsSchema = z.object({
  review: z.object({ outcome: z.enum(['approve', 'reject']), note: z.string().optional() }).optional(),
  labResults: z.record(z.string(), z.array(labAttempt)).optional(),
  signature: z
    .object({
      accept: z.boolean(),
      signerName: z.string().optional(),
      afterDays: z.number().int().nonnegative().max(3650).optional(),
    })
    .optional(),
  appeal: z
    .object({
      documents: z
        .array(z.object({ type: documentTypeSchema(['appeal_evidence']), file: fileName }))
        .default([]),
      outcome: z.enum(['uphold', 'dismiss']),
      note: z.string().optional(),
    })
    .optional(),
});
export type Decisions = z.infer<typeof DecisionsSchema>;

export const ViolationsSchema = z.array(
  z.object({
    uscc: z.string().min(1).max(40),
    date: isoDate,
    severity: z.enum(['minor', 'serious']),
    type: z.string().max(100).optional(),
    note: z.string().max(2000).optional(),
    // For the governance events of an admitted seller (SPEC "After admission").
    impact: z.literal('egregious').optional(),
    violationId: z.string().min(1).max(120).optional(),
    skus: z.array(z.string().min(1).max(100)).max(1000).optional(),
  }),
);

/** "skus.0.monthlyCapacity" → "skus[0].monthlyCapacity", as a person reads a JSON path. */
export function fieldPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>(
    (acc, p) => (typeof p === 'number' ? `${acc}[${p}]` : acc ? `${acc}.${String(p)}` : String(p)),
    '',
  );
}
