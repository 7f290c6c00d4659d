import type { Lab } from '../domain/labs.js';
import type { DocumentType, Extraction } from '../domain/model.js';

/**
 * What the portal keeps beside the pipeline's records: the seller's draft (the form and the
 * files uploaded so far), who owns each application, and the work queues of reviewers and labs.
 */

export interface DraftDocument {
  documentId: string;
  type: DocumentType;
  /** The seller's file name, kept only for display and for the reasons that name it. */
  file: string;
  sku?: string;
  /** The upload key the server chose. */
  key: string;
  contentType: string;
  uploaded: boolean;
  size?: number;
  sha256?: string;
  /** The file name it was submitted under (unique within the application; reasons name it). */
  submittedAs?: string;
  /** What was read at upload (the preview); the pipeline reads the file again after submission. */
  read?: Extraction;
}

export interface DraftForm {
  applicationDate?: string;
  seller: { companyName: string; uscc: string; legalRepresentative?: string; contactEmail?: string };
  category: string;
  skus: Record<string, unknown>[];
  sampleSkus: string[];
}

export interface Draft {
  applicationId: string;
  owner: string;
  form: DraftForm;
  documents: DraftDocument[];
  createdAt: string;
  updatedAt: string;
  /** Set once submitted: the draft is then the application's portal record, never edited again. */
  submittedAt?: string;
  /** The application this one re-applies after (its rejection). */
  reappliesTo?: string;
  /** Incremented by every save: the optimistic-concurrency check. */
  version?: number;
}

export interface QueuedTask {
  applicationId: string;
  kind: 'review_checks' | 'review_lab' | 'appeal';
  round: number;
  openedAt: string;
  dueAt: string;
  claimedBy?: string;
}

export interface PortalRepository {
  /** Creates the draft and its owner index entry in one transaction. */
  createDraft(draft: Draft): Promise<void>;
  getDraft(applicationId: string): Promise<Draft | null>;
  /** Replaces the draft if it is still at `expectedVersion` (ConcurrentChangeError otherwise). */
  saveDraft(draft: Draft, expectedVersion: number): Promise<void>;
  listOwned(owner: string): Promise<string[]>;
  /** Open reviewer tasks of every application, earliest deadline first (a Query, no Scan). */
  reviewQueue(): Promise<QueuedTask[]>;
  /** Claims an open task for a reviewer unless someone else holds it. */
  claimTask(applicationId: string, kind: QueuedTask['kind'], round: number, reviewer: string): Promise<void>;
  /** Bookings of one lab, newest first. */
  labBookings(labId: string): Promise<{ applicationId: string; sku: string; attempt: number }[]>;
  /** Labs ops registered (beside the bundled registry); a later entry for a labId replaces it. */
  putLab(lab: Lab, by: string): Promise<void>;
  listLabs(): Promise<Lab[]>;
}

/** A period's statements once issued: immutable (a correction is an adjustment line later). */
export interface IssuedStatements {
  period: string;
  issuedAt: string;
  issuedBy: string;
  /** The run's summary as `statements` prints it (SPEC "Statements"). */
  summary: {
    statements: ({ applicationId: string; currency: string } & Record<string, unknown>)[];
    rejects: { file: string; line: number; reason: string }[];
  };
  /** Per statement: the keys of its files (JSON, CSV, PDF) in the document bucket. */
  files: { applicationId: string; currency: string; json?: string; csv?: string; pdf?: string }[];
}

/** Finance's statement runs over the order files under `orders/`. */
export interface StatementIssuer {
  /** Issues the period's statements once; AlreadyDecidedError when they were issued before. */
  issue(period: string, by: string): Promise<IssuedStatements | { started: string }>;
  issued(period: string): Promise<IssuedStatements | null>;
}
