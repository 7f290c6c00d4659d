import type { Container } from '../adapters/container.js';
import type { DocumentType } from '../domain/model.js';
import { extractDocument, extractorVersion } from '../extraction/index.js';
import type { Ocr, OcrLanguage } from '../ports/ocr.js';
import { NotFoundError } from '../shared/errors.js';
import { sha256 } from './common.js';

const ENGLISH_DOCUMENTS: ReadonlySet<DocumentType> = new Set(['sds', 'rohs', 'un38_3']);

/** Step 2, once per document (a Map iteration): read it and store the fields with their provenance. */
export async function extractOne(
  c: Container,
  applicationId: string,
  index: number,
  ocr?: Ocr,
): Promise<{ index: number; ok: boolean }> {
  const doc = (await c.applications.listDocuments(applicationId)).find((d) => d.index === index);
  if (!doc?.key) throw new NotFoundError(`document ${index} of ${applicationId} not found`);
  const bytes = await c.documents.get(doc.key);
  if (!bytes) throw new NotFoundError(`file ${doc.file} of ${applicationId} not found in the store`);
  const digest = sha256(bytes);
  const stored = (await c.applications.listExtractions(applicationId)).find((e) => e.index === index);
  // Re-driven: the same bytes read by the same extractor (and OCR engine) give the same fields.
  const version = extractorVersion(ocr);
  if (stored && stored.sha256 === digest && stored.extractorVersion === version) {
    return { index, ok: stored.extraction.ok };
  }
  // Lab reports (SDS, RoHS, UN38.3) are English: the router may send them to the English engine.
  const ocrLanguages: OcrLanguage[] = ENGLISH_DOCUMENTS.has(doc.type) ? ['eng'] : ['chi_sim', 'eng'];
  // The application is the tenant: the parser threads are shared fairly between applications.
  const tenant = `application:${applicationId}`;
  const extraction = await extractDocument(
    { type: doc.type, file: doc.file, bytes },
    ocr ? { ocr, ocrLanguages, tenant } : { tenant },
  );
  await c.applications.putExtraction(applicationId, {
    index,
    extraction,
    sha256: digest,
    extractorVersion: version,
  });
  return { index, ok: extraction.ok };
}
