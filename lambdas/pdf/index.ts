/**
 * Bilingual PDFs (agreements now, statements next). Usage:
 *
 * ```ts
 * const pdf = await PdfWriter.create({ title: '…', date: new Date(issuedAt) });
 * pdf.heading('全托管服务协议').bilingual({ zh: '…', en: '…' }).table(rows, { widths: [0.4, 0.6] });
 * pdf.setFooter((page, pages) => `${id} · ${page}/${pages}`);
 * const bytes = await pdf.save(); // same content and date → same bytes
 * ```
 *
 * The font is found beside a Lambda bundle (a function that renders PDFs lists
 * `CJK_FONT_PACKAGE_PATH` in its `bundleFiles`, lib/steps.ts) or in node_modules when run from
 * source. `wrapText` is the line breaker on its own, for layouts of your own.
 */
export { cjkFontBytes, cjkFontPath, FontMissingError } from './font.js';
export { BUNDLED_FONT_DIR, CJK_FONT_FILE, CJK_FONT_PACKAGE, CJK_FONT_PACKAGE_PATH } from './font-file.js';
export { type MeasureText, wrapText } from './wrap.js';
export { type Bilingual, type PdfInfo, PdfWriter, type TableOptions, type TextStyle } from './writer.js';
