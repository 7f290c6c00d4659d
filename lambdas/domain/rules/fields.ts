/**
 * Reading a field for a rule: a field absent or read below the confidence floor cannot decide a
 * rule; the rule flags it instead (SPEC "Documents": a wrong automatic decision is worse than a flag).
 */
import { parseIsoDate } from '../dates.js';
import type { DocumentType, Field, Reason } from '../model.js';
import { type LowConfidenceProblem, reason } from '../reasons.js';

export type Readable<T> =
  | { ok: true; value: T; field: Field<T> }
  | { ok: false; problem: LowConfidenceProblem; value?: string };

export function readField<T>(field: Field<T> | undefined, floor: number): Readable<T> {
  if (!field) return { ok: false, problem: 'absent' };
  if (field.confidence < floor) {
    return field.value === null
      ? { ok: false, problem: 'low_confidence' }
      : { ok: false, problem: 'low_confidence', value: String(field.value) };
  }
  return { ok: true, value: field.value, field };
}

/** A confident field holding a real ISO date. */
export function readDate(field: Field<string> | undefined, floor: number): Readable<string> {
  const read = readField(field, floor);
  if (read.ok && !parseIsoDate(read.value)) return { ok: false, problem: 'not_a_date', value: read.value };
  return read;
}

/** Codes compare after NFKC (full-width digits), without spaces, upper case. */
export function normaliseCode(code: string): string {
  return code.normalize('NFKC').replace(/\s+/gu, '').toUpperCase();
}

export type LowConfidenceCode = 'LICENCE_LOW_CONFIDENCE' | 'LEGAL_REP_LOW_CONFIDENCE';

export function lowConfidence(
  code: LowConfidenceCode,
  documentType: DocumentType,
  file: string,
  field: string,
  unread: { problem: LowConfidenceProblem; value?: string },
): Reason {
  const vars = {
    documentType,
    file,
    field,
    problem: unread.problem,
    ...(unread.value === undefined ? {} : { value: unread.value }),
  };
  return reason(code, vars, { document: file, field });
}
