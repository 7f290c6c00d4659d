import type { Application, Extraction, Reason } from '../domain/model.js';

/** Every status a submitted application can be in (a draft is the portal's, not the pipeline's). */
export const APPLICATION_STATUSES = [
  'SUBMITTED',
  'IN_PROGRESS',
  'AWAITING_REVIEW',
  'AWAITING_LAB_RESULTS',
  'AWAITING_SIGNATURE',
  'ADMITTED',
  'REJECTED',
] as const;
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];

export const TERMINAL_STATUSES: readonly ApplicationStatus[] = ['ADMITTED', 'REJECTED'];

/** The statuses an application still moves on from: what a restart re-drives. */
export const UNFINISHED_STATUSES: readonly ApplicationStatus[] = APPLICATION_STATUSES.filter(
  (s) => !TERMINAL_STATUSES.includes(s),
);

/** The step an application was rejected at: an upheld appeal resumes after it. */
export type FailedStep = 'intake' | 'checks' | 'review' | 'lab_review' | 'samples' | 'agreement';

export type ResumePoint =
  | 'intake'
  | 'review_checks'
  | 'samples'
  | 'lab_results'
  | 'review_lab'
  | 'agreement'
  | 'activation'
  | 'appeal';

export interface ApplicationRecord {
  application: Application;
  status: ApplicationStatus;
  createdAt: string;
  updatedAt: string;
  /** Set while rejected; appealed once per rejection (rejection count = its sequence). */
  rejection?: { failedStep: FailedStep; seq: number; at: string; appealed: boolean };
  /** The rules version current at submission: every step decides under it. */
  rulesVersion?: string;
  /** Where a re-drive after a restart enters the flow (see lib/workflow.ts, state Route). */
  resumeAt?: ResumePoint;
  /** The appeal in progress (its execution and documents). */
  appeal?: { seq: number; documentKeys: string[]; filedAt: string };
}

export interface StoredDocument {
  index: number;
  type: Application['documents'][number]['type'];
  file: string;
  skuId?: string;
  /** S3 key; absent when the seller listed a file that was not uploaded. */
  key?: string;
  sha256?: string;
  size?: number;
}

export interface StoredExtraction {
  index: number;
  extraction: Extraction;
  sha256: string;
  extractorVersion: string;
}

/** A reason as stored: `key` makes raising it twice one record. */
export interface StoredReason extends Reason {
  key: string;
  raisedAt: string;
}

export type HumanTaskKind = 'review_checks' | 'review_lab' | 'lab_results' | 'signature' | 'appeal';

export interface HumanTask {
  kind: HumanTaskKind;
  /** Distinguishes successive tasks of one kind (the lab wait loops; each appeal has its own). */
  round: number;
  token: string;
  status: 'OPEN' | 'DONE' | 'TIMED_OUT';
  openedAt: string;
  /** Reviewer SLA or lab / signature deadline. */
  dueAt?: string;
  decision?: Record<string, unknown>;
  decidedAt?: string;
  decidedBy?: string;
  /** Set by the step that acted on the answer. */
  consumed?: boolean;
}

export interface LabBooking {
  sku: string;
  attempt: number;
  labId: string;
  bookedAt: string;
  dueAt: string;
  result?: { passed: boolean; findings: string[]; postedAt: string };
}

export interface AuditEvent {
  at: string;
  actor: string;
  action: string;
  detail?: Record<string, unknown>;
}

export interface ApplicationRepository {
  /** The application and its 'submitted' audit event, in one transaction. */
  create(record: ApplicationRecord, audit: AuditEvent): Promise<void>;
  get(applicationId: string): Promise<ApplicationRecord | null>;
  setStatus(
    applicationId: string,
    status: ApplicationStatus,
    patch?: Partial<Pick<ApplicationRecord, 'rejection' | 'appeal' | 'resumeAt'>>,
  ): Promise<void>;
  listByStatus(status: ApplicationStatus): Promise<string[]>;

  putDocuments(applicationId: string, documents: StoredDocument[]): Promise<void>;
  listDocuments(applicationId: string): Promise<StoredDocument[]>;
  putExtraction(applicationId: string, extraction: StoredExtraction): Promise<void>;
  listExtractions(applicationId: string): Promise<StoredExtraction[]>;

  /** Step results (intake, each check part, merged checks, agreement, fee schedule). */
  putResult(applicationId: string, name: string, data: Record<string, unknown>): Promise<void>;
  /** Writes only when absent; returns what is stored afterwards (the first writer wins). */
  putResultIfAbsent<T extends Record<string, unknown>>(
    applicationId: string,
    name: string,
    data: T,
  ): Promise<T>;
  getResult<T extends Record<string, unknown>>(applicationId: string, name: string): Promise<T | null>;

  raiseReasons(applicationId: string, reasons: StoredReason[]): Promise<void>;
  listReasons(applicationId: string): Promise<StoredReason[]>;
  resolveReasons(applicationId: string, keys: string[], resolution: Reason['resolution']): Promise<void>;

  /** Opens a human task, or re-points an open one at a new token; returns the stored task. */
  openTask(applicationId: string, task: HumanTask): Promise<HumanTask>;
  getTask(applicationId: string, kind: HumanTaskKind, round: number): Promise<HumanTask | null>;
  listTasks(applicationId: string): Promise<HumanTask[]>;
  /** OPEN → DONE with the decision and its audit event in one transaction; AlreadyDecidedError otherwise. */
  decideTask(
    applicationId: string,
    kind: HumanTaskKind,
    round: number,
    decision: Record<string, unknown>,
    audit: AuditEvent,
    /** The decision holds only while this person still holds the task's claim. */
    opts?: { claimedBy?: string },
  ): Promise<HumanTask>;
  markTaskTimedOut(applicationId: string, kind: HumanTaskKind, round: number): Promise<void>;
  markTaskConsumed(applicationId: string, kind: HumanTaskKind, round: number): Promise<void>;

  /** Books unless that sample attempt is already booked; returns whether it was new. */
  book(applicationId: string, booking: LabBooking): Promise<boolean>;
  listBookings(applicationId: string): Promise<LabBooking[]>;
  /**
   * Records a result once, with its audit event in the same transaction (a crash between two
   * writes would leave a result nobody is recorded as posting); AlreadyDecidedError for a second
   * result of the same attempt.
   */
  recordLabResult(
    applicationId: string,
    sku: string,
    attempt: number,
    result: LabBooking['result'],
    audit: AuditEvent,
  ): Promise<void>;
  extendBookingDue(applicationId: string, sku: string, attempt: number, dueAt: string): Promise<void>;

  appendEvent(applicationId: string, event: AuditEvent): Promise<void>;
  listEvents(applicationId: string): Promise<AuditEvent[]>;
}

export interface ViolationRecord {
  uscc: string;
  date: string;
  severity: 'minor' | 'serious';
  /** An egregious violation bans the seller whatever its age (SPEC "After admission"). */
  impact?: 'egregious';
  type?: string;
  note?: string;
}

export interface ViolationRepository {
  put(records: ViolationRecord[]): Promise<number>;
  /** A Query on the USCC partition, never a Scan. */
  forUscc(uscc: string): Promise<ViolationRecord[]>;
}
