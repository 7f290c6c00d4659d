/**
 * A PDF writer for documents made by the hundred from one cached font subset (subset-font.ts):
 * the same flowing layout as PdfWriter (headings, two-language blocks, wrapped table cells, a
 * footer on every page, A4), written straight as PDF objects, synchronously, in well under a
 * millisecond a page. Text is drawn as glyph ids of the subset (Identity-H), with a ToUnicode map
 * so it can be searched and copied. Every character drawn must be in the subset (`covers`).
 */
import { ByteSink, num, PdfBytes } from './pdf-bytes.js';
import type { SubsetFont } from './subset-font.js';
import { wrapText } from './wrap.js';

const A4 = { width: 595.28, height: 841.89 };
const MARGIN = 56;
const PAGE = `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${A4.width} ${A4.height}] /Resources << /Font << /F1 3 0 R >> >> /Contents `;
const LEADING = 1.45;
const FONT_NAME = 'NotoSansCJKsc';

export interface LiteTableOptions {
  widths: number[];
  size?: number;
  header?: boolean;
  /** Per column: 'r' aligns the cell's text to the right of its column. */
  align?: ('l' | 'r')[];
}

const HEX = Array.from({ length: 1 << 16 }, (_, i) => i.toString(16).padStart(4, '0'));
const HEX_BYTES = Buffer.from(HEX.join(''), 'latin1');
const latin1 = (s: string) => Buffer.from(s, 'latin1');
const TD_OPEN = latin1(' Td <');
const TJ_CLOSE = latin1('> Tj ET\n');

/**
 * The content bytes of the pages being drawn: one buffer a thread reuses from document to
 * document (a document copies its pages out when it is saved).
 */
let spareContent: ByteSink | null = null;

/**
 * What a font gives every document, worked out once: per BMP code point its glyph's hex and
 * width, the lines a text wraps into (headings and notes repeat from one document to the next),
 * and the bytes of the font's objects (3 to 7), the same in every document.
 */
interface FontTables {
  /** Per BMP code point, its glyph id as four hex digits (ASCII) at 4 × cp. */
  hexBytes: Uint8Array;
  width: Float64Array;
  wraps: Map<string, string[]>;
  textStarts: Map<number, Uint8Array>;
  objects?: { bytes: Buffer; offsets: number[] };
}
const fontTables = new WeakMap<SubsetFont, FontTables>();
const WRAPS_KEPT = 4096;

function tablesOf(font: SubsetFont): FontTables {
  let t = fontTables.get(font);
  if (t === undefined) {
    const hexBytes = new Uint8Array(4 << 16);
    const width = new Float64Array(1 << 16);
    for (let cp = 0; cp < 1 << 16; cp++) {
      const gid = font.glyphs.get(cp) ?? 0;
      hexBytes.set(HEX_BYTES.subarray(4 * gid, 4 * gid + 4), 4 * cp);
      width[cp] = font.widths[gid] ?? 0;
    }
    t = { hexBytes, width, wraps: new Map(), textStarts: new Map() };
    fontTables.set(font, t);
  }
  return t;
}
export class LitePdf {
  /** The pages' content, one after another; page i is content[pageStarts[i], pageStarts[i + 1]). */
  private readonly content: ByteSink;
  private readonly pageStarts = [0];
  private cursor = MARGIN;
  private footer?: (page: number, pages: number) => string;
  private readonly tables: FontTables;

  constructor(
    private readonly font: SubsetFont,
    private readonly info: { title: string; subject?: string; date: Date },
  ) {
    this.content = spareContent ?? new ByteSink(1 << 16);
    spareContent = null;
    this.content.len = 0;
    this.tables = tablesOf(font);
  }

  /** Whether every character of `text` has a glyph in the subset. */
  covers(text: string): boolean {
    for (const ch of text) if (!this.font.glyphs.has(ch.codePointAt(0) as number)) return false;
    return true;
  }

  get textWidth(): number {
    return A4.width - 2 * MARGIN;
  }

  measure(text: string, size = 10): number {
    return (this.units(text) * size) / 1000;
  }

  /** The sum of the text's advance widths, in font units (integers: summed exactly). */
  private units(text: string): number {
    const { glyphs, widths } = this.font;
    const bmp = this.tables.width;
    let w = 0;
    for (let i = 0; i < text.length; i++) {
      const cp = text.codePointAt(i) as number;
      if (cp > 0xffff) {
        i++;
        w += widths[glyphs.get(cp) ?? 0] ?? 0;
      } else w += bmp[cp] as number;
    }
    return w;
  }

  /**
   * wrapText over `width` (the text width) at `size`, kept per font: the same notes and table
   * headings in every document.
   */
  private wrapped(text: string, size: number, width = this.textWidth): string[] {
    const wraps = this.tables.wraps;
    const key = `${size}\u0000${width}\u0000${text}`;
    let lines = wraps.get(key);
    if (lines === undefined) {
      lines = wrapText(text, width, (t) => this.measure(t, size), {
        units: (t) => this.units(t),
        width: (u) => (u * size) / 1000,
      });
      if (wraps.size >= WRAPS_KEPT) wraps.clear();
      wraps.set(key, lines);
    }
    return lines;
  }

  text(text: string, style: { size?: number; grey?: boolean; after?: number } = {}): this {
    const size = style.size ?? 10;
    for (const line of this.wrapped(text, size)) {
      this.ensure(size * LEADING);
      this.cursor += size;
      if (line) this.draw(line, MARGIN, A4.height - this.cursor, size, style.grey === true);
      this.cursor += size * LEADING - size;
    }
    this.cursor += style.after ?? size / 3;
    return this;
  }

  heading(text: string, size = 13): this {
    this.ensure(size * LEADING * 3);
    this.cursor += size / 2;
    return this.text(text, { size, after: size / 2 });
  }

  bilingual(m: { zh: string; en: string }): this {
    this.text(m.zh, { after: 1 });
    return this.text(m.en, { size: 9, grey: true });
  }

  table(rows: string[][], options: LiteTableOptions): this {
    const size = options.size ?? 9.5;
    const gap = 6;
    const widths = options.widths.map((w) => w * this.textWidth);
    const lineHeight = size * LEADING;
    const right = options.align ?? [];
    for (let r = 0; r < rows.length; r++) {
      const row = rows[r] as string[];
      const grey = options.header === true && r === 0;
      // A cell that fits (almost every one) is not wrapped, and its width is measured once.
      const cells: string[][] = new Array(row.length);
      const fits: number[] = new Array(row.length);
      let tallest = 1;
      for (let i = 0; i < row.length; i++) {
        const cell = row[i] as string;
        const room = (widths[i] ?? 0) - gap;
        const w = this.measure(cell, size);
        if (w <= room) {
          cells[i] = [cell];
          fits[i] = w;
        } else {
          const lines = this.wrapped(cell, size, room);
          cells[i] = lines;
          fits[i] = -1;
          if (lines.length > tallest) tallest = lines.length;
        }
      }
      const height = tallest * lineHeight;
      this.ensure(height + 4);
      let x = MARGIN;
      for (let i = 0; i < cells.length; i++) {
        const lines = cells[i] as string[];
        const alignRight = right[i] === 'r' && !grey;
        let y = this.cursor;
        for (const l of lines) {
          y += size;
          if (l) {
            const fit = fits[i] as number;
            const at = alignRight ? x + (widths[i] ?? 0) - gap - (fit >= 0 ? fit : this.measure(l, size)) : x;
            this.draw(l, at, A4.height - y, size, grey);
          }
          y += lineHeight - size;
        }
        x += widths[i] ?? 0;
      }
      this.cursor += height + 2;
      if (grey) this.rule(0.5);
    }
    this.cursor += size / 2;
    return this;
  }

  rule(thickness = 0.6): this {
    const y = num(A4.height - this.cursor + 2);
    this.content.text(`0.55 G ${num(thickness)} w ${MARGIN} ${y} m ${num(A4.width - MARGIN)} ${y} l S\n`);
    this.cursor += 4;
    return this;
  }

  pageBreak(): this {
    this.pageStarts.push(this.content.len);
    this.cursor = MARGIN;
    return this;
  }

  setFooter(footer: (page: number, pages: number) => string): this {
    this.footer = footer;
    return this;
  }

  get pageCount(): number {
    return this.pageStarts.length;
  }

  save(): Uint8Array {
    return Buffer.concat(this.saveParts());
  }

  /**
   * The document as its parts, in order, for a vectored write: the font's objects (most of a
   * short document's bytes) are one shared buffer, not copied into every document.
   */
  saveParts(): Uint8Array[] {
    const n = this.pageStarts.length;
    // Each page's footer goes after all the pages' bodies: [body start, body end, footer end].
    const ranges: number[] = [];
    for (let i = 0; i < n; i++) {
      const bodyEnd = i + 1 < n ? (this.pageStarts[i + 1] as number) : this.content.len;
      ranges.push(this.pageStarts[i] as number, bodyEnd);
    }
    const footerStarts: number[] = [];
    for (let i = 0; i < n; i++) {
      footerStarts.push(this.content.len);
      if (this.footer) {
        const text = this.footer(i + 1, n);
        this.draw(text, (A4.width - this.measure(text, 8)) / 2, MARGIN / 2, 8, true, 0.45);
      }
    }
    footerStarts.push(this.content.len);
    const parts = this.serialize(ranges, footerStarts);
    spareContent = this.content;
    return parts;
  }

  private ensure(height: number): void {
    if (this.cursor + height > A4.height - MARGIN) this.pageBreak();
  }

  /** `BT /F1 size Tf shade g ` per size and shade (a handful in a document): made once. */
  private textStart(size: number, shade: number): Uint8Array {
    const key = size * 1000 + shade;
    let start = this.tables.textStarts.get(key);
    if (start === undefined) {
      start = latin1(`BT /F1 ${num(size)} Tf ${shade === 0 ? '0' : shade} g `);
      this.tables.textStarts.set(key, start);
    }
    return start;
  }

  private draw(text: string, x: number, y: number, size: number, grey: boolean, shade = 0.35): void {
    const c = this.content;
    c.bytes(this.textStart(size, grey ? shade : 0));
    c.num(x);
    c.room(1);
    c.buf[c.len++] = 32;
    c.num(y);
    // " Td <", the glyphs' hex, "> Tj ET\n": the short constants byte by byte (a set() costs more).
    c.room(4 * text.length + 13);
    const b = c.buf;
    const hexBytes = this.tables.hexBytes;
    let at = c.len;
    for (let k = 0; k < TD_OPEN.length; k++) b[at++] = TD_OPEN[k] as number;
    for (let i = 0; i < text.length; i++) {
      const cp = text.codePointAt(i) as number;
      if (cp > 0xffff) {
        i++;
        const gid = this.font.glyphs.get(cp) ?? 0;
        for (let k = 0; k < 4; k++) b[at++] = HEX_BYTES[4 * gid + k] as number;
      } else {
        const h = 4 * cp;
        b[at++] = hexBytes[h] as number;
        b[at++] = hexBytes[h + 1] as number;
        b[at++] = hexBytes[h + 2] as number;
        b[at++] = hexBytes[h + 3] as number;
      }
    }
    for (let k = 0; k < TJ_CLOSE.length; k++) b[at++] = TJ_CLOSE[k] as number;
    c.len = at;
  }

  private serialize(ranges: number[], footerStarts: number[]): Uint8Array[] {
    const w = new PdfBytes(this.content.len + 4096);
    w.write('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n');
    const n = this.pageStarts.length;
    // 1 catalog, 2 pages, 3 font, 4 CID font, 5 descriptor, 6 font file, 7 ToUnicode, 8 info,
    // then a page and its content per page.
    const kids = Array.from({ length: n }, (_, i) => `${9 + 2 * i} 0 R`).join(' ');
    w.obj(1, '<< /Type /Catalog /Pages 2 0 R >>');
    w.obj(2, `<< /Type /Pages /Kids [${kids}] /Count ${n} >>`);
    // 3 to 7 are the font's: the same bytes in every document, made once.
    this.tables.objects ??= fontObjects(this.font);
    const objects = this.tables.objects;
    objects.offsets.forEach((o, i) => {
      w.offsets[3 + i] = w.at + o;
    });
    w.writeShared(objects.bytes);
    const date = pdfDate(this.info.date);
    w.obj(
      8,
      `<< /Title ${pdfText(this.info.title)}${this.info.subject ? ` /Subject ${pdfText(this.info.subject)}` : ''} /Creator (managed-admission) /Producer (managed-admission lite) /CreationDate (${date}) /ModDate (${date}) >>`,
    );
    const content = this.content.buf;
    for (let i = 0; i < n; i++) {
      w.obj(9 + 2 * i, `${PAGE}${10 + 2 * i} 0 R >>`);
      w.stream(
        10 + 2 * i,
        '',
        [content, ranges[2 * i] as number, ranges[2 * i + 1] as number],
        [content, footerStarts[i] as number, footerStarts[i + 1] as number],
      );
    }
    const size = 9 + 2 * n;
    let xref = `xref\n0 ${size}\n0000000000 65535 f \n`;
    for (let id = 1; id < size; id++) xref += `${String(w.offsets[id]).padStart(10, '0')} 00000 n \n`;
    const startxref = w.at;
    w.write(`${xref}trailer\n<< /Size ${size} /Root 1 0 R /Info 8 0 R >>\nstartxref\n${startxref}\n%%EOF\n`);
    return w.parts();
  }
}

/** Objects 3 to 7 (the font, its descriptor, program and ToUnicode map) and where each starts. */
function fontObjects(f: SubsetFont): { bytes: Buffer; offsets: number[] } {
  const w = new PdfBytes();
  w.obj(
    3,
    `<< /Type /Font /Subtype /Type0 /BaseFont /${FONT_NAME} /Encoding /Identity-H /DescendantFonts [4 0 R] /ToUnicode 7 0 R >>`,
  );
  w.obj(
    4,
    `<< /Type /Font /Subtype /CIDFontType0 /BaseFont /${FONT_NAME} /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /FontDescriptor 5 0 R /W [0 [${f.widths.map((x) => x ?? 0).join(' ')}]] >>`,
  );
  w.obj(
    5,
    `<< /Type /FontDescriptor /FontName /${FONT_NAME} /Flags 4 /FontBBox [${f.bbox.join(' ')}] /ItalicAngle 0 /Ascent ${f.ascent} /Descent ${f.descent} /CapHeight ${f.capHeight} /StemV 0 /FontFile3 6 0 R >>`,
  );
  w.stream(6, '/Subtype /CIDFontType0C /Filter /FlateDecode', [f.cff, 0, f.cff.length]);
  w.stream(7, '', toUnicode(f.unicode));
  return { bytes: Buffer.concat(w.parts()), offsets: [3, 4, 5, 6, 7].map((id) => w.offsets[id] as number) };
}

/** A text string as UTF-16BE hex with its byte-order mark. */
function pdfText(s: string): string {
  let hex = 'FEFF';
  for (let i = 0; i < s.length; i++) hex += HEX[s.charCodeAt(i)];
  return `<${hex}>`;
}

function pdfDate(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `D:${d.getUTCFullYear()}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}Z`;
}

const unicodeMaps = new WeakMap<number[], string>();

function toUnicode(unicode: number[]): string {
  const hit = unicodeMaps.get(unicode);
  if (hit) return hit;
  const entries: string[] = [];
  unicode.forEach((cp, gid) => {
    if (!cp) return;
    const u =
      cp > 0xffff
        ? HEX[0xd800 + ((cp - 0x10000) >> 10)] + (HEX[0xdc00 + ((cp - 0x10000) & 0x3ff)] as string)
        : HEX[cp];
    entries.push(`<${HEX[gid]}> <${u}>`);
  });
  let body = '';
  for (let i = 0; i < entries.length; i += 100) {
    const part = entries.slice(i, i + 100);
    body += `${part.length} beginbfchar\n${part.join('\n')}\nendbfchar\n`;
  }
  const cmap = `/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n1 begincodespacerange\n<0000> <ffff>\nendcodespacerange\n${body}endcmap\nCMapName currentdict /CMapResource defineresource pop\nend\nend\n`;
  unicodeMaps.set(unicode, cmap);
  return cmap;
}
