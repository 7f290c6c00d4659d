import type { DocumentType, Extraction } from '../domain/model.js';
import { extractDocument } from '../extraction/index.js';
import { tenantOfKey } from '../extraction/read-queue.js';
import type { DocumentReader, DocumentReadRequest, DocumentStore } from '../ports/index.js';
import type { Ocr } from '../ports/ocr.js';
import { NotFoundError } from '../shared/errors.js';
import { fairOcr, ocrQueue } from './fair-ocr.js';

const ENGLISH_DOCUMENTS: ReadonlySet<DocumentType> = new Set(['sds', 'rohs', 'un38_3']);

/** Reads in this process (the local platform, and the extraction Lambda's own preview mode). */
export class InProcessDocumentReader implements DocumentReader {
  private readonly ocrPages = ocrQueue();

  constructor(
    private readonly store: DocumentStore,
    private readonly ocr: () => Ocr | undefined,
  ) {}

  async read(input: DocumentReadRequest): Promise<Extraction> {
    const bytes = await this.store.get(input.key);
    if (!bytes) throw new NotFoundError(`${input.file} is not in the store`);
    // The parser threads and the OCR engine are shared fairly between tenants: the seller when
    // given, else the application.
    const tenant = input.tenant ?? tenantOfKey(input.key);
    const engine = this.ocr();
    const ocr = engine ? fairOcr(engine, this.ocrPages, tenant) : undefined;
    return extractDocument(
      { type: input.type, file: input.file, bytes },
      ocr
        ? { ocr, ocrLanguages: ENGLISH_DOCUMENTS.has(input.type) ? ['eng'] : ['chi_sim', 'eng'], tenant }
        : { tenant },
    );
  }
}
