/**
 * The API's shapes, as the portal sees them: the contract's types (type-only imports: nothing of
 * the server, zod included, is bundled) plus the local identity provider's and the config's.
 */
export type {
  AgreementView,
  ApiError as ApiErrorBody,
  ApplicationDetail,
  ApplicationForm,
  ApplicationSummary,
  DocumentRead,
  DocumentView,
  FieldRead,
  FileLink,
  LabBookingView,
  Me,
  PortalStatus,
  ReviewTask,
  Role,
  TimelineEntry,
  UploadTicket,
} from '../../../lambdas/api/contract';
export type { Category, DocumentType, Message, Reason, Sku } from '../../../lambdas/domain/model';
export type { IntegrityEvidence, IntegritySign } from '../../../lambdas/domain/rules/integrity';

import type { Role } from '../../../lambdas/api/contract';

// Facts of the domain, from where the server reads them (pure data, no zod: safe to bundle).
export {
  CATEGORY_LICENCES,
  CONTENT_TYPE_BY_EXTENSION,
  MAX_UPLOAD_BYTES,
  REQUIRED_DOCUMENTS,
  UPLOAD_CONTENT_TYPES,
  type UploadContentType,
} from '../../../lambdas/domain/documents';
export { CATEGORIES as CATEGORY_LIST } from '../../../lambdas/domain/model';
export { SELLER_EVENT_TYPES } from '../../../lambdas/ports/notifications';

/** Finding codes a lab reports (SPEC "Eligible lab": what inspection looks at). */
export const LAB_FINDINGS = [
  'APPEARANCE_DEFECT',
  'MATERIAL_MISMATCH',
  'CE_MARK_MISSING',
  'FCC_MARK_MISSING',
  'MANUAL_LANGUAGE_MISSING',
  'UN38_3_MISSING',
] as const;

export interface IdpUser {
  username: string;
  role: Role;
  displayName: string;
  labId?: string;
}

export type AuthConfig =
  | { kind: 'local'; usersUrl: string; tokenUrl: string }
  | { kind: 'cognito'; domain: string; clientId: string; redirectUri: string };

export interface PortalConfig {
  auth: AuthConfig;
  apiBase: string;
}

export interface FinanceSeller {
  applicationId: string;
  companyName: string;
  category: string;
  feeSchedule: { commissionRate: string; fulfilmentRate: string; settlementTermDays: number };
  admittedAt: string;
}

export interface LabView {
  lab: {
    labId: string;
    name: string;
    accreditations: string[];
    registeredOn: string;
    registeredCapitalYuan: number;
    ownLaboratories: number;
  };
  /** Codes or bilingual messages: what makes the lab ineligible (none when eligible). */
  problems: unknown[];
}
