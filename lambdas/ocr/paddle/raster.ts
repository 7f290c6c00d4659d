/**
 * Page pixels for the engine: PNG/JPEG bytes decoded once by sharp into 8-bit RGB (a grey page is
 * expanded to three equal channels), upright (EXIF orientation applied), transparency flattened on
 * white; and a bilinear cut-out-and-scale of a region (what the recognition crops need, done here
 * rather than by a sharp pipeline per box: ~100 boxes per page).
 */
import sharp from 'sharp';
import type { Quad } from './db-boxes';

/** 8-bit RGB pixels, interleaved, rows top to bottom. */
export interface Raster {
  data: Uint8Array;
  width: number;
  height: number;
}

export class UndecodableImageError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'UndecodableImageError';
  }
}

/** Decodes PNG/JPEG bytes; refuses more than `maxPixels` pixels. */
export async function decodeRgb(bytes: Uint8Array, maxPixels: number): Promise<Raster> {
  try {
    const { data, info } = await sharp(bytes, { limitInputPixels: maxPixels, failOn: 'truncated' })
      .autoOrient()
      .flatten({ background: '#ffffff' })
      .toColourspace('srgb')
      .removeAlpha()
      .raw()
      .toBuffer({ resolveWithObject: true });
    if (info.channels !== 3) throw new Error(`${info.channels} channels after conversion to sRGB`);
    return {
      data: new Uint8Array(data.buffer, data.byteOffset, data.length),
      width: info.width,
      height: info.height,
    };
  } catch (error) {
    throw new UndecodableImageError(`the image cannot be decoded: ${(error as Error).message}`, {
      cause: error,
    });
  }
}

/** The raster scaled to exactly width × height (sharp, Lanczos when reducing). */
export async function resizeRaster(image: Raster, width: number, height: number): Promise<Raster> {
  if (image.width === width && image.height === height) return image;
  const { data } = await sharp(image.data, { raw: { width: image.width, height: image.height, channels: 3 } })
    .resize(width, height, { fit: 'fill' })
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { data: new Uint8Array(data.buffer, data.byteOffset, data.length), width, height };
}

/**
 * Samples the parallelogram `quad` (top-left, top-right, bottom-right, bottom-left; image
 * coordinates) into an `outWidth` × `outHeight` RGB raster, its top edge along the raster's rows:
 * bilinear, with k × k samples per output pixel where the quad is k or more times larger (a plain
 * bilinear reduction drops thin strokes).
 */
export function cropQuad(image: Raster, quad: Quad, outWidth: number, outHeight: number): Raster {
  const [p0, p1, , p3] = quad;
  // Source step per output pixel, along and across.
  const ax = (p1.x - p0.x) / outWidth;
  const ay = (p1.y - p0.y) / outWidth;
  const bx = (p3.x - p0.x) / outHeight;
  const by = (p3.y - p0.y) / outHeight;
  const k = Math.max(1, Math.min(3, Math.floor(Math.max(Math.hypot(ax, ay), Math.hypot(bx, by)))));
  const out = new Uint8Array(outWidth * outHeight * 3);
  const { data, width, height } = image;
  const maxX = width - 1;
  const maxY = height - 1;
  const acc = [0, 0, 0];
  let o = 0;
  for (let y = 0; y < outHeight; y++) {
    for (let x = 0; x < outWidth; x++) {
      acc[0] = 0;
      acc[1] = 0;
      acc[2] = 0;
      for (let j = 0; j < k; j++) {
        const fy = y + (j + 0.5) / k;
        for (let i = 0; i < k; i++) {
          const fx = x + (i + 0.5) / k;
          // Pixel centres sit at +0.5.
          const sx = Math.min(maxX, Math.max(0, p0.x + fx * ax + fy * bx - 0.5));
          const sy = Math.min(maxY, Math.max(0, p0.y + fx * ay + fy * by - 0.5));
          const ix = Math.floor(sx);
          const iy = Math.floor(sy);
          const wx = sx - ix;
          const wy = sy - iy;
          const a = (iy * width + ix) * 3;
          const b = (iy * width + Math.min(maxX, ix + 1)) * 3;
          const c = (Math.min(maxY, iy + 1) * width + ix) * 3;
          const d = (Math.min(maxY, iy + 1) * width + Math.min(maxX, ix + 1)) * 3;
          for (let ch = 0; ch < 3; ch++) {
            const top = (data[a + ch] as number) * (1 - wx) + (data[b + ch] as number) * wx;
            const bottom = (data[c + ch] as number) * (1 - wx) + (data[d + ch] as number) * wx;
            acc[ch] = (acc[ch] as number) + top * (1 - wy) + bottom * wy;
          }
        }
      }
      const n = k * k;
      out[o++] = Math.round((acc[0] as number) / n);
      out[o++] = Math.round((acc[1] as number) / n);
      out[o++] = Math.round((acc[2] as number) / n);
    }
  }
  return { data: out, width: outWidth, height: outHeight };
}
