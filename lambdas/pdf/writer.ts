/**
 * A small flowing-document writer over pdf-lib for bilingual (Chinese + English) business
 * documents: paragraphs that wrap, headings, two-language blocks, simple tables, page breaks and
 * a footer on every page. One font (Noto Sans CJK SC, subset). Deterministic: the info dates are
 * the ones given, resource names come from pdf-lib's seeded generator, the font has a fixed name,
 * and no object streams are written, so the same content gives the same bytes.
 */
import { PDFDocument, type PDFFont, type PDFPage, rgb } from 'pdf-lib';
import { cachingFontkit } from './caching-fontkit.js';
import { cjkFontBytes } from './font.js';
import { wrapText } from './wrap.js';

export interface PdfInfo {
  title: string;
  subject?: string;
  author?: string;
  keywords?: string[];
  /** Written as CreationDate and ModDate: pass a date from the content (an issue time), never "now". */
  date: Date;
}

export interface TextStyle {
  /** Points; default 10. */
  size?: number;
  grey?: boolean;
  align?: 'left' | 'center';
  /** Points from the left margin. */
  indent?: number;
  /** Space after the block, in points; default a third of the size. */
  after?: number;
}

export interface TableOptions {
  /** Column widths as fractions of the text width (summing to 1). */
  widths: number[];
  size?: number;
  /** The first row is a header: drawn grey with a rule under it. */
  header?: boolean;
}

export interface Bilingual {
  zh: string;
  en: string;
}

const A4 = { width: 595.28, height: 841.89 };
const MARGIN = 56;
const LEADING = 1.45;
const FONT_NAME = 'NotoSansCJKsc';

export class PdfWriter {
  private page: PDFPage;
  /** Distance of the next baseline's top from the top of the page. */
  private cursor = MARGIN;
  private footer?: (page: number, pages: number) => string;

  private constructor(
    private readonly doc: PDFDocument,
    private readonly font: PDFFont,
  ) {
    this.page = doc.addPage([A4.width, A4.height]);
  }

  /** A new A4 document set in the CJK font. */
  static async create(info: PdfInfo): Promise<PdfWriter> {
    const doc = await PDFDocument.create({ updateMetadata: false });
    doc.registerFontkit(cachingFontkit as never);
    const font = await doc.embedFont(cjkFontBytes(), { subset: true, customName: FONT_NAME });
    doc.setTitle(info.title, { showInWindowTitleBar: true });
    if (info.subject) doc.setSubject(info.subject);
    if (info.author) doc.setAuthor(info.author);
    if (info.keywords) doc.setKeywords(info.keywords);
    doc.setCreator('managed-admission');
    doc.setProducer('pdf-lib');
    doc.setCreationDate(info.date);
    doc.setModificationDate(info.date);
    return new PdfWriter(doc, font);
  }

  /** Width available for text, in points. */
  get textWidth(): number {
    return A4.width - 2 * MARGIN;
  }

  /** Width of `text` at `size`, in points. */
  measure(text: string, size = 10): number {
    return this.font.widthOfTextAtSize(text, size);
  }

  /** A wrapped paragraph (a `\n` starts a new line). */
  text(text: string, style: TextStyle = {}): this {
    const size = style.size ?? 10;
    const indent = style.indent ?? 0;
    for (const line of wrapText(text, this.textWidth - indent, (t) => this.measure(t, size))) {
      this.line(line, size, indent, style);
    }
    this.cursor += style.after ?? size / 3;
    return this;
  }

  /** A heading: larger, with space before it. */
  heading(text: string, size = 13): this {
    this.ensure(size * LEADING * 3);
    this.cursor += size / 2;
    return this.text(text, { size, after: size / 2 });
  }

  /** The Chinese text, then the English one in grey: the house style for bilingual clauses. */
  bilingual(m: Bilingual, style: TextStyle = {}): this {
    this.text(m.zh, { ...style, after: 1 });
    return this.text(m.en, { ...style, size: (style.size ?? 10) - 1, grey: true });
  }

  /** Rows of cells; each cell wraps within its column and a row never splits across pages. */
  table(rows: string[][], options: TableOptions): this {
    const size = options.size ?? 9.5;
    const gap = 6;
    const widths = options.widths.map((w) => w * this.textWidth);
    for (const [r, row] of rows.entries()) {
      const cells = row.map((cell, i) =>
        wrapText(cell, (widths[i] ?? 0) - gap, (t) => this.measure(t, size)),
      );
      const height = Math.max(...cells.map((c) => c.length)) * size * LEADING;
      this.ensure(height + 4);
      const top = this.cursor;
      let x = MARGIN;
      for (const [i, lines] of cells.entries()) {
        this.cursor = top;
        for (const l of lines) this.line(l, size, x - MARGIN, { grey: options.header === true && r === 0 });
        x += widths[i] ?? 0;
      }
      this.cursor = top + height + 2;
      if (options.header && r === 0) this.rule(0.5);
    }
    this.cursor += size / 2;
    return this;
  }

  /** A horizontal rule across the text width. */
  rule(thickness = 0.6): this {
    const y = A4.height - this.cursor + 2;
    this.page.drawLine({
      start: { x: MARGIN, y },
      end: { x: A4.width - MARGIN, y },
      thickness,
      color: rgb(0.55, 0.55, 0.55),
    });
    this.cursor += 4;
    return this;
  }

  space(points: number): this {
    this.cursor += points;
    return this;
  }

  pageBreak(): this {
    this.page = this.doc.addPage([A4.width, A4.height]);
    this.cursor = MARGIN;
    return this;
  }

  /** Text drawn at the foot of every page when saving (page numbers are 1-based). */
  setFooter(footer: (page: number, pages: number) => string): this {
    this.footer = footer;
    return this;
  }

  async save(): Promise<Uint8Array> {
    const pages = this.doc.getPages();
    if (this.footer) {
      for (const [i, page] of pages.entries()) {
        const text = this.footer(i + 1, pages.length);
        const x = (A4.width - this.measure(text, 8)) / 2;
        page.drawText(text, { x, y: MARGIN / 2, size: 8, font: this.font, color: rgb(0.45, 0.45, 0.45) });
      }
    }
    return this.doc.save({ useObjectStreams: false });
  }

  /** Starts a new page unless `height` more points fit above the bottom margin. */
  private ensure(height: number): void {
    if (this.cursor + height > A4.height - MARGIN) this.pageBreak();
  }

  private line(text: string, size: number, indent: number, style: Pick<TextStyle, 'grey' | 'align'>): void {
    const height = size * LEADING;
    this.ensure(height);
    this.cursor += size;
    const x = style.align === 'center' ? (A4.width - this.measure(text, size)) / 2 : MARGIN + indent;
    if (text) {
      this.page.drawText(text, {
        x,
        y: A4.height - this.cursor,
        size,
        font: this.font,
        color: style.grey ? rgb(0.35, 0.35, 0.35) : rgb(0, 0, 0),
      });
    }
    this.cursor += height - size;
  }
}
