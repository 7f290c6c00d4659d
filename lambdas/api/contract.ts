/**
 * The HTTP API's contract: request bodies (zod, validated by every handler) and response shapes
 * (types the portal imports). One file, so the portal and the handlers cannot drift apart.
 */
import * as z from 'zod';
import { MAX_UPLOAD_BYTES, UPLOAD_CONTENT_TYPES } from '../domain/documents.js';
import { CATEGORIES, type DOCUMENT_TYPES, type Message, type Reason } from '../domain/model.js';
import type { Role } from '../domain/roles.js';
import { SELLER_EVENT_TYPES } from '../ports/notifications.js';
import type { ApplicationStatus } from '../ports/repository.js';
import { DocumentTypeSchema, SellerSchema, SkuSchema } from '../usecases/schemas.js';

// Upload limits (SPEC "Documents": the presigned POST policy, the re-check after upload) and roles.
export { MAX_UPLOAD_BYTES, UPLOAD_CONTENT_TYPES } from '../domain/documents.js';
export { ROLES, type Role } from '../domain/roles.js';

/**
 * A SKU's attributes as the portal may send them: what the category rules read (a value, or one
 * level of named values such as a material composition), bounded in keys, size and depth.
 */
const AttributeKey = z.string().min(1).max(64);
const AttributeScalar = z.union([z.string().max(500), z.number(), z.boolean(), z.null()]);
const AttributeValue = z.union([
  AttributeScalar,
  z.array(AttributeScalar).max(50),
  z.record(AttributeKey, AttributeScalar).refine((o) => Object.keys(o).length <= 50, 'at most 50 entries'),
]);
const SkuForm = SkuSchema.omit({ documents: true }).extend({
  attributes: z
    .record(AttributeKey, AttributeValue)
    .refine((o) => Object.keys(o).length <= 50, 'at most 50 attributes')
    .optional(),
});

export const ApplicationForm = z.object({
  /**
   * Every date rule counts back from the application date, so the server sets it (the China date
   * of submission); a client that sends one is told so rather than silently overruled.
   */
  applicationDate: z
    .never({ error: 'the application date is set by the server when the application is submitted' })
    .optional(),
  seller: SellerSchema,
  category: z.enum(CATEGORIES),
  skus: z.array(SkuForm).max(10_000),
  sampleSkus: z.array(z.string().max(64)).max(1000),
});
export type ApplicationForm = Omit<z.infer<typeof ApplicationForm>, 'applicationDate'>;
/** The form as shown: with the date the server set at submission. */
export type ApplicationFormView = ApplicationForm & { applicationDate?: string };

export const SkuImport = z.object({ csv: z.string().max(1_000_000) });

export const UploadRequest = z.object({
  type: DocumentTypeSchema,
  fileName: z.string().min(1).max(255),
  contentType: z.enum(UPLOAD_CONTENT_TYPES),
  size: z.number().int().positive().max(MAX_UPLOAD_BYTES),
  /** For a SKU's own document (sds, rohs, un38_3). */
  sku: z.string().max(64).optional(),
});
export type UploadRequest = z.infer<typeof UploadRequest>;

export const SignatureRequest = z.object({
  accept: z.boolean(),
  signerName: z.string().min(1).max(100),
  /** The sha256 of the agreement file the seller read: a signature binds that exact file. */
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
});

/** A seller's webhook endpoint: https (loopback http locally) and the events it wants. */
export const WebhookEndpointRequest = z.object({
  url: z.string().min(1).max(2048),
  events: z.array(z.enum(SELLER_EVENT_TYPES)).min(1).max(SELLER_EVENT_TYPES.length),
});

/** The seller turns an endpoint off or on. */
export const WebhookEnabledRequest = z.object({ enabled: z.boolean() });

export const AppealRequest = z.object({ documentIds: z.array(z.string().min(1)).min(1).max(20) });

export const ReviewDecision = z.object({
  outcome: z.enum(['approve', 'reject', 'uphold', 'dismiss']),
  note: z.string().min(1).max(2000),
});

export const LabResultRequest = z.object({
  passed: z.boolean(),
  findings: z.array(z.string().min(1).max(200)).max(50).default([]),
});

// ---- after admission: a seller's fixes and appeals of violations, ops' decisions ----
const violationId = z.string().min(1).max(300);
const evidenceKind = z.enum(['production_licence', 'purchase_invoices', 'drop_shipping_contract']);
export const FixRequest = z.object({ violationId });
export const EvidenceUploadRequest = z.object({
  violationId,
  kind: evidenceKind,
  fileName: z.string().min(1).max(255),
  contentType: z.enum(UPLOAD_CONTENT_TYPES),
  size: z.number().int().positive().max(MAX_UPLOAD_BYTES),
});
export const ViolationAppealRequest = z.object({
  violationId,
  statement: z.string().trim().min(1).max(2000),
  evidence: z
    .array(
      z.object({ kind: evidenceKind, key: z.string().min(1).max(1024), file: z.string().min(1).max(255) }),
    )
    .min(1)
    .max(10),
});
export const AppealDecisionRequest = z.object({
  violationId,
  outcome: z.enum(['uphold', 'dismiss']),
  note: z.string().trim().min(1).max(2000),
});

// ---- responses ----

export interface Me {
  sub: string;
  username: string;
  groups: Role[];
  labId?: string;
}

export interface FieldRead {
  value: unknown;
  confidence: number;
  /** Read below the confidence floor of the rules the application is decided under: it flags. */
  lowConfidence: boolean;
  page: number;
  line: number;
  method: 'text' | 'ocr';
  /** Where on the page the value was read, as fractions of the page (the reviewer's outline). */
  box?: { x0: number; y0: number; x1: number; y1: number };
}

export interface DocumentRead {
  ok: boolean;
  fields: Record<string, FieldRead>;
  /** Reasons raised about this file so far (or, before submission, what the reader found wrong). */
  problems: { code: string; message: Message }[];
}

export interface DocumentView {
  documentId: string;
  type: (typeof DOCUMENT_TYPES)[number];
  file: string;
  sku?: string;
  size?: number;
  sha256?: string;
  uploaded: boolean;
  read?: DocumentRead;
}

export interface UploadTicket {
  documentId: string;
  key: string;
  /** Presigned POST: the browser posts `fields` + the file to `url`. */
  url: string;
  fields: Record<string, string>;
}

/** A draft, or the pipeline's status once submitted. */
export type PortalStatus = 'DRAFT' | ApplicationStatus;

export interface ApplicationSummary {
  applicationId: string;
  status: PortalStatus;
  companyName: string;
  category: string;
  updatedAt: string;
}

export interface TimelineEntry {
  at: string;
  actor: string;
  action: string;
  detail?: Record<string, unknown>;
}

export interface AgreementView {
  round: number;
  issuedAt: string;
  deadline: string;
  sha256: string;
  feeSchedule: { commissionRate: string; fulfilmentRate: string; settlementTermDays: number };
  signed?: { signerName: string; at: string; sha256: string };
}

export interface ApplicationDetail {
  applicationId: string;
  status: PortalStatus;
  form: ApplicationFormView;
  documents: DocumentView[];
  reasons: Reason[];
  requirements: { currentlyDue: string[]; errors: { document: string; code: string; message: Message }[] };
  timeline: TimelineEntry[];
  openTasks: { kind: string; round: number; openedAt: string; dueAt?: string }[];
  agreement?: AgreementView;
  feeSchedule?: { commissionRate: string; fulfilmentRate: string; settlementTermDays: number };
  /** Once the checks ran: the capacity score (0–100) and electricity ratio r (null: not computed). */
  capacity?: { score: number; ratio: string | null };
  /** Whether the latest rejection may still be appealed. */
  canAppeal: boolean;
}

export interface ReviewTask {
  taskId: string;
  applicationId: string;
  companyName: string;
  category: string;
  kind: 'review_checks' | 'review_lab' | 'appeal';
  round: number;
  openedAt: string;
  dueAt: string;
  claimedBy?: string;
}

export interface LabBookingView {
  bookingId: string;
  applicationId: string;
  sku: string;
  attempt: number;
  labId: string;
  bookedAt: string;
  dueAt: string;
  result?: { passed: boolean; findings: string[]; postedAt: string };
}

export interface ApiError {
  error: string;
  issues?: { path: string; message: string }[];
}

/**
 * `GET .../documents/{documentId}/file` and `GET .../agreement/file` answer with a short-lived
 * presigned GET URL (documents reach 10 MiB, beyond a Lambda response): use it as an <img> or
 * <iframe> src, or fetch it without the bearer token.
 */
export interface FileLink {
  url: string;
  contentType: string;
  expiresAt: string;
}

/** A month of the program's life: 0000-01 is not a period anyone settles. */
export const Period = z
  .string()
  .regex(/^(2\d{3})-(0[1-9]|1[0-2])$/, 'expected a period YYYY-MM from 2000-01 on');
export const IssueStatementsRequest = z.object({ period: Period });
/** Order files (SPEC "Statements": CSV with a header, or JSON lines) go under `orders/`. */
export const OrderUploadRequest = z.object({
  fileName: z.string().min(1).max(255),
  contentType: z.enum(['text/csv', 'application/x-ndjson', 'application/json']),
  size: z
    .number()
    .int()
    .positive()
    .max(2 * 1024 * 1024 * 1024),
});

export interface FinanceStatementRow {
  applicationId: string;
  currency: string;
  lines: number;
  grossMinor: number;
  commissionMinor: number;
  fulfilmentMinor: number;
  vasMinor: number;
  netMinor: number;
  jsonUrl?: string;
  csvUrl?: string;
  pdfUrl?: string;
}

export interface FinanceStatements {
  period: string;
  issued: boolean;
  issuedAt?: string;
  issuedBy?: string;
  statements: FinanceStatementRow[];
  rejects: { file: string; line: number; reason: string }[];
}
