/**
 * Draws a PDF page into a canvas with pdf.js, in the reviewer's browser. Loaded only by the
 * reviewer's task page (a chunk of its own: the seller's pages never fetch it). Scripts in the
 * PDF never run (pdf.js does not execute them; eval is off); the worker comes from this origin.
 */
import { GlobalWorkerOptions, getDocument, type PDFDocumentProxy } from 'pdfjs-dist';
import workerUrl from 'pdfjs-dist/build/pdf.worker.min.mjs?url';

GlobalWorkerOptions.workerSrc = workerUrl;

export type PdfDocument = PDFDocumentProxy;

export async function openPdf(bytes: ArrayBuffer): Promise<PdfDocument> {
  // Glyphs drawn as paths (no FontFace from the file: the portal's CSP allows fonts from 'self' only).
  return getDocument({
    data: new Uint8Array(bytes),
    isEvalSupported: false,
    enableXfa: false,
    disableFontFace: true,
  }).promise;
}

/** Renders page `n` (1-based) `cssWidth` CSS pixels wide, sharp on high-density screens. */
export async function renderPage(doc: PdfDocument, n: number, canvas: HTMLCanvasElement, cssWidth: number) {
  const page = await doc.getPage(n);
  const unscaled = page.getViewport({ scale: 1 });
  const ratio = window.devicePixelRatio || 1;
  const viewport = page.getViewport({ scale: (cssWidth / unscaled.width) * ratio });
  canvas.width = Math.floor(viewport.width);
  canvas.height = Math.floor(viewport.height);
  canvas.style.width = '100%';
  await page.render({ canvas, viewport }).promise;
}
