/**
 * A small page-layout layer over pdf-lib: text runs at positions measured from the top-left, rules
 * and boxes, one CJK font. Output is deterministic: fixed dates and metadata, pdf-lib's seeded
 * resource names, no object streams.
 */
import { PDFDocument, type PDFFont, type PDFPage, rgb } from 'pdf-lib';
import { cachingFontkit, cjkFontBytes } from './font';

export const A4: Size = { width: 595, height: 842 };
export const A4_LANDSCAPE: Size = { width: 842, height: 595 };

/** The dates written into every generated PDF's info dictionary. */
export const FIXED_PDF_DATE = new Date('2026-01-01T00:00:00Z');

export interface Size {
  width: number;
  height: number;
}

export interface TextRun {
  x: number;
  /** Baseline, from the top of the page. */
  y: number;
  text: string;
  size?: number;
  /** 'center' centres the run on x; 'right' ends it at x. */
  align?: 'left' | 'center' | 'right';
  grey?: boolean;
}

export interface Rule {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
  width?: number;
}

export interface PageSpec {
  size?: Size;
  runs: TextRun[];
  rules?: Rule[];
  /** A PNG or JPEG drawn full-page (a "scan"). */
  image?: Uint8Array;
}

export interface RenderMeta {
  title: string;
  subject?: string;
  author?: string;
}

/** Measures text in the document font, for layouts that depend on widths. */
export interface Measure {
  width(text: string, size: number): number;
}

let measureFont: PDFFont | undefined;

export async function measurer(): Promise<Measure> {
  if (!measureFont) {
    const doc = await PDFDocument.create();
    doc.registerFontkit(cachingFontkit as never);
    measureFont = await doc.embedFont(cjkFontBytes(), { subset: true, customName: 'NotoSansHans' });
  }
  const font = measureFont;
  return { width: (text, size) => font.widthOfTextAtSize(text, size) };
}

export async function renderPdf(pages: PageSpec[], meta: RenderMeta): Promise<Uint8Array> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  doc.registerFontkit(cachingFontkit as never);
  const needsFont = pages.some((p) => p.runs.length > 0);
  const font = needsFont
    ? await doc.embedFont(cjkFontBytes(), { subset: true, customName: 'NotoSansHans' })
    : undefined;
  doc.setTitle(meta.title);
  if (meta.subject) doc.setSubject(meta.subject);
  doc.setAuthor(meta.author ?? 'docgen');
  doc.setCreator('docgen');
  doc.setProducer('pdf-lib');
  doc.setCreationDate(FIXED_PDF_DATE);
  doc.setModificationDate(FIXED_PDF_DATE);
  for (const spec of pages) {
    const size = spec.size ?? A4;
    const page = doc.addPage([size.width, size.height]);
    if (spec.image) {
      const isJpeg = spec.image[0] === 0xff && spec.image[1] === 0xd8;
      const img = isJpeg ? await doc.embedJpg(spec.image) : await doc.embedPng(spec.image);
      page.drawImage(img, { x: 0, y: 0, width: size.width, height: size.height });
    }
    for (const r of spec.rules ?? []) drawRule(page, size, r);
    for (const run of spec.runs) {
      if (!font) break;
      const fontSize = run.size ?? 11;
      const w = font.widthOfTextAtSize(run.text, fontSize);
      const x = run.align === 'center' ? run.x - w / 2 : run.align === 'right' ? run.x - w : run.x;
      page.drawText(run.text, {
        x,
        y: size.height - run.y,
        size: fontSize,
        font,
        color: run.grey ? rgb(0.35, 0.35, 0.35) : rgb(0, 0, 0),
      });
    }
  }
  return doc.save({ useObjectStreams: false });
}

function drawRule(page: PDFPage, size: Size, r: Rule): void {
  page.drawLine({
    start: { x: r.x1, y: size.height - r.y1 },
    end: { x: r.x2, y: size.height - r.y2 },
    thickness: r.width ?? 0.6,
    color: rgb(0.2, 0.2, 0.2),
  });
}
