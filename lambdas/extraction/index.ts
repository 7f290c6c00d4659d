/**
 * Extraction: the bytes of one uploaded document → its fields, each with a confidence and where it
 * was read, or DOCUMENT_UNREADABLE with the problem and a message for the seller.
 *
 *   sniff (magic bytes, size, completeness) → PDF text layer → parser of the document type
 *
 * Photos and scans (PNG, JPEG, PDFs without a text layer) are reported as `no_text_layer` until OCR
 * arrives. Never throws, whatever the bytes.
 */
import { DOCUMENT_TYPES, type DocumentType, type Extraction, type FieldsByType } from '../domain/model';
import { messages } from './messages';
import { missingFields, parseFields } from './parse/index';
import { linesOf } from './parse/text';
import { DEFAULT_MAX_PAGES, DEFAULT_READ_TIMEOUT_MS, readPdfText } from './pdf-text';
import { DEFAULT_SNIFF_LIMITS, type SniffLimits, sniffFile } from './sniff';

export const EXTRACTOR_VERSION = 'text-1.0.0';

export interface ExtractInput {
  type: DocumentType;
  /** The file's name as uploaded; it names the file in messages and provenance. */
  file: string;
  bytes: Uint8Array;
}

export interface ExtractLimits extends SniffLimits {
  maxPages: number;
  /** Reading a PDF that takes longer is given up as corrupt. */
  timeoutMs: number;
}

export const DEFAULT_EXTRACT_LIMITS: ExtractLimits = {
  ...DEFAULT_SNIFF_LIMITS,
  maxPages: DEFAULT_MAX_PAGES,
  timeoutMs: DEFAULT_READ_TIMEOUT_MS,
};

export async function extractDocument(
  input: ExtractInput,
  limits: Partial<ExtractLimits> = {},
): Promise<Extraction> {
  const { type, file } = input;
  const unreadable = (
    problem: Extract<Extraction, { ok: false }>['problem'],
    message: { zh: string; en: string },
  ) => ({ ok: false, type, file, code: 'DOCUMENT_UNREADABLE', problem, message }) as const;
  try {
    if (!(DOCUMENT_TYPES as readonly string[]).includes(type)) {
      return unreadable('type_not_accepted', messages.unknownType(file, String(type)));
    }
    const bytes = input.bytes instanceof Uint8Array ? input.bytes : new Uint8Array(0);
    const sniffed = sniffFile(bytes, file, limits);
    if (!sniffed.ok) return unreadable(sniffed.problem, sniffed.message);
    if (sniffed.kind !== 'pdf')
      return unreadable('no_text_layer', messages.noTextLayerImage(file, sniffed.kind));

    const text = await readPdfText(bytes, file, limits);
    if (!text.ok) return unreadable(text.problem, text.message);

    const fields = parseFields(type, linesOf(text.pages), file);
    const missing = missingFields(type, fields);
    if (missing) return unreadable('fields_not_found', messages.fieldsNotFound(file, type, missing));
    return ok(type, file, text.pageCount, fields);
  } catch {
    return unreadable('corrupt', messages.corrupt(file, { zh: '读取时出错', en: 'it could not be read' }));
  }
}

function ok<T extends DocumentType>(
  type: T,
  file: string,
  pages: number,
  fields: FieldsByType[T],
): Extraction {
  return { ok: true, type, file, method: 'text', pages, fields } as Extraction;
}
