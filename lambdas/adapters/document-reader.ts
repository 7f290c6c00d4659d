import { InvokeCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import type { DocumentType, Extraction } from '../domain/model.js';
import { extractDocument } from '../extraction/index.js';
import type { DocumentReader, DocumentStore } from '../ports/index.js';
import type { Ocr } from '../ports/ocr.js';
import { NotFoundError, TransientError } from '../shared/errors.js';

const ENGLISH_DOCUMENTS: ReadonlySet<DocumentType> = new Set(['sds', 'rohs', 'un38_3']);

/** Reads in this process (the local platform, and the extraction Lambda's own preview mode). */
export class InProcessDocumentReader implements DocumentReader {
  constructor(
    private readonly store: DocumentStore,
    private readonly ocr: () => Ocr | undefined,
  ) {}

  async read(input: { key: string; type: DocumentType; file: string }): Promise<Extraction> {
    const bytes = await this.store.get(input.key);
    if (!bytes) throw new NotFoundError(`${input.file} is not in the store`);
    const ocr = this.ocr();
    return extractDocument(
      { type: input.type, file: input.file, bytes },
      ocr ? { ocr, ocrLanguages: ENGLISH_DOCUMENTS.has(input.type) ? ['eng'] : ['chi_sim', 'eng'] } : {},
    );
  }
}

/**
 * On AWS the API's Lambda stays small: reading (and OCR) happens in the extraction function,
 * invoked synchronously in its preview mode, which writes nothing.
 */
export class LambdaDocumentReader implements DocumentReader {
  constructor(
    private readonly lambda: LambdaClient,
    private readonly functionName: string,
  ) {}

  async read(input: { key: string; type: DocumentType; file: string }): Promise<Extraction> {
    const out = await this.lambda.send(
      new InvokeCommand({
        FunctionName: this.functionName,
        Payload: new TextEncoder().encode(JSON.stringify({ preview: input })),
      }),
    );
    const text = new TextDecoder().decode(out.Payload ?? new Uint8Array());
    if (out.FunctionError) throw new TransientError(`document reader failed: ${text.slice(0, 200)}`);
    return JSON.parse(text) as Extraction;
  }
}
