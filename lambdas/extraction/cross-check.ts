/**
 * Cross-checking fields read from an English page's lines with an engine's answers to questions
 * about the same page (Textract: DetectDocumentText gives the lines the parsers read, AnalyzeDocument
 * QUERIES answers "What is the company name?" with its own model):
 *
 * - the two agree (same value once normalised): the field is surer than either read alone, its
 *   confidence becomes 1 − (1 − a)(1 − b) (at most 0.99);
 * - they disagree: one of them misread, and which cannot be told, so the field is kept as read but
 *   its confidence falls to CONFIDENCE_DISPUTED, below any sensible floor: the rule flags it;
 * - no answer: the field is left as read.
 *
 * Only top-level fields of a single value are checked (names, codes, dates); table rows are not.
 */
import { repairOcrUscc } from '../domain/codes';
import type { DocumentType, Field, FieldsByType } from '../domain/model';
import { normaliseCode } from '../domain/rules/fields';
import type { QueryAnswer } from '../ports/ocr';
import { CONFIDENCE_CLEAN } from './parse/text';
import { parseDate, parseTermEnd } from './parse/values';

/** The confidence of a field the second reader contradicts. */
export const CONFIDENCE_DISPUTED = 0.5;

type Kind = 'name' | 'code' | 'uscc' | 'date' | 'term';

interface Question {
  text: string;
  kind: Kind;
}

/** Questions per document type, by field name (Textract aliases are the field names). */
export const QUESTIONS: Partial<Record<DocumentType, Record<string, Question>>> = {
  business_licence: {
    companyName: { text: 'What is the company name?', kind: 'name' },
    uscc: { text: 'What is the Unified Social Credit Code?', kind: 'uscc' },
    legalRepresentative: { text: 'Who is the legal representative?', kind: 'name' },
    establishedOn: { text: 'What is the date of establishment?', kind: 'date' },
    validUntil: { text: 'What is the business term?', kind: 'term' },
  },
  legal_rep_id: {
    name: { text: 'What is the name?', kind: 'name' },
    idNumber: { text: 'What is the ID number?', kind: 'code' },
  },
  trademark: {
    registrant: { text: 'Who is the registrant?', kind: 'name' },
    registrationNumber: { text: 'What is the registration number?', kind: 'code' },
    validUntil: { text: 'Until when is the registration valid?', kind: 'date' },
  },
  bank_statement: { accountName: { text: 'What is the account name?', kind: 'name' } },
  electricity_bill: { accountName: { text: 'What is the account name?', kind: 'name' } },
};

/** The questions to ask of a page of this type (alias → question), or null when none. */
export function questionsFor(type: DocumentType): Record<string, string> | null {
  const q = QUESTIONS[type];
  return q ? Object.fromEntries(Object.entries(q).map(([k, v]) => [k, v.text])) : null;
}

/** A value in the form both reads are compared in; undefined when the answer cannot be read as one. */
function comparable(kind: Kind, value: unknown): unknown {
  if (value === null) return null;
  const s = String(value).normalize('NFKC');
  switch (kind) {
    case 'name':
      // Case, spaces and punctuation differ between readers of the same print.
      return s.toLowerCase().replace(/[\s.,;:'"()（）]/g, '');
    case 'code':
      return normaliseCode(s);
    case 'uscc':
      return repairOcrUscc(normaliseCode(s));
    case 'date':
      return /^\d{4}-\d{2}-\d{2}$/.test(s) ? s : parseDate(s)?.value;
    case 'term':
      return /^\d{4}-\d{2}-\d{2}$/.test(s) ? s : parseTermEnd(s)?.value;
  }
}

function checked<T>(field: Field<T>, kind: Kind, answer: QueryAnswer | null | undefined): Field<T> {
  if (!answer || field.source.method !== 'ocr') return field;
  const read = comparable(kind, field.value);
  const said = comparable(kind, answer.text);
  if (said === undefined) return field;
  if (read === said) {
    const both = 1 - (1 - field.confidence) * (1 - answer.confidence);
    return { ...field, confidence: Math.max(field.confidence, Math.min(CONFIDENCE_CLEAN, both)) };
  }
  return { ...field, confidence: Math.min(field.confidence, CONFIDENCE_DISPUTED) };
}

/** The fields with the confidence the answers of their page give them (answers by page number). */
export function crossCheck<T extends DocumentType>(
  type: T,
  fields: FieldsByType[T],
  answers: ReadonlyMap<number, Record<string, QueryAnswer | null>>,
): FieldsByType[T] {
  const questions = QUESTIONS[type];
  if (!questions || answers.size === 0) return fields;
  const out: Record<string, unknown> = { ...fields };
  for (const [name, q] of Object.entries(questions)) {
    const f = out[name] as Field<unknown> | undefined;
    if (f) out[name] = checked(f, q.kind, answers.get(f.source.page)?.[name]);
  }
  return out as FieldsByType[T];
}
