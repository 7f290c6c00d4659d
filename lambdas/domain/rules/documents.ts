/** Finding documents: the extractions of one type, the file a reason should name, a SKU's own files. */
import type { Application, DeclaredDocument, DocumentType, Extraction, FieldsByType, Sku } from '../model.js';

/** A document that was read, with its fields. */
export type ReadDocument<T extends DocumentType> = Extract<Extraction, { ok: true; type: T }>;

/** The same shape without the extraction details, so a rule can also be given "nothing was read". */
export interface DocumentFields<T extends DocumentType> {
  file: string;
  fields: FieldsByType[T];
}

export function readDocuments<T extends DocumentType>(extractions: Extraction[], type: T): ReadDocument<T>[] {
  return extractions.filter((e): e is ReadDocument<T> => e.ok && e.type === type);
}

/** The declared file of a type, or the type itself when none is declared: what a reason names. */
export function declaredFile(app: Application, type: DocumentType): string {
  return app.documents.find((d) => d.type === type)?.file ?? type;
}

/** Files declared for a type, in order. */
export function declaredFiles(app: Application, type: DocumentType): string[] {
  return app.documents.filter((d) => d.type === type).map((d) => d.file);
}

/** A SKU's own documents: those in its `documents`, and application documents tagged with its id. */
export function skuDocuments(app: Application, sku: Sku): DeclaredDocument[] {
  return [...(sku.documents ?? []), ...app.documents.filter((d) => d.skuId === sku.sku)];
}
