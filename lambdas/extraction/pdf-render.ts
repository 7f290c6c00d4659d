/**
 * PDF pages as pixels, for OCR of pages without a text layer: pdfjs-dist 5.6 (legacy build, Node
 * 20) drawing on an `@napi-rs/canvas` canvas (prebuilt, no system libraries), in-process and
 * offline: standard fonts and image decoders (JPEG 2000, JBIG2) come from pdfjs-dist's own
 * package directories.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { createCanvas } from '@napi-rs/canvas';
import type { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { Message, UnreadableProblem } from '../domain/model';
import type { RawImage } from '../ocr/preprocess';
import { messages } from './messages';
import type { InflateBudget } from './pdf-budget';
import {
  DEFAULT_READ_TIMEOUT_MS,
  lostParser,
  pdfjsDocumentOptions,
  pdfOpenProblem,
  refusedByBudget,
} from './pdf-text';
import { openPdf } from './pdfjs-thread';

function packageDirectory(sub: string): string | undefined {
  try {
    const dir = join(dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json')), sub);
    return existsSync(dir) ? `${dir}/` : undefined;
  } catch {
    return undefined;
  }
}
const STANDARD_FONTS = packageDirectory('standard_fonts');
const WASM = packageDirectory('wasm');

export interface RenderOptions {
  /** The page's longer side in pixels (default 2400: a licence ≈ 200 dpi, A4 ≈ 290 dpi). */
  longSide: number;
  /** Scale limits against the page's size in points (1 pt = 1/72 in). */
  minScale: number;
  maxScale: number;
  /** A page is never drawn larger than this many pixels. */
  maxPixels: number;
  timeoutMs: number;
  /** An exact scale instead (still within `maxPixels`). */
  scale?: number;
  /** Whose read this is (the parser queue's tenant). */
  tenant?: string;
  inflateBudget?: InflateBudget;
}

export const DEFAULT_RENDER_OPTIONS: RenderOptions = {
  longSide: 2400,
  minScale: 1.5,
  maxScale: 4,
  maxPixels: 12_000_000,
  timeoutMs: DEFAULT_READ_TIMEOUT_MS,
};

export interface RenderedPage extends RawImage {
  page: number;
  /** Pixels per PDF point. */
  scale: number;
}

export type RenderResult =
  | { ok: true; pages: RenderedPage[] }
  | { ok: false; problem: UnreadableProblem; message: Message };

/** The scale a page of this size (points) is drawn at. */
export function renderScale(
  width: number,
  height: number,
  o: RenderOptions = DEFAULT_RENDER_OPTIONS,
): number {
  const long = Math.max(width, height, 1);
  let scale = o.scale ?? Math.min(o.maxScale, Math.max(o.minScale, o.longSide / long));
  const pixels = width * height * scale * scale;
  if (pixels > o.maxPixels) scale = Math.sqrt(o.maxPixels / (width * height));
  return scale;
}

/** Draws the given pages (1-based) on white, RGBA. Never throws but a ReaderBusyError (retry). */
export async function renderPdfPages(
  bytes: Uint8Array,
  fileName: string,
  pageNumbers: readonly number[],
  options: Partial<RenderOptions> = {},
): Promise<RenderResult> {
  const o = { ...DEFAULT_RENDER_OPTIONS, ...options };
  // Parsed in a thread of its own (pdfjs-thread.ts): the deadline holds while a page is parsed.
  const opened = await openPdf(
    {
      ...pdfjsDocumentOptions(bytes),
      ...(STANDARD_FONTS ? { standardFontDataUrl: STANDARD_FONTS } : {}),
      ...(WASM ? { wasmUrl: WASM } : {}),
    },
    {
      source: bytes,
      ...(o.tenant === undefined ? {} : { tenant: o.tenant }),
      ...(o.inflateBudget === undefined ? {} : { budget: o.inflateBudget }),
    },
  );
  if (!opened.ok) return { ok: false, ...refusedByBudget(fileName, opened.refused) };
  const pdf = opened.pdf;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let timedOut = false;
  const timeout = new Promise<RenderResult>((resolve) => {
    timer = setTimeout(() => {
      timedOut = true;
      resolve({
        ok: false,
        problem: 'corrupt',
        message: messages.corrupt(fileName, { zh: '页面渲染超时', en: 'drawing its pages took too long' }),
      });
    }, o.timeoutMs);
  });
  try {
    const lost = pdf.lost.then((): RenderResult => ({ ok: false, ...lostParser(fileName) }));
    return await Promise.race([draw(pdf.task, fileName, pageNumbers, o), timeout, lost]);
  } finally {
    clearTimeout(timer);
    await pdf.close(timedOut);
  }
}

async function draw(
  task: ReturnType<typeof getDocument>,
  fileName: string,
  pageNumbers: readonly number[],
  o: RenderOptions,
): Promise<RenderResult> {
  let doc: Awaited<ReturnType<typeof getDocument>['promise']>;
  try {
    doc = await task.promise;
  } catch (error) {
    return { ok: false, ...pdfOpenProblem(error, fileName) };
  }
  const pages: RenderedPage[] = [];
  try {
    for (const n of pageNumbers) {
      const page = await doc.getPage(n);
      const base = page.getViewport({ scale: 1 });
      const scale = renderScale(base.width, base.height, o);
      const viewport = page.getViewport({ scale });
      const width = Math.max(1, Math.ceil(viewport.width));
      const height = Math.max(1, Math.ceil(viewport.height));
      const canvas = createCanvas(width, height);
      const context = canvas.getContext('2d');
      context.fillStyle = '#ffffff';
      context.fillRect(0, 0, width, height);
      type Params = Parameters<typeof page.render>[0];
      await page.render({
        canvas: canvas as unknown as Params['canvas'],
        canvasContext: context as unknown as Params['canvasContext'],
        viewport,
      }).promise;
      const pixels = context.getImageData(0, 0, width, height).data;
      pages.push({ page: n, pixels, width, height, channels: 4, scale });
      page.cleanup();
    }
  } catch {
    return {
      ok: false,
      problem: 'corrupt',
      message: messages.corrupt(fileName, { zh: '页面无法显示', en: 'a page cannot be drawn' }),
    };
  }
  return { ok: true, pages };
}
