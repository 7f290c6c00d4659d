/** A part of a prepared page image, enlarged, on a white margin: a second look at one value. */
import sharp from 'sharp';
import type { Box } from '../ports/ocr';

export async function cropEnlarged(png: Uint8Array, box: Box, scale: number): Promise<Uint8Array | null> {
  const meta = await sharp(png).metadata();
  const width = meta.width ?? 0;
  const height = meta.height ?? 0;
  const h = box.y1 - box.y0;
  // Room around the glyphs: a box drawn tight to the ink cuts off strokes.
  const left = Math.max(0, Math.floor(box.x0 - 0.3 * h));
  const top = Math.max(0, Math.floor(box.y0 - 0.25 * h));
  const right = Math.min(width, Math.ceil(box.x1 + 0.3 * h));
  const bottom = Math.min(height, Math.ceil(box.y1 + 0.25 * h));
  if (right - left < 4 || bottom - top < 4) return null;
  const margin = Math.round(0.5 * h * scale);
  const out = await sharp(png)
    .extract({ left, top, width: right - left, height: bottom - top })
    .resize({ width: Math.round((right - left) * scale), kernel: 'lanczos3' })
    .extend({ top: margin, bottom: margin, left: margin, right: margin, background: '#ffffff' })
    .png({ compressionLevel: 1 })
    .toBuffer();
  return new Uint8Array(out);
}
