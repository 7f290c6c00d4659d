/**
 * The text layer of a PDF, as lines: each page's text pieces are grouped into visual rows by their
 * position and ordered left to right, so a two-column layout keeps a label and its value on one
 * line. A wide gap between two pieces becomes a tab. Text is NFKC-normalised (full-width digits and
 * punctuation become half-width).
 *
 * pdfjs runs in-process (no worker thread), reads CMaps from its own package directory, and never
 * fetches anything: no network, no system fonts, no eval.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { type getDocument, Util } from 'pdfjs-dist/legacy/build/pdf.mjs';
import * as pdfjsWorker from 'pdfjs-dist/legacy/build/pdf.worker.mjs';
import type { CoveredText, TextItemFact } from '../domain/integrity-facts';
import type { Message, UnreadableProblem } from '../domain/model';
import type { Box } from '../ports/ocr';
import {
  coveredTexts,
  filledBoxes,
  overlappingTexts,
  type PageItem,
  valueItems,
} from './integrity/pdf-page-facts';
import { messages } from './messages';
import type { PageText } from './parse/text';
import type { InflateBudget, InflateCheck } from './pdf-budget';
import { openPdf } from './pdfjs-thread';
import { DEFAULT_SNIFF_LIMITS } from './sniff';

export type { PageText } from './parse/text';

// The worker's handler in this thread: pdfjs then needs no worker file and no dynamic import.
(globalThis as { pdfjsWorker?: unknown }).pdfjsWorker ??= pdfjsWorker;

export interface PdfText {
  pages: PageText[];
  /** What the text layer shows of the file's making (integrity signals). */
  facts?: PdfTextFacts;
}

export interface PdfTextFacts {
  /** The Info dictionary's and XMP's producer, creator and dates, as given. */
  info: { producer?: string; creator?: string; created?: string; modified?: string };
  valueItems: TextItemFact[];
  covered: CoveredText[];
  /** Each page's object number, in page order (to name the pages an incremental update touched). */
  pageRefs: (number | undefined)[];
}

export type PdfTextResult =
  | ({ ok: true; pageCount: number } & PdfText)
  | { ok: false; problem: UnreadableProblem; message: Message };

export const DEFAULT_MAX_PAGES = 20;

function cMapDirectory(): string | undefined {
  try {
    const dir = join(dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json')), 'cmaps');
    return existsSync(dir) ? `${dir}/` : undefined;
  } catch {
    return undefined;
  }
}
const CMAP_URL = cMapDirectory();

interface Piece {
  x: number;
  y: number;
  width: number;
  size: number;
  str: string;
}

interface RawItem {
  str?: unknown;
  fontName?: unknown;
  transform?: unknown;
  width?: unknown;
  height?: unknown;
}

/** A visual row of a page: its text and, per UTF-16 unit, the box that character was drawn in (null for separators). */
export interface PdfRow {
  text: string;
  boxes: (Box | null)[];
}

/** Groups pieces into rows (top to bottom) and each row's pieces left to right. */
export function piecesToLines(pieces: Piece[]): string[] {
  return piecesToRows(pieces).map((r) => r.text);
}

/**
 * Rows of pieces with a box per character: a piece's width is shared among its characters (a
 * text layer gives a box per piece, not per glyph), its height is its font size above the
 * baseline. NFKC is applied per character, so every character of the row keeps its box.
 */
export function piecesToRows(pieces: Piece[]): PdfRow[] {
  const sorted = [...pieces].sort((a, b) => a.y - b.y || a.x - b.x);
  const rows: { y: number; size: number; pieces: Piece[] }[] = [];
  for (const p of sorted) {
    const row = rows[rows.length - 1];
    if (row && Math.abs(p.y - row.y) <= Math.max(1, 0.5 * Math.min(p.size, row.size))) row.pieces.push(p);
    else rows.push({ y: p.y, size: p.size, pieces: [p] });
  }
  const out: PdfRow[] = [];
  for (const row of rows) {
    row.pieces.sort((a, b) => a.x - b.x);
    let text = '';
    const boxes: (Box | null)[] = [];
    const push = (s: string, box: Box | null) => {
      text += s;
      for (let i = 0; i < s.length; i++) boxes.push(box);
    };
    let end = Number.NEGATIVE_INFINITY;
    for (const p of row.pieces) {
      const gap = p.x - end;
      const chars = [...p.str];
      const lead = p.str.length - p.str.trimStart().length;
      if (text !== '') {
        if (gap > 1.5 * p.size) push('\t', null);
        else if (gap > 0.2 * p.size && !/\s$/.test(text) && lead === 0) push(' ', null);
      }
      const w = chars.length > 0 ? p.width / chars.length : 0;
      chars.forEach((c, i) => {
        const n = c.normalize('NFKC');
        const box = /\s/.test(n)
          ? null
          : { x0: p.x + i * w, y0: p.y - p.size, x1: p.x + (i + 1) * w, y1: p.y };
        push(n, box);
      });
      end = Math.max(end, p.x + p.width);
    }
    const trimmed = collapse(text, boxes);
    if (trimmed.text !== '') out.push(trimmed);
  }
  return out;
}

/** Spaces around a tab are dropped, and the row trimmed, keeping each character's box. */
function collapse(text: string, boxes: (Box | null)[]): PdfRow {
  const chars = [...text];
  // `text` is built of single UTF-16 units or surrogate pairs; walk by code unit.
  let out = '';
  const outBoxes: (Box | null)[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text.charAt(i);
    if (c === ' ' || c === '\u00a0') {
      let j = i;
      while (j < text.length && (text.charAt(j) === ' ' || text.charAt(j) === '\u00a0')) j++;
      if (text.charAt(j) === '\t' || out.endsWith('\t') || out === '' || j === text.length) {
        i = j - 1;
        continue;
      }
    }
    if (c === '\t' && (out.endsWith('\t') || out === '')) continue;
    out += c;
    outBoxes.push(boxes[i] ?? null);
  }
  while (out.endsWith('\t') || out.endsWith(' ')) {
    out = out.slice(0, -1);
    outBoxes.pop();
  }
  void chars;
  return { text: out, boxes: outBoxes };
}

export const DEFAULT_READ_TIMEOUT_MS = 30_000;

/**
 * The time limit for reading one PDF: `PDF_READ_TIMEOUT_MS` when set to a positive number (the
 * bad-input corpus runs with a short one), else 30 s. Read at each call, not at import.
 */
export function readTimeoutMs(env: NodeJS.ProcessEnv = process.env): number {
  const set = Number(env.PDF_READ_TIMEOUT_MS);
  return Number.isFinite(set) && set > 0 ? set : DEFAULT_READ_TIMEOUT_MS;
}

/** The options every pdfjs document is opened with: in-process, offline, no eval, no system fonts. */
export function pdfjsDocumentOptions(bytes: Uint8Array) {
  return {
    // A plain copy: pdfjs refuses a Buffer and may detach what it is given.
    data: new Uint8Array(bytes),
    cMapUrl: CMAP_URL,
    cMapPacked: true,
    disableFontFace: true,
    useSystemFonts: false,
    useWorkerFetch: false,
    isEvalSupported: false,
    isOffscreenCanvasSupported: false,
    enableXfa: false,
    disableAutoFetch: true,
    disableStream: true,
    disableRange: true,
    stopAtErrors: false,
    // A backstop: images over the sniff's pixel limit are never decoded (sniff names them first).
    maxImageSize: DEFAULT_SNIFF_LIMITS.maxPixels,
    verbosity: 0,
  };
}

/** How one PDF read is held: pages, time, decompression, and whose read it is (the queue's tenant). */
export interface PdfReadLimits {
  maxPages?: number;
  timeoutMs?: number;
  inflateBudget?: InflateBudget;
  tenant?: string;
}

/** A file refused by the decompression budget, before pdfjs read it: too large, naming the file and the limit. */
export function refusedByBudget(
  fileName: string,
  refused: Exclude<InflateCheck, { ok: true }>,
): { problem: UnreadableProblem; message: Message } {
  if (refused.reason === 'double_compression') {
    return { problem: 'corrupt', message: messages.doublyCompressed(fileName, refused.filters) };
  }
  return { problem: 'too_large', message: messages.inflatesTooMuch(fileName, refused.limit, refused.reason) };
}

/** A read whose parser thread died (its memory limits): the file is too large to read. */
export function lostParser(fileName: string): { problem: UnreadableProblem; message: Message } {
  return { problem: 'too_large', message: messages.parserOutOfMemory(fileName) };
}

/**
 * Reads the text layer; never throws but a ReaderBusyError (the queue is full: retry). A file that
 * takes longer than `timeoutMs` (default `readTimeoutMs()`) is corrupt: too complex to read.
 */
export async function readPdfText(
  bytes: Uint8Array,
  fileName: string,
  limits: PdfReadLimits = {},
): Promise<PdfTextResult> {
  const read = await readPdfPages(bytes, fileName, limits);
  if (read.ok && read.pages.every((p) => p.lines.length === 0)) {
    return { ok: false, problem: 'no_text_layer', message: messages.noTextLayerPdf(fileName) };
  }
  return read;
}

/**
 * Reads the text layer page by page; a page without one has no lines (a scan: OCR it). Never
 * throws but a ReaderBusyError (the queue is full: retry). A file over the decompression budget
 * is too large, refused before it is parsed; one that takes longer than `timeoutMs` (default
 * `readTimeoutMs()`) is corrupt: too complex to read.
 */
export async function readPdfPages(
  bytes: Uint8Array,
  fileName: string,
  limits: PdfReadLimits = {},
): Promise<PdfTextResult> {
  const maxPages = limits.maxPages ?? DEFAULT_MAX_PAGES;
  const timeoutMs = limits.timeoutMs ?? readTimeoutMs();
  // The parser runs in a thread of its own, so this deadline holds even while it is busy.
  const opened = await openPdf(pdfjsDocumentOptions(bytes), {
    source: bytes,
    ...(limits.tenant === undefined ? {} : { tenant: limits.tenant }),
    ...(limits.inflateBudget === undefined ? {} : { budget: limits.inflateBudget }),
  });
  if (!opened.ok) return { ok: false, ...refusedByBudget(fileName, opened.refused) };
  const pdf = opened.pdf;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let timedOut = false;
  const timeout = new Promise<PdfTextResult>((resolve) => {
    timer = setTimeout(() => {
      timedOut = true;
      resolve({
        ok: false,
        problem: 'corrupt',
        message: messages.tooComplex(fileName, Math.max(1, Math.round(timeoutMs / 1000))),
      });
    }, timeoutMs);
  });
  try {
    const lost = pdf.lost.then((): PdfTextResult => ({ ok: false, ...lostParser(fileName) }));
    return await Promise.race([read(pdf.task, fileName, maxPages), timeout, lost]);
  } finally {
    clearTimeout(timer);
    await pdf.close(timedOut);
  }
}

/** What a PDF that cannot be opened is: password-protected, or corrupt. */
export function pdfOpenProblem(
  error: unknown,
  fileName: string,
): { problem: UnreadableProblem; message: Message } {
  if ((error as { name?: unknown } | null)?.name === 'PasswordException') {
    return { problem: 'encrypted', message: messages.encrypted(fileName) };
  }
  return {
    problem: 'corrupt',
    message: messages.corrupt(fileName, {
      zh: '无法解析 PDF 结构',
      en: 'its PDF structure cannot be parsed',
    }),
  };
}

async function read(
  task: ReturnType<typeof getDocument>,
  fileName: string,
  maxPages: number,
): Promise<PdfTextResult> {
  try {
    const doc = await task.promise;
    if (doc.numPages > maxPages) {
      return {
        ok: false,
        problem: 'too_many_pages',
        message: messages.tooManyPages(fileName, doc.numPages, maxPages),
      };
    }
    const pages: PageText[] = [];
    const facts: PdfTextFacts = { info: await documentInfo(doc), valueItems: [], covered: [], pageRefs: [] };
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await doc.getPage(n);
      const viewport = page.getViewport({ scale: 1 });
      facts.pageRefs.push((page as { ref?: { num?: number } }).ref?.num);
      const content = await page.getTextContent();
      const pieces: Piece[] = [];
      const items: PageItem[] = [];
      for (const item of content.items as RawItem[]) {
        if (typeof item.str !== 'string' || item.str.trim() === '' || !Array.isArray(item.transform))
          continue;
        const tx = Util.transform(viewport.transform, item.transform as number[]) as number[];
        const size = Math.hypot(tx[2] ?? 0, tx[3] ?? 0) || Number(item.height) || 10;
        const piece = { x: tx[4] ?? 0, y: tx[5] ?? 0, width: Number(item.width) || 0, size, str: item.str };
        pieces.push(piece);
        items.push({
          text: item.str,
          font: typeof item.fontName === 'string' ? item.fontName : '',
          box: { x0: piece.x, y0: piece.y - size, x1: piece.x + piece.width, y1: piece.y },
        });
      }
      const size = { width: viewport.width, height: viewport.height };
      facts.valueItems.push(...valueItems(n, items, size));
      const pairs = overlappingTexts(items);
      if (pairs.length > 0) {
        const ops = await page.getOperatorList();
        facts.covered.push(...coveredTexts(n, pairs, filledBoxes(ops, viewport.transform), size));
      }
      const rows = piecesToRows(pieces);
      pages.push({
        page: n,
        lines: rows.map((r) => r.text),
        boxes: rows.map((r) => r.boxes),
        size: { width: viewport.width, height: viewport.height },
      });
      page.cleanup();
    }
    return { ok: true, pageCount: doc.numPages, pages, facts };
  } catch (error) {
    return { ok: false, ...pdfOpenProblem(error, fileName) };
  }
}

/** Producer, creator and dates from the Info dictionary, else from XMP; never throws. */
async function documentInfo(doc: {
  getMetadata(): Promise<{ info: unknown; metadata: { get(name: string): unknown } | null }>;
}): Promise<PdfTextFacts['info']> {
  try {
    const { info, metadata } = await doc.getMetadata();
    const dict = (info ?? {}) as Record<string, unknown>;
    const text = (v: unknown) => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);
    const xmp = (name: string) => text(metadata?.get(name));
    const out: PdfTextFacts['info'] = {};
    const producer = text(dict.Producer) ?? xmp('pdf:producer');
    const creator = text(dict.Creator) ?? xmp('xmp:creatortool');
    const created = text(dict.CreationDate) ?? xmp('xmp:createdate');
    const modified = text(dict.ModDate) ?? xmp('xmp:modifydate');
    if (producer) out.producer = producer;
    if (creator) out.creator = creator;
    if (created) out.created = created;
    if (modified) out.modified = modified;
    return out;
  } catch {
    return {};
  }
}
