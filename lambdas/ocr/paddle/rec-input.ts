/**
 * Recognition input, as PP-OCR's resize_norm_img: each text box cut from the page and scaled to a
 * height of 48 keeping its aspect, values scaled to −1..1, channels first (BGR, as PP-OCR reads
 * images), padded on the right with zeros to the batch's width. Boxes of similar width are batched
 * together so little is spent on padding.
 */
import type { Quad } from './db-boxes';
import { cropQuad, type Raster } from './raster';

export const REC_HEIGHT = 48;

/** Length of a box's top edge and of its left edge. */
export function quadSize(quad: Quad): { width: number; height: number } {
  const [p0, p1, , p3] = quad;
  return { width: Math.hypot(p1.x - p0.x, p1.y - p0.y), height: Math.hypot(p3.x - p0.x, p3.y - p0.y) };
}

/** Width of a box's crop at the recognition height (at least one pixel). */
export function recWidth(quad: Quad, height = REC_HEIGHT): number {
  const { width, height: h } = quadSize(quad);
  return Math.max(1, Math.ceil((height * width) / Math.max(1, h)));
}

export interface BatchOptions {
  /** At most this many crops per run. */
  maxBatch: number;
  /** A crop joins a batch while the batch's widest crop is at most this many times its width. */
  maxSpread: number;
  /** A batch is at least this wide (PP-OCR pads to 320: 48 × its 320/48 default ratio). */
  minWidth: number;
  /** Batch widths are rounded up to a multiple of this (the model's time step is 8 pixels). */
  widthStep: number;
}

export const DEFAULT_BATCH_OPTIONS: BatchOptions = {
  maxBatch: 8,
  maxSpread: 1.5,
  minWidth: 320,
  widthStep: 8,
};

export interface Batch {
  /** Indices into the widths given. */
  items: number[];
  /** The padded width of every crop in this batch. */
  width: number;
}

/** Groups crops by width, narrowest first, each batch padded to its widest crop. */
export function planBatches(widths: readonly number[], options: Partial<BatchOptions> = {}): Batch[] {
  const o = { ...DEFAULT_BATCH_OPTIONS, ...options };
  const order = widths.map((_, i) => i).sort((a, b) => (widths[a] as number) - (widths[b] as number));
  const batches: Batch[] = [];
  let items: number[] = [];
  const close = () => {
    if (items.length === 0) return;
    const widest = Math.max(o.minWidth, ...items.map((i) => widths[i] as number));
    batches.push({ items, width: Math.ceil(widest / o.widthStep) * o.widthStep });
    items = [];
  };
  for (const i of order) {
    const first = items[0];
    const w = widths[i] as number;
    const fits =
      first === undefined ||
      (items.length < o.maxBatch &&
        (w <= o.minWidth || w <= o.maxSpread * Math.max(1, widths[first] as number)));
    if (!fits) close();
    items.push(i);
  }
  close();
  return batches;
}

/** A box cut from the page at `width` × 48 (see recWidth), its top edge along the rows. */
export function recCrop(image: Raster, quad: Quad, width: number): Raster {
  return cropQuad(image, quad, width, REC_HEIGHT);
}

/**
 * The NCHW tensor data of a batch of crops (48 px high): each normalised, left-aligned in a
 * `batchWidth` row padded with zeros.
 */
export function recTensorData(crops: readonly Raster[], batchWidth: number): Float32Array {
  const plane = REC_HEIGHT * batchWidth;
  const out = new Float32Array(crops.length * 3 * plane);
  crops.forEach((crop, n) => {
    const w = Math.min(batchWidth, crop.width);
    const base = n * 3 * plane;
    for (let y = 0; y < REC_HEIGHT; y++) {
      for (let x = 0; x < w; x++) {
        const p = (y * crop.width + x) * 3;
        const o = base + y * batchWidth + x;
        // Tensor channel k holds BGR channel k; (v / 255 − 0.5) / 0.5.
        out[o] = (crop.data[p + 2] as number) / 127.5 - 1;
        out[o + plane] = (crop.data[p + 1] as number) / 127.5 - 1;
        out[o + 2 * plane] = (crop.data[p] as number) / 127.5 - 1;
      }
    }
  });
  return out;
}
