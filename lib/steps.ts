import { BUNDLED_FONT_DIR, CJK_FONT_PACKAGE_PATH } from '../lambdas/pdf/font-file.js';

/** Every Lambda of the flow: the state machine invokes these, and the local runtime runs their handlers. */
export const STEP_FUNCTIONS = {
  Intake: {
    entry: 'lambdas/steps/intake/handler.ts',
    memorySize: 1024,
    reads: true,
    description: 'Intake: declaration, files present and of an accepted type',
  },
  ExtractDocument: {
    entry: 'lambdas/steps/extract-document/handler.ts',
    // The OCR engine (onnxruntime-node + the PP-OCRv4 models, sharp, canvas) ships as a container image.
    dockerfile: 'lib/images/extract-document.Dockerfile',
    timeoutSeconds: 300,
    memorySize: 1769,
    reads: true,
    description: 'Reads one document (text layer) into fields with confidence and provenance',
  },
  ConfirmIntake: {
    entry: 'lambdas/steps/confirm-intake/handler.ts',
    description: 'Intake after extraction: files whose content could not be read',
  },
  CheckLicence: {
    entry: 'lambdas/steps/check-licence/handler.ts',
    description: 'Licence, legal representative and consistency rules',
  },
  CheckViolations: {
    entry: 'lambdas/steps/check-violations/handler.ts',
    description: 'Penalty records of the seller',
  },
  CheckCapacity: {
    entry: 'lambdas/steps/check-capacity/handler.ts',
    description: 'Capacity evidence and score',
  },
  CheckAttributes: {
    entry: 'lambdas/steps/check-attributes/handler.ts',
    description: 'Category attributes and the UN38.3 report of battery samples',
  },
  CheckIntegrity: {
    entry: 'lambdas/steps/check-integrity/handler.ts',
    description: 'Document integrity: reused, edited or arithmetically inconsistent documents',
  },
  MergeChecks: {
    entry: 'lambdas/steps/merge-checks/handler.ts',
    description: 'Merges the checks into one result: reject, flag or pass',
  },
  OpenHumanTask: {
    entry: 'lambdas/steps/open-human-task/handler.ts',
    description: 'Opens a reviewer, lab, signature or appeal task and keeps its token',
  },
  ApplyReview: {
    entry: 'lambdas/steps/apply-review/handler.ts',
    description: 'Applies a reviewer decision to the flags it answered',
  },
  BookSamples: {
    entry: 'lambdas/steps/book-samples/handler.ts',
    description: 'Books the sample SKUs at an eligible lab',
  },
  EvaluateLabResults: {
    entry: 'lambdas/steps/evaluate-lab-results/handler.ts',
    description: 'Passed, failed, retest, overdue or still waiting',
  },
  FlagLabOverdue: {
    entry: 'lambdas/steps/flag-lab-overdue/handler.ts',
    description: 'Flags samples whose results are overdue',
  },
  IssueAgreement: {
    entry: 'lambdas/steps/issue-agreement/handler.ts',
    // Renders the bilingual PDF: parsing the 8 MB CJK font wants memory; it ships beside the bundle.
    memorySize: 1024,
    reads: true,
    writes: true,
    bundleFiles: { dir: BUNDLED_FONT_DIR, files: [CJK_FONT_PACKAGE_PATH] },
    description: 'Issues the agreement PDF (zh/en) with its fee schedule appendix',
  },
  ApplySignature: {
    entry: 'lambdas/steps/apply-signature/handler.ts',
    description: "Applies the seller's signature or refusal",
  },
  ExpireAgreement: {
    entry: 'lambdas/steps/expire-agreement/handler.ts',
    description: 'Records an agreement not signed in time',
  },
  ActivateFeeSchedule: {
    entry: 'lambdas/steps/activate-fee-schedule/handler.ts',
    description: 'Activates the signed fee schedule',
  },
  RecordAdmission: {
    entry: 'lambdas/steps/record-admission/handler.ts',
    description: 'Terminal ADMITTED record',
  },
  RecordRejection: {
    entry: 'lambdas/steps/record-rejection/handler.ts',
    description: 'Terminal REJECTED record',
  },
  ApplyAppeal: {
    entry: 'lambdas/steps/apply-appeal/handler.ts',
    description: 'Applies a reviewer decision on an appeal',
  },
} as const;

export type StepFunctionName = keyof typeof STEP_FUNCTIONS;
