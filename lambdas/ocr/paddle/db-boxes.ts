/**
 * DB post-processing, as PP-OCR's DBPostProcess: the detection model's probability map is
 * thresholded, each 8-connected component of text pixels is one candidate, scored by its mean
 * probability, enclosed in a rectangle, and the rectangle grown by the `unclip` distance the model
 * was trained to expect (the map marks a shrunk text kernel): area × ratio / perimeter on every
 * side, what PP-OCR's polygon offset gives for a rectangle.
 *
 * The rectangle follows the component's slant (least-squares slope of its pixels) when it is a line
 * of text (at least twice as long as high): pages are deskewed before they reach the engine, but a
 * phone photo's lines still slope by a degree or two at either end of the page, and a level box
 * around a 900 px line sloping 2° takes in half of the next line (measured on a photographed
 * licence translation: the USCC line read as "UnifledSocia reit C de 91370215MA 16R 0").
 * PP-OCR's minimum-area rectangle does the same job; this is simpler and as good for text lines.
 */
import type { Box } from '../../ports/ocr';

export interface DbOptions {
  /** A map pixel at or above this probability is text (PP-OCR `det_db_thresh`: 0.3). */
  threshold: number;
  /** A component whose mean probability is lower is dropped (PP-OCR `det_db_box_thresh`: 0.6). */
  boxThreshold: number;
  /** Unclip ratio (PP-OCR `det_db_unclip_ratio`: 1.5). */
  unclipRatio: number;
  /** A component shorter than this on either side, map pixels, is dropped (PP-OCR: 3; +2 after unclip). */
  minSize: number;
  /** At most this many candidates, the largest first (PP-OCR: 1000). */
  maxCandidates: number;
  /** The slant is followed up to this many degrees; a steeper component is boxed level. */
  maxSlantDegrees: number;
}

export const DEFAULT_DB_OPTIONS: DbOptions = {
  threshold: 0.3,
  boxThreshold: 0.6,
  unclipRatio: 1.5,
  minSize: 3,
  maxCandidates: 1000,
  maxSlantDegrees: 10,
};

export interface Point {
  x: number;
  y: number;
}

/**
 * A rectangle that may be slanted: its top-left corner, its unit direction along the text
 * (`ux`, `uy`; the direction across is (−uy, ux)), its length along and its height across.
 */
export interface Rect {
  x: number;
  y: number;
  ux: number;
  uy: number;
  width: number;
  height: number;
}

export interface Component {
  /** Level bounding box of its pixels, map coordinates, x1/y1 exclusive. */
  box: Box;
  /** The rectangle enclosing its pixels along its slant (level when it is not a text line). */
  rect: Rect;
  pixels: number;
  /** Mean probability over its pixels. */
  score: number;
}

/** The 8-connected components of the map's pixels at or above `threshold`. */
export function components(
  prob: ArrayLike<number>,
  width: number,
  height: number,
  threshold: number,
  maxSlantDegrees = DEFAULT_DB_OPTIONS.maxSlantDegrees,
): Component[] {
  const seen = new Uint8Array(width * height);
  // Every component's pixels, one component after another (its stack doubles as its list).
  const pixels = new Int32Array(width * height);
  const out: Component[] = [];
  const maxSlope = Math.tan((maxSlantDegrees * Math.PI) / 180);
  let used = 0;
  for (let start = 0; start < width * height; start++) {
    if (seen[start] || (prob[start] as number) < threshold) continue;
    const first = used;
    seen[start] = 1;
    pixels[used++] = start;
    let x0 = width;
    let y0 = height;
    let x1 = -1;
    let y1 = -1;
    let sum = 0;
    let sx = 0;
    let sy = 0;
    let sxx = 0;
    let sxy = 0;
    for (let k = first; k < used; k++) {
      const i = pixels[k] as number;
      const x = i % width;
      const y = (i - x) / width;
      sum += prob[i] as number;
      sx += x;
      sy += y;
      sxx += x * x;
      sxy += x * y;
      if (x < x0) x0 = x;
      if (x > x1) x1 = x;
      if (y < y0) y0 = y;
      if (y > y1) y1 = y;
      for (let dy = -1; dy <= 1; dy++) {
        const ny = y + dy;
        if (ny < 0 || ny >= height) continue;
        for (let dx = -1; dx <= 1; dx++) {
          const nx = x + dx;
          if (nx < 0 || nx >= width) continue;
          const j = ny * width + nx;
          if (!seen[j] && (prob[j] as number) >= threshold) {
            seen[j] = 1;
            pixels[used++] = j;
          }
        }
      }
    }
    const n = used - first;
    const box = { x0, y0, x1: x1 + 1, y1: y1 + 1 };
    const varX = sxx / n - (sx / n) ** 2;
    const slope = varX > 0 ? (sxy / n - (sx / n) * (sy / n)) / varX : 0;
    const line = box.x1 - box.x0 >= 2 * (box.y1 - box.y0) && Math.abs(slope) <= maxSlope;
    out.push({
      box,
      rect: line && slope !== 0 ? slantedRect(pixels.subarray(first, used), width, slope) : levelRect(box),
      pixels: n,
      score: sum / n,
    });
  }
  return out;
}

function levelRect(box: Box): Rect {
  return { x: box.x0, y: box.y0, ux: 1, uy: 0, width: box.x1 - box.x0, height: box.y1 - box.y0 };
}

/** The rectangle along `slope` enclosing the pixels (each a unit square). */
function slantedRect(pixels: Int32Array, width: number, slope: number): Rect {
  const norm = Math.hypot(1, slope);
  const ux = 1 / norm;
  const uy = slope / norm;
  let a0 = Infinity;
  let a1 = -Infinity;
  let b0 = Infinity;
  let b1 = -Infinity;
  for (const i of pixels) {
    const x = (i % width) + 0.5;
    const y = Math.floor(i / width) + 0.5;
    const a = x * ux + y * uy;
    const b = -x * uy + y * ux;
    if (a < a0) a0 = a;
    if (a > a1) a1 = a;
    if (b < b0) b0 = b;
    if (b > b1) b1 = b;
  }
  // A pixel reaches half a pixel beyond its centre, whichever way the rectangle turns.
  const half = 0.5 * (ux + Math.abs(uy));
  a0 -= half;
  a1 += half;
  b0 -= half;
  b1 += half;
  return { x: a0 * ux - b0 * uy, y: a0 * uy + b0 * ux, ux, uy, width: a1 - a0, height: b1 - b0 };
}

/** The rectangle grown on every side by area × ratio / perimeter (a rectangle's polygon offset). */
export function unclip(rect: Rect, ratio: number): Rect {
  const { width: w, height: h, ux, uy } = rect;
  const d = (w * h * ratio) / (2 * (w + h));
  return {
    x: rect.x - d * ux + d * uy,
    y: rect.y - d * uy - d * ux,
    ux,
    uy,
    width: w + 2 * d,
    height: h + 2 * d,
  };
}

/** The four corners: top-left, top-right, bottom-right, bottom-left. */
export function corners(rect: Rect): [Point, Point, Point, Point] {
  const { x, y, ux, uy, width: w, height: h } = rect;
  const vx = -uy;
  const vy = ux;
  return [
    { x, y },
    { x: x + w * ux, y: y + w * uy },
    { x: x + w * ux + h * vx, y: y + w * uy + h * vy },
    { x: x + h * vx, y: y + h * vy },
  ];
}

/** The level box around some points, clamped to the image and rounded outwards. */
export function boundingBox(points: readonly Point[], width: number, height: number): Box {
  const xs = points.map((p) => p.x);
  const ys = points.map((p) => p.y);
  return {
    x0: Math.max(0, Math.floor(Math.min(...xs))),
    y0: Math.max(0, Math.floor(Math.min(...ys))),
    x1: Math.min(width, Math.ceil(Math.max(...xs))),
    y1: Math.min(height, Math.ceil(Math.max(...ys))),
  };
}

/** Corners: top-left, top-right, bottom-right, bottom-left (a parallelogram). */
export type Quad = readonly [Point, Point, Point, Point];

export interface TextBox {
  /** Corners in image coordinates. */
  quad: Quad;
  /** The level box around the quad, clamped to the image. */
  box: Box;
  score: number;
}

/**
 * Text boxes from a probability map of `mapWidth` × `mapHeight`, in the coordinates of an image of
 * `imageWidth` × `imageHeight`, top to bottom then left to right.
 */
export function dbBoxes(
  prob: ArrayLike<number>,
  mapWidth: number,
  mapHeight: number,
  imageWidth: number,
  imageHeight: number,
  options: Partial<DbOptions> = {},
): TextBox[] {
  const o = { ...DEFAULT_DB_OPTIONS, ...options };
  const sx = imageWidth / mapWidth;
  const sy = imageHeight / mapHeight;
  const candidates = components(prob, mapWidth, mapHeight, o.threshold, o.maxSlantDegrees)
    .sort((a, b) => b.pixels - a.pixels)
    .slice(0, o.maxCandidates);
  const out: TextBox[] = [];
  for (const c of candidates) {
    if (Math.min(c.rect.width, c.rect.height) < o.minSize) continue;
    if (c.score < o.boxThreshold) continue;
    const grown = unclip(c.rect, o.unclipRatio);
    if (Math.min(grown.width, grown.height) < o.minSize + 2) continue;
    const quad = corners(grown).map((p) => ({ x: p.x * sx, y: p.y * sy })) as unknown as Quad;
    out.push({ quad, box: boundingBox(quad, imageWidth, imageHeight), score: c.score });
  }
  return out.sort((a, b) => a.box.y0 - b.box.y0 || a.box.x0 - b.box.x0);
}
