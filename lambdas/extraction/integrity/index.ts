/**
 * The integrity facts of one document (domain/integrity-facts.ts), gathered from what extraction
 * has already read: the bytes (structure, metadata, sha256), the text layer's items and the page
 * images OCR read, and the positioned lines.
 */
import { createHash } from 'node:crypto';
import type { IntegrityFacts } from '../../domain/integrity-facts';
import type { DocumentType } from '../../domain/model';
import type { TextLine } from '../parse/text';
import type { PdfTextFacts } from '../pdf-text';
import { accountNumber, bankLineFigures, billFigures } from './figures';
import { imageSoftware } from './image-meta';
import { pageHash } from './page-hash';
import { pdfRevisions } from './pdf-structure';

/** The version of these facts; stored extractions carry it in their extractor version. */
export const INTEGRITY_FACTS_VERSION = 'integrity-1.0.0';

export interface IntegrityInput {
  type: DocumentType;
  bytes: Uint8Array;
  kind: 'pdf' | 'png' | 'jpeg' | string;
  lines: readonly TextLine[];
  pdf?: PdfTextFacts;
  /** The page images OCR read (after its normalisation), by page. */
  images: ReadonlyMap<number, Uint8Array>;
}

export async function integrityFacts(input: IntegrityInput): Promise<IntegrityFacts> {
  const { type, bytes, lines } = input;
  const facts: IntegrityFacts = {
    sha256: createHash('sha256').update(bytes).digest('hex'),
    imageSoftware: [],
    pageHashes: [],
    valueItems: input.pdf?.valueItems ?? [],
    covered: input.pdf?.covered ?? [],
    bills: type === 'electricity_bill' ? billFigures(lines) : [],
    bankLines: type === 'bank_statement' ? bankLineFigures(lines) : [],
  };
  const account = accountNumber(type, lines);
  if (account) facts.accountNumber = account;
  if (input.kind === 'pdf') {
    facts.pdf = { ...pdfRevisions(bytes, input.pdf?.pageRefs ?? []), ...(input.pdf?.info ?? {}) };
  } else {
    facts.imageSoftware = await imageSoftware(bytes);
  }
  for (const [page, png] of [...input.images.entries()].sort((a, b) => a[0] - b[0])) {
    try {
      facts.pageHashes.push({ page, hash: await pageHash(png) });
    } catch {
      // An image sharp cannot hash was read by OCR already; it simply has no hash.
    }
  }
  return facts;
}
