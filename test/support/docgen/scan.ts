/**
 * Images of generated documents, as sellers upload them:
 *
 * - `scanPng`: a clean flatbed scan of the text-layer PDF's first page (drawn by pdfjs on an
 *   @napi-rs/canvas canvas at 200 dpi), colour, a faint paper tint and a red round seal (公章)
 *   stamped over part of the text, as on a real 营业执照;
 * - `photoJpeg`: a phone photo of it: the page on a table, turned up to ±3° and slightly sheared,
 *   lit unevenly, with sensor noise and a little blur, JPEG quality ~80; some seeds store the
 *   pixels sideways or upside down with the EXIF orientation that puts them upright;
 * - `scanPdf`: a PDF whose page is the scan image (no text layer).
 *
 * Everything is drawn from the seed: the same PDF and seed give the same bytes.
 */
import { type Canvas, createCanvas, GlobalFonts, type SKRSContext2D } from '@napi-rs/canvas';
import sharp from 'sharp';
import { renderPdfPages } from '../../../lambdas/extraction/pdf-render';
import { scannedPdf } from './documents';
import { cjkFontPath } from './font';
import { type Rng, rng } from './prng';

const SEAL_FONT = 'DocgenSeal';
let fontRegistered = false;

function registerFont(): void {
  if (fontRegistered) return;
  GlobalFonts.registerFromPath(cjkFontPath(), SEAL_FONT);
  fontRegistered = true;
}

export interface ScanOptions {
  seed?: number;
  /** Scan resolution (default 200 dpi). */
  dpi?: number;
  /** A red seal stamped on the page (default true). */
  seal?: boolean;
  /** The seal's text around its rim. */
  sealText?: string;
  /** Where the seal sits: over the issuing authority and date (default), or over the right column. */
  sealAt?: 'authority' | 'fields';
}

export interface PhotoOptions extends ScanOptions {
  /** Tilt in degrees (default: ±3° from the seed). */
  rotation?: number;
  /** EXIF orientation to store the pixels with (1, 3, 6, 8); default: 1 for most seeds, else 3/6/8. */
  exifOrientation?: 1 | 3 | 6 | 8;
  /** JPEG quality (default 80). */
  quality?: number;
}

interface Page {
  canvas: Canvas;
  width: number;
  height: number;
  /** The page size in PDF points. */
  points: { width: number; height: number };
}

async function renderPage(pdf: Uint8Array, dpi: number): Promise<Page> {
  const drawn = await renderPdfPages(pdf, 'document.pdf', [1], { scale: dpi / 72, maxPixels: 40_000_000 });
  if (!drawn.ok) throw new Error(`docgen: cannot draw the page: ${drawn.message.en}`);
  const page = drawn.pages[0];
  if (!page) throw new Error('docgen: the PDF has no page');
  const canvas = createCanvas(page.width, page.height);
  const context = canvas.getContext('2d');
  const image = context.createImageData(page.width, page.height);
  image.data.set(page.pixels);
  context.putImageData(image, 0, 0);
  return {
    canvas,
    width: page.width,
    height: page.height,
    points: { width: page.width / page.scale, height: page.height / page.scale },
  };
}

/** A red round seal: a double rim, the text along the top arc, a star in the middle. */
function drawSeal(ctx: SKRSContext2D, cx: number, cy: number, r: number, text: string, r0: Rng): void {
  registerFont();
  ctx.save();
  ctx.globalCompositeOperation = 'multiply';
  ctx.globalAlpha = 0.78 + r0.next() * 0.15;
  const red = `rgb(${210 + r0.int(0, 30)}, ${20 + r0.int(0, 30)}, ${25 + r0.int(0, 30)})`;
  ctx.strokeStyle = red;
  ctx.fillStyle = red;
  ctx.lineWidth = r * 0.07;
  ctx.beginPath();
  ctx.arc(cx, cy, r, 0, Math.PI * 2);
  ctx.stroke();
  // A five-pointed star.
  const star = r * 0.3;
  ctx.beginPath();
  for (let i = 0; i < 10; i++) {
    const a = -Math.PI / 2 + (i * Math.PI) / 5;
    const rr = i % 2 === 0 ? star : star * 0.4;
    const x = cx + rr * Math.cos(a);
    const y = cy + rr * Math.sin(a);
    if (i === 0) ctx.moveTo(x, y);
    else ctx.lineTo(x, y);
  }
  ctx.closePath();
  ctx.fill();
  // The text along the rim, from about 8 to 4 o'clock over the top.
  const chars = [...text];
  const size = r * 0.24;
  ctx.font = `${size}px ${SEAL_FONT}`;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  const sweep = (Math.PI * 4) / 3;
  chars.forEach((ch, i) => {
    const a = -Math.PI / 2 - sweep / 2 + (sweep * (i + 0.5)) / chars.length;
    ctx.save();
    ctx.translate(cx + r * 0.76 * Math.cos(a), cy + r * 0.76 * Math.sin(a));
    ctx.rotate(a + Math.PI / 2);
    ctx.fillText(ch, 0, 0);
    ctx.restore();
  });
  // The seal's purpose under the star.
  ctx.font = `${size * 0.8}px ${SEAL_FONT}`;
  ctx.fillText('专用章', cx, cy + r * 0.55);
  ctx.restore();
}

function stampSeal(page: Page, r0: Rng, o: ScanOptions): void {
  if (o.seal === false) return;
  const ctx = page.canvas.getContext('2d');
  const landscape = page.width > page.height;
  const r = (landscape ? page.height : page.width) * (0.11 + r0.next() * 0.02);
  const overFields = (o.sealAt ?? 'authority') === 'fields';
  // Over the right column's rows (capital, dates, term, address), or over the authority and date.
  const cx = page.width * (overFields ? 0.68 + r0.next() * 0.1 : 0.7 + r0.next() * 0.08);
  const cy = overFields
    ? page.height * (landscape ? 0.33 : 0.22) + r0.next() * r * 0.5
    : page.height * (landscape ? 0.8 : 0.85) + (r0.next() - 0.5) * r * 0.4;
  drawSeal(ctx, cx, cy, r, o.sealText ?? '义乌市市场监督管理局', r0);
}

/** Adds grey noise (approximately normal, σ ≈ `sigma`) to the RGB channels, in place. */
function addNoise(data: Uint8ClampedArray | Uint8Array, sigma: number, r0: Rng): void {
  for (let i = 0; i < data.length; i += 4) {
    // Sum of three uniforms: close enough to a normal for sensor noise, and cheap.
    const n = (r0.next() + r0.next() + r0.next() - 1.5) * 2 * sigma;
    for (let c = 0; c < 3; c++) {
      const v = (data[i + c] as number) + n;
      data[i + c] = v < 0 ? 0 : v > 255 ? 255 : v;
    }
  }
}

/** A clean colour scan of the PDF's first page, with a red seal; PNG. */
export async function scanPng(pdf: Uint8Array, o: ScanOptions = {}): Promise<Uint8Array> {
  const r0 = rng((o.seed ?? 1) * 7919 + 17);
  const page = await renderPage(pdf, o.dpi ?? 200);
  stampSeal(page, r0, o);
  const ctx = page.canvas.getContext('2d');
  const image = ctx.getImageData(0, 0, page.width, page.height);
  // Paper slightly warm, ink slightly grey, a little scanner noise.
  const tint = [250 - r0.int(0, 6), 248 - r0.int(0, 6), 240 - r0.int(0, 8)];
  const d = image.data;
  for (let i = 0; i < d.length; i += 4) {
    for (let c = 0; c < 3; c++) d[i + c] = 18 + ((d[i + c] as number) * ((tint[c] as number) - 18)) / 255;
  }
  addNoise(d, 2, r0);
  return new Uint8Array(
    await sharp(Buffer.from(d.buffer, d.byteOffset, d.byteLength), {
      raw: { width: page.width, height: page.height, channels: 4 },
    })
      .removeAlpha()
      .png({ compressionLevel: 6 })
      .toBuffer(),
  );
}

/** A PDF whose only page is the scan image (JPEG inside, as scanners write), no text layer. */
export async function scanPdf(pdf: Uint8Array, o: ScanOptions = {}): Promise<Uint8Array> {
  const png = await scanPng(pdf, o);
  const meta = await sharp(png).metadata();
  const jpeg = new Uint8Array(await sharp(png).jpeg({ quality: 88 }).toBuffer());
  const dpi = o.dpi ?? 200;
  return scannedPdf(jpeg, 1, {
    width: ((meta.width ?? 0) * 72) / dpi,
    height: ((meta.height ?? 0) * 72) / dpi,
  });
}

/** A phone photo of the PDF's first page; JPEG. */
export async function photoJpeg(pdf: Uint8Array, o: PhotoOptions = {}): Promise<Uint8Array> {
  const r0 = rng((o.seed ?? 1) * 104729 + 3);
  const page = await renderPage(pdf, o.dpi ?? 170);
  stampSeal(page, r0, o);
  const margin = Math.round(Math.max(page.width, page.height) * (0.04 + r0.next() * 0.04));
  const width = page.width + 2 * margin;
  const height = page.height + 2 * margin;
  const photo = createCanvas(width, height);
  const ctx = photo.getContext('2d');
  // The table under the page.
  const table = ctx.createLinearGradient(0, 0, width, height);
  const shade = 90 + r0.int(0, 40);
  table.addColorStop(0, `rgb(${shade + 30}, ${shade + 15}, ${shade})`);
  table.addColorStop(1, `rgb(${shade}, ${shade - 10}, ${shade - 25})`);
  ctx.fillStyle = table;
  ctx.fillRect(0, 0, width, height);
  // The page, turned and slightly sheared (a phone not quite parallel to the page).
  const degrees = o.rotation ?? (r0.next() * 2 - 1) * 3;
  const shear = (r0.next() * 2 - 1) * 0.015;
  ctx.save();
  ctx.translate(width / 2, height / 2);
  ctx.rotate((degrees * Math.PI) / 180);
  ctx.transform(1, shear, 0, 1, 0, 0);
  ctx.drawImage(page.canvas, -page.width / 2, -page.height / 2);
  ctx.restore();
  // Uneven light: a bright spot somewhere, darker towards the far corner.
  const lx = width * r0.next();
  const ly = height * r0.next();
  const light = ctx.createRadialGradient(lx, ly, 0, lx, ly, Math.hypot(width, height));
  const dark = Math.round(150 + r0.next() * 50);
  light.addColorStop(0, 'rgb(255, 255, 255)');
  light.addColorStop(1, `rgb(${dark}, ${dark}, ${dark - 10})`);
  ctx.save();
  ctx.globalCompositeOperation = 'multiply';
  ctx.fillStyle = light;
  ctx.fillRect(0, 0, width, height);
  ctx.restore();
  const image = ctx.getImageData(0, 0, width, height);
  addNoise(image.data, 5 + r0.next() * 3, r0);
  const orientation =
    o.exifOrientation ?? (([1, 1, 1, 1, 1, 6, 8, 3] as const)[r0.int(0, 7)] as 1 | 3 | 6 | 8);
  // Stored pixels are the upright photo turned the other way; the EXIF tag turns them back.
  const storedTurn = { 1: 0, 3: 180, 6: 270, 8: 90 }[orientation];
  let out = sharp(Buffer.from(image.data.buffer, image.data.byteOffset, image.data.byteLength), {
    raw: { width, height, channels: 4 },
  })
    .removeAlpha()
    .blur(0.6 + r0.next() * 0.4);
  if (storedTurn !== 0) {
    const turned = await out.rotate(storedTurn).raw().toBuffer({ resolveWithObject: true });
    out = sharp(turned.data, {
      raw: { width: turned.info.width, height: turned.info.height, channels: turned.info.channels },
    });
  }
  const jpeg = out.jpeg({ quality: o.quality ?? 80, mozjpeg: false });
  return new Uint8Array(await (orientation === 1 ? jpeg : jpeg.withMetadata({ orientation })).toBuffer());
}
