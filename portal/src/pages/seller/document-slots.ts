import {
  type ApplicationForm,
  CATEGORY_LICENCES,
  type DocumentType,
  type DocumentView,
  REQUIRED_DOCUMENTS,
} from '../../api/types';

/** A place for documents of one type (and, for a SKU's own documents, one SKU). */
export interface DocumentSlot {
  type: DocumentType;
  sku?: string;
  /** Several files may fill it (bank statements and bills of several months). */
  multiple: boolean;
  documents: DocumentView[];
}

const MULTIPLE: readonly DocumentType[] = ['bank_statement', 'electricity_bill', 'appeal_evidence'];

/**
 * What the seller uploads (SPEC "Required at intake"): the six base documents, the category's
 * licence, SDS and RoHS per electronics SKU, a UN38.3 report per battery sample SKU. Documents
 * already uploaded for anything else are listed too.
 */
export function documentSlots(form: ApplicationForm, documents: DocumentView[]): DocumentSlot[] {
  const licence = CATEGORY_LICENCES[form.category];
  const wanted: { type: DocumentType; sku?: string }[] = [
    ...REQUIRED_DOCUMENTS.map((type) => ({ type })),
    ...(licence ? [{ type: licence }] : []),
  ];
  for (const s of form.skus) {
    if (form.category === 'consumer_electronics')
      wanted.push({ type: 'sds', sku: s.sku }, { type: 'rohs', sku: s.sku });
    if (s.hasBattery && form.sampleSkus.includes(s.sku)) wanted.push({ type: 'un38_3', sku: s.sku });
  }
  const same = (d: DocumentView, w: { type: DocumentType; sku?: string }) =>
    d.type === w.type && (d.sku ?? '') === (w.sku ?? '');
  for (const d of documents) {
    if (d.type !== 'appeal_evidence' && !wanted.some((w) => same(d, w))) {
      wanted.push({ type: d.type, ...(d.sku ? { sku: d.sku } : {}) });
    }
  }
  return wanted.map((w) => ({
    ...w,
    multiple: MULTIPLE.includes(w.type),
    documents: documents.filter((d) => same(d, w)),
  }));
}
