/**
 * A photo or scan → the page image the OCR engine reads best: upright, the red seal gone, even
 * lighting, full contrast, text large enough, straight lines. Done with sharp (libvips) and a few
 * passes over the grey pixels:
 *
 * 1. limits before decoding: the byte size, then the pixel count from the header (50 megapixels;
 *    sharp's `limitInputPixels` refuses a larger decode too);
 * 2. EXIF orientation applied (a phone photo taken sideways is turned upright);
 * 3. the red channel only: red ink (the seal, 公章) is nearly as light as the paper in it, black
 *    and blue text stay dark (what is left of the seal is lifted once the lighting is flat);
 * 4. a photo cut to the page (the table around it dropped);
 * 5. resized so the longer side is between `minLongSide` and `maxLongSide` (small text enlarged up
 *    to `maxScale`, huge photos reduced so OCR time stays bounded);
 * 6. the lighting flattened (each pixel divided by the paper's brightness around it, estimated with
 *    the text removed), then the contrast stretched;
 * 7. small rotations (up to ±6°) measured on the text rows and undone;
 * 8. PNG out.
 *
 * Never throws: an image too large is `too_large`, one that cannot be decoded is `corrupt`.
 */
import sharp, { type Metadata } from 'sharp';
import { MAX_UPLOAD_BYTES } from '../domain/documents';
import type { Message, UnreadableProblem } from '../domain/model';
import { messages } from '../extraction/messages';

export interface PreprocessLimits {
  /** Largest accepted file, bytes (SPEC: 10 MiB). */
  maxBytes: number;
  /** Largest accepted image, pixels (SPEC: 50 megapixels). */
  maxPixels: number;
}

export const DEFAULT_PREPROCESS_LIMITS: PreprocessLimits = {
  maxBytes: MAX_UPLOAD_BYTES,
  maxPixels: 50_000_000,
};

export interface PreprocessOptions {
  /** A smaller image is enlarged so its longer side reaches this (a licence: ≥ 2000 px wide). */
  minLongSide: number;
  /** A larger image is reduced to this. */
  maxLongSide: number;
  /** Enlarge at most this much. */
  maxScale: number;
  /** Measure and undo small rotations. */
  deskew: boolean;
}

export const DEFAULT_PREPROCESS_OPTIONS: PreprocessOptions = {
  minLongSide: 2000,
  maxLongSide: 3300,
  maxScale: 3,
  deskew: true,
};

export type Preprocessed =
  | {
      ok: true;
      /** 8-bit grey PNG. */
      png: Uint8Array;
      width: number;
      height: number;
      /** Source size, upright. */
      source: { width: number; height: number };
      scale: number;
      /** The rotation undone, degrees (positive: the page was turned clockwise). */
      skewDegrees: number;
    }
  | { ok: false; problem: Extract<UnreadableProblem, 'too_large' | 'corrupt'>; message: Message };

const CANNOT_DECODE = { zh: '图片无法解码', en: 'the image cannot be decoded' };

/** Decoded pixels (a rendered PDF page): interleaved 8-bit channels, rows top to bottom. */
export interface RawImage {
  pixels: Uint8Array | Uint8ClampedArray;
  width: number;
  height: number;
  channels: 1 | 2 | 3 | 4;
}

function isRaw(input: Uint8Array | RawImage): input is RawImage {
  return !(input instanceof Uint8Array);
}

/** Never throws. */
export async function preprocessImage(
  input: Uint8Array | RawImage,
  file: string,
  limits: Partial<PreprocessLimits> = {},
  options: Partial<PreprocessOptions> = {},
): Promise<Preprocessed> {
  const { maxBytes, maxPixels } = { ...DEFAULT_PREPROCESS_LIMITS, ...limits };
  const o = { ...DEFAULT_PREPROCESS_OPTIONS, ...options };
  const corrupt = { ok: false, problem: 'corrupt', message: messages.corrupt(file, CANNOT_DECODE) } as const;
  let meta: Pick<Metadata, 'width' | 'height' | 'orientation'>;
  if (isRaw(input)) {
    if (input.pixels.length < input.width * input.height * input.channels) return corrupt;
    meta = { width: input.width, height: input.height };
  } else {
    if (input.length > maxBytes) {
      return { ok: false, problem: 'too_large', message: messages.tooLarge(file, input.length, maxBytes) };
    }
    try {
      // Reads the header only: no pixel is decoded here.
      meta = await sharp(input, { limitInputPixels: false }).metadata();
    } catch {
      return corrupt;
    }
  }
  const width = meta.width ?? 0;
  const height = meta.height ?? 0;
  if (width <= 0 || height <= 0) return corrupt;
  if (width * height > maxPixels) {
    return {
      ok: false,
      problem: 'too_large',
      message: messages.tooManyPixels(file, width, height, maxPixels),
    };
  }
  const decoder = () =>
    isRaw(input)
      ? sharp(input.pixels, {
          raw: { width: input.width, height: input.height, channels: input.channels },
          limitInputPixels: maxPixels,
        })
      : sharp(input, { limitInputPixels: maxPixels, failOn: 'truncated' });
  try {
    const upright = (meta.orientation ?? 1) >= 5 ? { width: height, height: width } : { width, height };
    const long = Math.max(upright.width, upright.height);
    const scale =
      long < o.minLongSide
        ? Math.min(o.maxScale, o.minLongSide / long)
        : long > o.maxLongSide
          ? o.maxLongSide / long
          : 1;
    const target = {
      width: Math.max(1, Math.round(upright.width * scale)),
      height: Math.max(1, Math.round(upright.height * scale)),
    };
    const { data, info } = await decoder()
      .autoOrient()
      .flatten({ background: '#ffffff' })
      .toColourspace('srgb')
      .resize(target.width, target.height, { fit: 'fill', kernel: scale > 1 ? 'cubic' : 'lanczos3' })
      .removeAlpha()
      .raw()
      .toBuffer({ resolveWithObject: true });
    const split = splitRed(data, info.width, info.height, info.channels);
    const bounds = paperBounds(split.grey);
    const grey = crop(split.grey, bounds);
    flattenLighting(grey);
    if (split.redness) liftRed(grey, crop(split.redness, bounds));
    stretchContrast(grey);
    let out = sharp(grey.data, { raw: { width: grey.width, height: grey.height, channels: 1 } });
    let skew = 0;
    if (o.deskew) {
      skew = measureSkew(grey);
      if (Math.abs(skew) >= 0.25) {
        // Rotating by −skew puts the rows level; the corners are filled with paper.
        const rotated = await out
          .rotate(-skew, { background: { r: 255, g: 255, b: 255 } })
          .extractChannel(0)
          .raw()
          .toBuffer({ resolveWithObject: true });
        out = sharp(rotated.data, {
          raw: { width: rotated.info.width, height: rotated.info.height, channels: 1 },
        });
      } else skew = 0;
    }
    const png = await out
      .toColourspace('b-w')
      .png({ compressionLevel: 1, adaptiveFiltering: false })
      .toBuffer({
        resolveWithObject: true,
      });
    return {
      ok: true,
      png: new Uint8Array(png.data),
      width: png.info.width,
      height: png.info.height,
      source: upright,
      scale,
      skewDegrees: skew,
    };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (/pixel limit/i.test(message)) {
      return {
        ok: false,
        problem: 'too_large',
        message: messages.tooManyPixels(file, width, height, maxPixels),
      };
    }
    return corrupt;
  }
}

/**
 * One grey band from RGB: the red channel, in which red ink (the seal) is nearly as light as the
 * paper and black or blue text stays dark; and how much redder than green or blue each pixel is,
 * to lift what is left of the seal once the lighting is flat (`liftRed`).
 */
export function splitRed(
  rgb: Uint8Array,
  width: number,
  height: number,
  channels: number,
): { grey: Grey; redness: Grey | null } {
  const grey = new Uint8Array(width * height);
  if (channels < 3) {
    for (let i = 0; i < grey.length; i++) grey[i] = rgb[i * channels] as number;
    return { grey: { width, height, data: grey }, redness: null };
  }
  const redness = new Uint8Array(width * height);
  for (let i = 0, j = 0; i < grey.length; i++, j += channels) {
    const r = rgb[j] as number;
    const g = rgb[j + 1] as number;
    const b = rgb[j + 2] as number;
    grey[i] = r;
    const d = r - (g < b ? g : b);
    redness[i] = d > 0 ? d : 0;
  }
  return { grey: { width, height, data: grey }, redness: { width, height, data: redness } };
}

/**
 * Red pixels (the seal) made as light as the paper. Only light pixels are lifted much: black text
 * under the seal picks up a red tint (JPEG keeps colour at half resolution) but must stay dark.
 */
export function liftRed(grey: Grey, redness: Grey): void {
  for (let i = 0; i < grey.data.length; i++) {
    const g = grey.data[i] as number;
    const light = g / 255;
    const v = g + 2 * (redness.data[i] as number) * light * light;
    grey.data[i] = v > 255 ? 255 : v;
  }
}

export interface Grey {
  width: number;
  height: number;
  data: Uint8Array;
}

/**
 * The page in a photo, without the table around it: cells of the image are split into light and
 * dark by Otsu's threshold on their mean brightness, and the page is the bounding box of the
 * largest connected light region (with a one-cell margin). The whole image when that region is
 * nearly everything (a scan) or too small to be the page (under a quarter of the image).
 */
export function paperBounds(img: Grey): Bounds {
  const { width, height, data } = img;
  const whole = { x0: 0, y0: 0, x1: width, y1: height };
  const cell = Math.max(4, Math.round(Math.max(width, height) / 120));
  const gw = Math.ceil(width / cell);
  const gh = Math.ceil(height / cell);
  const sum = new Float64Array(gw * gh);
  const count = new Uint32Array(gw * gh);
  for (let y = 0; y < height; y++) {
    const gy = Math.floor(y / cell) * gw;
    const row = y * width;
    for (let x = 0; x < width; x++) {
      const g = gy + Math.floor(x / cell);
      sum[g] = (sum[g] as number) + (data[row + x] as number);
      count[g] = (count[g] as number) + 1;
    }
  }
  const mean = new Uint8Array(gw * gh);
  const hist = new Float64Array(256);
  for (let g = 0; g < mean.length; g++) {
    const m = Math.round((sum[g] as number) / Math.max(1, count[g] as number));
    mean[g] = m;
    hist[m] = (hist[m] as number) + 1;
  }
  const threshold = otsu(hist, mean.length);
  const light = (g: number) => (mean[g] as number) > threshold;
  let lightCells = 0;
  for (let g = 0; g < mean.length; g++) if (light(g)) lightCells++;
  if (lightCells > 0.97 * mean.length) return whole;
  // The largest 4-connected light region.
  const label = new Int32Array(gw * gh).fill(-1);
  let best = { size: 0, x0: 0, y0: 0, x1: 0, y1: 0 };
  const stack: number[] = [];
  for (let start = 0; start < mean.length; start++) {
    if (label[start] !== -1 || !light(start)) continue;
    let region = { size: 0, x0: gw, y0: gh, x1: 0, y1: 0 };
    label[start] = start;
    stack.push(start);
    while (stack.length > 0) {
      const g = stack.pop() as number;
      const gx = g % gw;
      const gy = (g - gx) / gw;
      region = {
        size: region.size + 1,
        x0: Math.min(region.x0, gx),
        y0: Math.min(region.y0, gy),
        x1: Math.max(region.x1, gx),
        y1: Math.max(region.y1, gy),
      };
      const next = [
        gx > 0 ? g - 1 : -1,
        gx < gw - 1 ? g + 1 : -1,
        gy > 0 ? g - gw : -1,
        gy < gh - 1 ? g + gw : -1,
      ];
      for (const n of next) {
        if (n >= 0 && label[n] === -1 && light(n)) {
          label[n] = start;
          stack.push(n);
        }
      }
    }
    if (region.size > best.size) best = region;
  }
  if (best.size < 0.25 * mean.length) return whole;
  const x0 = Math.max(0, (best.x0 - 1) * cell);
  const y0 = Math.max(0, (best.y0 - 1) * cell);
  const x1 = Math.min(width, (best.x1 + 2) * cell);
  const y1 = Math.min(height, (best.y1 + 2) * cell);
  if (x1 - x0 >= width * 0.98 && y1 - y0 >= height * 0.98) return whole;
  return { x0, y0, x1, y1 };
}

export interface Bounds {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

export function crop(img: Grey, b: Bounds): Grey {
  if (b.x0 === 0 && b.y0 === 0 && b.x1 === img.width && b.y1 === img.height) return img;
  const w = b.x1 - b.x0;
  const out = new Uint8Array(w * (b.y1 - b.y0));
  for (let y = b.y0; y < b.y1; y++)
    out.set(img.data.subarray(y * img.width + b.x0, y * img.width + b.x1), (y - b.y0) * w);
  return { width: w, height: b.y1 - b.y0, data: out };
}

/** Otsu's threshold of a histogram of `n` values. */
function otsu(hist: Float64Array, n: number): number {
  let total = 0;
  for (let v = 0; v < 256; v++) total += v * (hist[v] as number);
  let sumB = 0;
  let weightB = 0;
  let best = 0;
  let threshold = 127;
  for (let v = 0; v < 256; v++) {
    weightB += hist[v] as number;
    if (weightB === 0) continue;
    const weightF = n - weightB;
    if (weightF === 0) break;
    sumB += v * (hist[v] as number);
    const between = weightB * weightF * (sumB / weightB - (total - sumB) / weightF) ** 2;
    if (between > best) {
      best = between;
      threshold = v;
    }
  }
  return threshold;
}

/**
 * Divides each pixel by the paper's brightness around it: the paper becomes white however the
 * page was lit. The paper is estimated on a coarse grid by the brightest pixel of each cell (text
 * is darker than the paper around it), widened and smoothed, then interpolated.
 */
export function flattenLighting(img: Grey): void {
  const { width, height, data } = img;
  const cell = Math.max(8, Math.round(Math.max(width, height) / 90));
  const gw = Math.ceil(width / cell);
  const gh = Math.ceil(height / cell);
  let grid: Float32Array = new Float32Array(gw * gh);
  for (let y = 0; y < height; y++) {
    const gy = Math.floor(y / cell) * gw;
    const row = y * width;
    for (let x = 0; x < width; x++) {
      const v = data[row + x] as number;
      const g = gy + Math.floor(x / cell);
      if (v > (grid[g] as number)) grid[g] = v;
    }
  }
  grid = maxFilter(grid, gw, gh);
  grid = boxBlur(boxBlur(grid, gw, gh), gw, gh);
  for (let y = 0; y < height; y++) {
    const fy = Math.min(Math.max((y + 0.5) / cell - 0.5, 0), gh - 1);
    const y0 = Math.floor(fy);
    const y1 = Math.min(y0 + 1, gh - 1);
    const ty = fy - y0;
    const row = y * width;
    for (let x = 0; x < width; x++) {
      const fx = Math.min(Math.max((x + 0.5) / cell - 0.5, 0), gw - 1);
      const x0 = Math.floor(fx);
      const x1 = Math.min(x0 + 1, gw - 1);
      const tx = fx - x0;
      const top = (grid[y0 * gw + x0] as number) * (1 - tx) + (grid[y0 * gw + x1] as number) * tx;
      const bottom = (grid[y1 * gw + x0] as number) * (1 - tx) + (grid[y1 * gw + x1] as number) * tx;
      const paper = Math.max(24, top * (1 - ty) + bottom * ty);
      const v = ((data[row + x] as number) * 255) / paper;
      data[row + x] = v >= 255 ? 255 : v;
    }
  }
}

function maxFilter(grid: Float32Array, w: number, h: number): Float32Array {
  const out = new Float32Array(grid.length);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      let m = 0;
      for (let dy = -1; dy <= 1; dy++) {
        const yy = y + dy;
        if (yy < 0 || yy >= h) continue;
        for (let dx = -1; dx <= 1; dx++) {
          const xx = x + dx;
          if (xx < 0 || xx >= w) continue;
          const v = grid[yy * w + xx] as number;
          if (v > m) m = v;
        }
      }
      out[y * w + x] = m;
    }
  }
  return out;
}

function boxBlur(grid: Float32Array, w: number, h: number): Float32Array {
  const out = new Float32Array(grid.length);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      let sum = 0;
      let n = 0;
      for (let dy = -1; dy <= 1; dy++) {
        const yy = y + dy;
        if (yy < 0 || yy >= h) continue;
        for (let dx = -1; dx <= 1; dx++) {
          const xx = x + dx;
          if (xx < 0 || xx >= w) continue;
          sum += grid[yy * w + xx] as number;
          n++;
        }
      }
      out[y * w + x] = sum / n;
    }
  }
  return out;
}

/**
 * Stretches the darkest ink to black, paper staying white. A page without ink (the darkest 0.5%
 * of pixels nearly as light as the paper) is left alone rather than turning noise into text.
 */
export function stretchContrast(img: Grey): void {
  const hist = new Uint32Array(256);
  for (const v of img.data) hist[v] = (hist[v] as number) + 1;
  const n = img.data.length;
  let acc = 0;
  let low = 0;
  for (let v = 0; v < 256; v++) {
    acc += hist[v] as number;
    if (acc >= n * 0.005) {
      low = v;
      break;
    }
  }
  const high = 250;
  if (high - low < 60) return;
  const lut = new Uint8Array(256);
  for (let v = 0; v < 256; v++)
    lut[v] = Math.max(0, Math.min(255, Math.round(((v - low) * 255) / (high - low))));
  for (let i = 0; i < n; i++) img.data[i] = lut[img.data[i] as number] as number;
}

/**
 * The page's rotation in degrees (positive: turned clockwise), from the angle at which the dark
 * pixels' rows are sharpest (projection profile), searched within ±6°. 0 when there is too
 * little text to tell.
 */
export function measureSkew(img: Grey): number {
  const step = Math.max(1, Math.round(Math.max(img.width, img.height) / 1000));
  const xs: number[] = [];
  const ys: number[] = [];
  for (let y = 0; y < img.height; y += step) {
    const row = y * img.width;
    for (let x = 0; x < img.width; x += step) {
      if ((img.data[row + x] as number) < 110) {
        xs.push(x / step);
        ys.push(y / step);
      }
    }
  }
  if (xs.length < 200) return 0;
  const h = Math.ceil(img.height / step);
  const w = Math.ceil(img.width / step);
  const bins = new Float64Array(h + w + 2);
  const score = (degrees: number): number => {
    const t = Math.tan((degrees * Math.PI) / 180);
    bins.fill(0);
    for (let i = 0; i < xs.length; i++) {
      const r = Math.round((ys[i] as number) - (xs[i] as number) * t) + w;
      if (r >= 0 && r < bins.length) bins[r] = (bins[r] as number) + 1;
    }
    let s = 0;
    for (const b of bins) s += b * b;
    return s;
  };
  let best = 0;
  let bestScore = score(0);
  for (let a = -6; a <= 6.0001; a += 0.25) {
    const s = score(a);
    if (s > bestScore * 1.0001) {
      bestScore = s;
      best = a;
    }
  }
  const coarse = best;
  for (let a = coarse - 0.25; a <= coarse + 0.25; a += 0.05) {
    const s = score(a);
    if (s > bestScore) {
      bestScore = s;
      best = a;
    }
  }
  return Math.round(best * 100) / 100;
}
