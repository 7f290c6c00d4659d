/**
 * Extraction: the bytes of one uploaded document → its fields, each with a confidence and where it
 * was read, or DOCUMENT_UNREADABLE with the problem and a message for the seller.
 *
 *   sniff (magic bytes, size, completeness)
 *   → PDF: the text layer of each page; pages without one are drawn and OCR'd
 *   → PNG/JPEG: preprocessed (orientation, seal, lighting, size, slant) and OCR'd
 *   → the parser of the document type, on lines built the same way from either source
 *
 * OCR runs only when an engine is given (`options.ocr`); without one, photos and scans are
 * `no_text_layer`. Fields read by OCR carry `method: 'ocr'` and the OCR confidence of their
 * characters, so a shaky read falls below the rules' floor and flags instead of deciding. On an
 * English page, an engine that answers questions (Textract QUERIES) cross-checks them
 * (cross-check.ts).
 *
 * Never throws, whatever the bytes; only a TransientError of the OCR engine (a time-out, a crashed
 * worker, throttling) or of the PDF reader's queue (full: ReaderBusyError) is passed on, for the
 * state machine (or the seller) to retry. A PDF whose streams inflate beyond the decompression
 * budget is `too_large`, refused before it is parsed (pdf-budget.ts).
 */
import type { IntegrityFacts } from '../domain/integrity-facts';
import { DOCUMENT_TYPES, type DocumentType, type Extraction, type FieldsByType } from '../domain/model';
import { DEFAULT_PREPROCESS_OPTIONS, type PreprocessOptions, preprocessImage } from '../ocr/preprocess';
import type { Ocr, OcrLanguage, OcrPage, QueryAnswer } from '../ports/ocr';
import { crossCheck, questionsFor } from './cross-check';
import { INTEGRITY_FACTS_VERSION, integrityFacts } from './integrity/index';
import { messages } from './messages';
import { ocrPageLines } from './ocr-lines';
import { missingFields, parseFields } from './parse/index';
import { linesOf, type TextLine } from './parse/text';
import type { InflateBudget } from './pdf-budget';
import { renderPdfPages } from './pdf-render';
import {
  DEFAULT_MAX_PAGES,
  DEFAULT_READ_TIMEOUT_MS,
  type PdfTextFacts,
  readPdfPages,
  readTimeoutMs,
} from './pdf-text';
import { recheckFields } from './recheck';
import { DEFAULT_SNIFF_LIMITS, type SniffLimits, sniffFile } from './sniff';

/** The text-layer reader; its results are unchanged by OCR. */
export const EXTRACTOR_VERSION = 'text-1.1.0';
/** The OCR reader: preprocessing, line building from word boxes, confidences. */
export const OCR_READER_VERSION = 'ocr-1.1.0';

/**
 * What a stored extraction was read with: the text reader alone, or with the OCR reader and its
 * engine (`text-1.1.0+ocr-1.1.0/tesseract.js-7/chi_sim@4.0.0+eng@4.0.0_best_int`). Re-driven steps and
 * replays compare it, so results of another reader or engine are read again.
 */
export function extractorVersion(ocr?: Pick<Ocr, 'engine'>): string {
  const text = `${EXTRACTOR_VERSION}+${INTEGRITY_FACTS_VERSION}`;
  return ocr ? `${text}+${OCR_READER_VERSION}/${ocr.engine}` : text;
}

export interface ExtractInput {
  type: DocumentType;
  /** The file's name as uploaded; it names the file in messages and provenance. */
  file: string;
  bytes: Uint8Array;
}

export interface ExtractLimits extends SniffLimits {
  maxPages: number;
  /**
   * Reading a PDF that takes longer is given up as corrupt (too complex to read); default
   * `PDF_READ_TIMEOUT_MS`, else 30 s.
   */
  timeoutMs: number;
}

export const DEFAULT_EXTRACT_LIMITS: ExtractLimits = {
  ...DEFAULT_SNIFF_LIMITS,
  maxPages: DEFAULT_MAX_PAGES,
  timeoutMs: DEFAULT_READ_TIMEOUT_MS,
};

export interface ExtractOptions extends Partial<ExtractLimits> {
  /** Reads photos, scans and PDF pages without a text layer; without it they are `no_text_layer`. */
  ocr?: Ocr;
  /** Languages asked of the engine (default Chinese and English: labels may be either). */
  ocrLanguages?: OcrLanguage[];
  /** Image preparation for OCR (sizes, deskew). */
  preprocess?: Partial<PreprocessOptions>;
  /** Read Chinese names below the trusted confidence a second time (default true; recheck.ts). */
  recheck?: boolean;
  /** Sees the positioned lines the parser reads (the reading bench classifies layouts with it). */
  onLines?: (lines: readonly TextLine[]) => void;
  /**
   * Whose read this is (a seller, or an application): the PDF parser threads are shared fairly
   * between tenants, each holding at most its share (read-queue.ts). Default: one shared tenant.
   */
  tenant?: string;
  /** What a PDF's streams may inflate to (default DEFAULT_INFLATE_BUDGET, pdf-budget.ts). */
  inflateBudget?: InflateBudget;
  /** Gather the integrity facts (default true; the bench measures without them). */
  integrity?: boolean;
}

type Unreadable = Extract<Extraction, { ok: false }>;

const DEFAULT_OCR_LANGUAGES: OcrLanguage[] = ['chi_sim', 'eng'];

export async function extractDocument(
  input: ExtractInput,
  options: ExtractOptions = {},
): Promise<Extraction> {
  const { type, file } = input;
  const { ocr, ocrLanguages, preprocess, recheck: _recheck, onLines, integrity, ...limits } = options;
  const unreadable = (problem: Unreadable['problem'], message: { zh: string; en: string }): Unreadable => ({
    ok: false,
    type,
    file,
    code: 'DOCUMENT_UNREADABLE',
    problem,
    message,
  });
  try {
    if (!(DOCUMENT_TYPES as readonly string[]).includes(type)) {
      return unreadable('type_not_accepted', messages.unknownType(file, String(type)));
    }
    const bytes = input.bytes instanceof Uint8Array ? input.bytes : new Uint8Array(0);
    const sniffed = await sniffFile(bytes, file, limits);
    if (!sniffed.ok) return unreadable(sniffed.problem, sniffed.message);

    const languages = ocrLanguages ?? DEFAULT_OCR_LANGUAGES;
    const answers = new Map<number, Record<string, QueryAnswer | null>>();
    const images = new Map<number, Uint8Array>();
    const prep = { ...DEFAULT_PREPROCESS_OPTIONS, ...preprocess };
    const readImage = async (image: Parameters<typeof preprocessImage>[0], page: number) => {
      const ready = await preprocessImage(image, file, limits, prep);
      if (!ready.ok) return ready;
      let read = await (ocr as Ocr).recognize(ready.png, { languages });
      let english = languages.length === 1 && languages[0] === 'eng';
      if (languages.length > 1 && languages.includes('eng') && isLatinPage(read)) {
        // An English page: its words read again with the English model (better spacing and
        // punctuation; on AWS the router sends it to Textract), its codes kept from the first read.
        read = mergeCodes(await (ocr as Ocr).recognize(ready.png, { languages: ['eng'] }), read);
        english = true;
      }
      const pageSize = { width: read.width, height: read.height };
      const lines: TextLine[] = ocrPageLines(read).map((l, i) => ({
        page,
        line: i + 1,
        text: l.text,
        confidences: l.confidences,
        boxes: l.boxes,
        pageSize,
      }));
      images.set(page, ready.png);
      // An engine that answers questions (Textract QUERIES) reads the fields a second way.
      const questions = questionsFor(type);
      if (english && questions && ocr?.query) {
        answers.set(page, await ocr.query(ready.png, questions, { languages: ['eng'] }));
      }
      return { ok: true as const, lines };
    };

    let lines: TextLine[];
    let pages: number;
    let method: 'text' | 'ocr' = 'text';
    let pdfFacts: PdfTextFacts | undefined;
    if (sniffed.kind !== 'pdf') {
      if (!ocr) return unreadable('no_text_layer', messages.noTextLayerImage(file, sniffed.kind));
      const read = await readImage(bytes, 1);
      if (!read.ok) return unreadable(read.problem, read.message);
      lines = read.lines;
      pages = 1;
      method = 'ocr';
    } else {
      const text = await readPdfPages(bytes, file, limits);
      if (!text.ok) return unreadable(text.problem, text.message);
      pdfFacts = text.facts;
      const scanned = text.pages.filter((p) => p.lines.length === 0).map((p) => p.page);
      if (scanned.length === text.pages.length && !ocr) {
        return unreadable('no_text_layer', messages.noTextLayerPdf(file));
      }
      const byPage = new Map<number, TextLine[]>();
      for (const l of linesOf(text.pages)) byPage.set(l.page, [...(byPage.get(l.page) ?? []), l]);
      if (ocr && scanned.length > 0) {
        const drawn = await renderPdfPages(bytes, file, scanned, {
          timeoutMs: limits.timeoutMs ?? readTimeoutMs(),
          ...(limits.tenant === undefined ? {} : { tenant: limits.tenant }),
          ...(limits.inflateBudget === undefined ? {} : { inflateBudget: limits.inflateBudget }),
        });
        if (!drawn.ok) return unreadable(drawn.problem, drawn.message);
        for (const page of drawn.pages) {
          const read = await readImage(page, page.page);
          if (!read.ok) return unreadable(read.problem, read.message);
          byPage.set(page.page, read.lines);
        }
        method = 'ocr';
      }
      lines = [...byPage.keys()].sort((a, b) => a - b).flatMap((p) => byPage.get(p) ?? []);
      pages = text.pageCount;
    }

    onLines?.(lines);
    let fields = crossCheck(type, parseFields(type, lines, file), answers);
    if (ocr && images.size > 0 && options.recheck !== false) {
      fields = await recheckFields(type, fields, { ocr, languages: ['chi_sim'], lines, images });
    }
    const missing = missingFields(type, fields);
    const facts =
      integrity === false
        ? undefined
        : await integrityFacts({
            type,
            bytes,
            kind: sniffed.kind,
            lines,
            ...(pdfFacts ? { pdf: pdfFacts } : {}),
            images,
          });
    if (missing && method === 'ocr' && holdsText(lines)) {
      // A legible page whose fields could not be placed is not unreadable: it is read with what
      // was found, and whatever a rule needs and lacks flags for a person to read it.
      return ok(type, file, method, pages, unplaced(type, fields, file, lines), facts);
    }
    if (missing) {
      return unreadable(
        'fields_not_found',
        method === 'ocr'
          ? messages.fieldsNotFoundOcr(file, type, missing)
          : messages.fieldsNotFound(file, type, missing),
      );
    }
    return ok(type, file, method, pages, fields, facts);
  } catch (error) {
    if ((error as { name?: unknown } | null)?.name === 'TransientError') throw error;
    return unreadable('corrupt', messages.corrupt(file, { zh: '读取时出错', en: 'it could not be read' }));
  }
}

/** Characters a document is made of (Chinese, letters, digits) read with at least this confidence. */
const LEGIBLE_CONFIDENCE = 0.5;
/** Fewer legible characters than this on every page read: no document at all (a blank, bars, noise). */
const DOCUMENT_MIN_CHARACTERS = 20;

/** Whether OCR found a document's worth of legible text. */
export function holdsText(lines: readonly TextLine[]): boolean {
  let legible = 0;
  for (const l of lines) {
    for (let i = 0; i < l.text.length; i++) {
      if (!/[\p{Script=Han}A-Za-z0-9]/u.test(l.text.charAt(i))) continue;
      if ((l.confidences?.[i] ?? 1) >= LEGIBLE_CONFIDENCE) legible++;
    }
  }
  return legible >= DOCUMENT_MIN_CHARACTERS;
}

/**
 * The fields of a legible page where none could be placed: a table type gets one empty row at
 * confidence 0 (as an unreadable row), so its rules flag instead of deciding that nothing is there.
 */
function unplaced<T extends DocumentType>(
  type: T,
  fields: FieldsByType[T],
  file: string,
  lines: readonly TextLine[],
): FieldsByType[T] {
  const at = lines[0];
  const source = { file, page: at?.page ?? 1, line: at?.line ?? 1, method: 'ocr' as const };
  const empty = <V>(value: V) => [{ value, confidence: 0, source }];
  switch (type) {
    case 'bank_statement':
      return { ...fields, transactions: empty({ date: '', amountMinor: 0 }) } as FieldsByType[T];
    case 'electricity_bill':
      return { ...fields, months: empty({ month: '', kwh: 0 }) } as FieldsByType[T];
    case 'capacity_proof':
      return { ...fields, rows: empty({ sku: '', monthlyCapacity: 0 }) } as FieldsByType[T];
    default:
      return fields;
  }
}

/** A page whose letters are (nearly) all Latin: at least 30 of them and under 10% Chinese. */
export function isLatinPage(page: OcrPage): boolean {
  let latin = 0;
  let cjk = 0;
  for (const line of page.lines) {
    for (const word of line.words) {
      latin += (word.text.match(/[A-Za-z]/g) ?? []).length;
      cjk += (word.text.match(/[\u3400-\u9fff]/g) ?? []).length;
    }
  }
  return latin >= 30 && cjk < 0.1 * (latin + cjk);
}

/** A registration code or ID number: 15+ letters and digits, at least 6 of them digits. */
const CODE_WORD = /^[0-9A-Z]{15,}$/;
const isCode = (text: string) => CODE_WORD.test(text) && (text.match(/\d/g) ?? []).length >= 6;

/**
 * `page` with each code word replaced by the code word of `codes` at the same place, when there is
 * one (measured: the Chinese model reads the digits of codes more reliably than the English one).
 */
export function mergeCodes(page: OcrPage, codes: OcrPage): OcrPage {
  const candidates = codes.lines.flatMap((l) => l.words).filter((w) => isCode(w.text));
  if (candidates.length === 0) return page;
  const lines = page.lines.map((line) => {
    const words = line.words.map((w) => {
      if (!isCode(w.text)) return w;
      const match = candidates.find((c) => {
        const ix = Math.min(w.box.x1, c.box.x1) - Math.max(w.box.x0, c.box.x0);
        const iy = Math.min(w.box.y1, c.box.y1) - Math.max(w.box.y0, c.box.y0);
        return ix > 0.5 * (w.box.x1 - w.box.x0) && iy > 0.5 * (w.box.y1 - w.box.y0);
      });
      return match ? { ...w, text: match.text, confidence: match.confidence } : w;
    });
    return {
      ...line,
      words,
      text: words.map((w) => w.text).join(' '),
      confidence: Math.min(...words.map((w) => w.confidence)),
    };
  });
  return { ...page, lines };
}

function ok<T extends DocumentType>(
  type: T,
  file: string,
  method: 'text' | 'ocr',
  pages: number,
  fields: FieldsByType[T],
  integrity?: IntegrityFacts,
): Extraction {
  return { ok: true, type, file, method, pages, fields, ...(integrity ? { integrity } : {}) } as Extraction;
}
