/**
 * The reason codes of SPEC "Rules and reason codes": each code's step and outcome, and the
 * builder that turns a code and its variables into a `Reason` a seller can act on.
 */
import { MESSAGES, type ReasonVars } from './messages.js';
import type { Outcome, Reason, Step } from './model.js';

export type { LowConfidenceProblem, LowConfidenceVars, ReasonVars, RequiredAttribute } from './messages.js';

export type ReasonCode = keyof ReasonVars;

const reject = (step: Step) => ({ step, outcome: 'reject' as const });
const flag = (step: Step) => ({ step, outcome: 'flag' as const });

/** One row per row of the SPEC table. */
export const REASONS: Record<ReasonCode, { step: Step; outcome: Outcome }> = {
  DOCUMENT_MISSING: reject('intake'),
  DOCUMENT_UNREADABLE: reject('intake'),
  SKU_COUNT_OUT_OF_RANGE: reject('intake'),
  CATEGORY_PROHIBITED: reject('intake'),
  SAMPLE_SKUS_INVALID: reject('intake'),
  CATEGORY_LICENCE_MISSING: reject('intake'),
  LICENCE_USCC_INVALID: reject('licence'),
  LICENCE_NOT_ENTERPRISE: reject('licence'),
  LICENCE_MISMATCH: reject('licence'),
  LICENCE_NAME_MISMATCH: flag('licence'),
  LICENCE_TOO_YOUNG: reject('licence'),
  LICENCE_EXPIRED: reject('licence'),
  LICENCE_LOW_CONFIDENCE: flag('licence'),
  LEGAL_REP_ID_INVALID: reject('legal_rep'),
  LEGAL_REP_MISMATCH: flag('legal_rep'),
  LEGAL_REP_LOW_CONFIDENCE: flag('legal_rep'),
  TRADEMARK_EXPIRED: reject('consistency'),
  TRADEMARK_HOLDER_MISMATCH: flag('consistency'),
  ACCOUNT_NAME_MISMATCH: flag('consistency'),
  SERIOUS_VIOLATION_12M: reject('violations'),
  PERMANENTLY_BANNED: reject('violations'),
  MINOR_VIOLATIONS: flag('violations'),
  BANK_STATEMENTS_INCOMPLETE: reject('capacity'),
  CAPACITY_PROOF_MISMATCH: flag('capacity'),
  CAPACITY_BELOW_MINIMUM: reject('capacity'),
  CAPACITY_EVIDENCE_MISSING: reject('capacity'),
  CAPACITY_EVIDENCE_INCONSISTENT: reject('capacity'),
  CAPACITY_EVIDENCE_WEAK: flag('capacity'),
  ATTRIBUTES_MISSING: reject('attributes'),
  UN38_3_REPORT_MISSING: reject('samples'),
  SAMPLE_INSPECTION_FAILED: reject('samples'),
  SAMPLE_INSPECTION_OVERDUE: flag('samples'),
  AGREEMENT_DECLINED: reject('agreement'),
  AGREEMENT_EXPIRED: reject('agreement'),
  DOCUMENT_REUSED: flag('integrity'),
  DOCUMENT_EDITED: flag('integrity'),
  DOCUMENT_ARITHMETIC_INCONSISTENT: flag('integrity'),
  REVIEW_REJECTED: reject('review'),
};

export const REASON_CODES = Object.keys(REASONS) as ReasonCode[];

export function isReasonCode(code: string): code is ReasonCode {
  return Object.hasOwn(REASONS, code);
}

/** Where a reason points: the document (file, or type when no file exists) and the field. */
export interface Where {
  document?: string;
  field?: string;
}

export function reason<C extends ReasonCode>(code: C, vars: ReasonVars[C], where: Where = {}): Reason {
  const built: Reason = { code, ...REASONS[code], message: MESSAGES[code](vars) };
  if (where.document !== undefined) built.document = where.document;
  if (where.field !== undefined) built.field = where.field;
  return built;
}

/** A reason no longer counts once a reviewer approved it or an appeal overrode it. */
function isCleared(r: Reason): boolean {
  return r.resolution === 'approved' || r.resolution === 'overridden_by_appeal';
}

/** rejected on any standing reject, flagged on standing flags only, else passed (SPEC "Rules"). */
export function verdictOf(reasons: Reason[]): 'rejected' | 'flagged' | 'passed' {
  const standing = reasons.filter((r) => !isCleared(r));
  if (standing.some((r) => r.outcome === 'reject')) return 'rejected';
  if (standing.some((r) => r.outcome === 'flag')) return 'flagged';
  return 'passed';
}

/** Drops exact repeats (same code, document, field and message), keeping the first. */
export function uniqueReasons(reasons: Reason[]): Reason[] {
  const seen = new Set<string>();
  return reasons.filter((r) => {
    const key = JSON.stringify([r.code, r.document, r.field, r.message.en]);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
