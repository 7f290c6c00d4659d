/**
 * Step 1, intake: the package is complete and readable, the SKU list and sample SKUs are sound,
 * the category is allowed and carries its licence. Every matching rule is reported.
 */

import { CATEGORY_LICENCES, REQUIRED_DOCUMENTS } from '../documents.js';
import type {
  Application,
  Category,
  DeclaredDocument,
  Message,
  Reason,
  UnreadableProblem,
} from '../model.js';
import { reason } from '../reasons.js';
import type { RuleSettings } from '../settings.js';

/** What became of a declared file on upload: there and readable, never received, or unreadable. */
export interface DocumentStatus {
  declared: DeclaredDocument;
  state: 'ok' | 'missing' | 'unreadable';
  problem?: UnreadableProblem;
  message?: Message;
}

const PROHIBITED_CATEGORIES: readonly Category[] = ['drugs'];

/** Sample SKUs to inspect (source `003_*`), or all SKUs when fewer are declared. */
export const SAMPLE_SKU_COUNT = 3;

export function intakeRules(app: Application, documents: DocumentStatus[], settings: RuleSettings): Reason[] {
  return [
    ...documentRules(app, documents),
    ...skuCountRules(app, settings),
    ...categoryRules(app, documents),
    ...sampleSkuRules(app),
  ];
}

function documentRules(app: Application, documents: DocumentStatus[]): Reason[] {
  const reasons: Reason[] = [];
  for (const type of REQUIRED_DOCUMENTS) {
    if (!app.documents.some((d) => d.type === type)) {
      reasons.push(reason('DOCUMENT_MISSING', { documentType: type }, { document: type }));
    }
  }
  const categoryLicence = CATEGORY_LICENCES[app.category];
  for (const { declared, state, problem, message } of documents) {
    const { type, file, skuId } = declared;
    if (state === 'missing' && type !== categoryLicence) {
      const vars = { documentType: type, file, ...(skuId ? { sku: skuId } : {}) };
      reasons.push(reason('DOCUMENT_MISSING', vars, { document: file }));
    }
    if (state === 'unreadable') {
      const vars = {
        documentType: type,
        file,
        problem: problem ?? 'corrupt',
        ...(message ? { detail: message } : {}),
      };
      reasons.push(reason('DOCUMENT_UNREADABLE', vars, { document: file }));
    }
  }
  return reasons;
}

function skuCountRules(app: Application, settings: RuleSettings): Reason[] {
  const count = app.skus.length;
  if (count > 0 && count <= settings.skus.max) return [];
  return [reason('SKU_COUNT_OUT_OF_RANGE', { count, max: settings.skus.max }, { field: 'skus' })];
}

/** A category licence counts when declared and received (an unreadable one is DOCUMENT_UNREADABLE). */
function categoryRules(app: Application, documents: DocumentStatus[]): Reason[] {
  const reasons: Reason[] = [];
  if (PROHIBITED_CATEGORIES.includes(app.category)) {
    reasons.push(reason('CATEGORY_PROHIBITED', { category: app.category }, { field: 'category' }));
  }
  const licence = CATEGORY_LICENCES[app.category];
  if (licence) {
    const received = app.documents.some(
      (d) =>
        d.type === licence &&
        !documents.some(
          (s) => s.state === 'missing' && s.declared.type === licence && s.declared.file === d.file,
        ),
    );
    if (!received) {
      reasons.push(
        reason(
          'CATEGORY_LICENCE_MISSING',
          { category: app.category, documentType: licence },
          { document: licence },
        ),
      );
    }
  }
  return reasons;
}

/** Exactly min(3, declared SKUs) distinct declared SKUs. */
function sampleSkuRules(app: Application): Reason[] {
  const declared = new Set(app.skus.map((s) => s.sku));
  const expected = Math.min(SAMPLE_SKU_COUNT, declared.size);
  const given = app.sampleSkus;
  const undeclared = [...new Set(given.filter((s) => !declared.has(s)))];
  const duplicates = [...new Set(given.filter((s, i) => given.indexOf(s) !== i))];
  if (given.length === expected && undeclared.length === 0 && duplicates.length === 0) return [];
  const vars = { given, expected, declaredCount: declared.size, undeclared, duplicates };
  return [reason('SAMPLE_SKUS_INVALID', vars, { field: 'sampleSkus' })];
}
