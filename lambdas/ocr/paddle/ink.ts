/**
 * Where the ink is in a recognition crop (48 px high, its row along the text): which columns hold
 * ink, and which rows do over a range of columns. Words are split at the blank columns between
 * them and their boxes drawn around their ink (paddle/words.ts).
 *
 * Ink is darker than Otsu's threshold of the crop. A row dark over most of a long crop is a table
 * rule or an underline, not text: it is left out, or it would fill every gap.
 */
import type { Raster } from './raster';

export interface Ink {
  width: number;
  height: number;
  /** Per column: dark pixels outside rule rows. */
  columns: Uint16Array;
  /** The dark mask, row by row (1 = ink; rule rows cleared). */
  mask: Uint8Array;
}

/** A crop with less contrast than this (0..255) holds no ink that can be told from paper. */
const MIN_CONTRAST = 48;

/** A row dark over this share of a crop at least RULE_MIN_RATIO × its height long is a rule. */
const RULE_SHARE = 0.6;
const RULE_MIN_RATIO = 2;

/** Otsu's threshold of 8-bit values. */
export function otsu(values: ArrayLike<number>): number {
  const hist = new Float64Array(256);
  for (let i = 0; i < values.length; i++)
    hist[values[i] as number] = (hist[values[i] as number] as number) + 1;
  const total = values.length;
  let sumAll = 0;
  for (let v = 0; v < 256; v++) sumAll += v * (hist[v] as number);
  let sumBelow = 0;
  let below = 0;
  let best = 0;
  let threshold = 128;
  for (let v = 0; v < 256; v++) {
    below += hist[v] as number;
    if (below === 0) continue;
    const above = total - below;
    if (above === 0) break;
    sumBelow += v * (hist[v] as number);
    const mb = sumBelow / below;
    const ma = (sumAll - sumBelow) / above;
    const between = below * above * (mb - ma) ** 2;
    if (between > best) {
      best = between;
      threshold = v;
    }
  }
  return threshold;
}

/** The ink of an RGB crop. */
export function inkOf(crop: Raster): Ink {
  const { width, height, data } = crop;
  const grey = new Uint8Array(width * height);
  let min = 255;
  let max = 0;
  for (let i = 0; i < grey.length; i++) {
    const v = Math.round(
      0.299 * (data[3 * i] as number) +
        0.587 * (data[3 * i + 1] as number) +
        0.114 * (data[3 * i + 2] as number),
    );
    grey[i] = v;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const mask = new Uint8Array(width * height);
  const columns = new Uint16Array(width);
  if (max - min < MIN_CONTRAST) return { width, height, columns, mask };
  const t = otsu(grey);
  for (let i = 0; i < grey.length; i++) mask[i] = (grey[i] as number) <= t ? 1 : 0;
  for (let y = 0; y < height; y++) {
    let dark = 0;
    for (let x = 0; x < width; x++) dark += mask[y * width + x] as number;
    if (width >= RULE_MIN_RATIO * height && dark >= RULE_SHARE * width)
      mask.fill(0, y * width, (y + 1) * width);
  }
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) columns[x] = (columns[x] as number) + (mask[y * width + x] as number);
  }
  return { width, height, columns, mask };
}

/** The first and last row (inclusive) holding ink between columns x0 and x1 (exclusive), or null. */
export function inkRows(ink: Ink, x0: number, x1: number): { top: number; bottom: number } | null {
  let top = -1;
  let bottom = -1;
  const from = Math.max(0, Math.floor(x0));
  const to = Math.min(ink.width, Math.ceil(x1));
  for (let y = 0; y < ink.height; y++) {
    for (let x = from; x < to; x++) {
      if (ink.mask[y * ink.width + x]) {
        if (top < 0) top = y;
        bottom = y;
        break;
      }
    }
  }
  return top < 0 ? null : { top, bottom };
}
