import { describe, expect, it } from 'vitest';
import { components, corners, dbBoxes, unclip } from '../../../../lambdas/ocr/paddle/db-boxes';

/** A width × height map with the given rectangles (x0, y0, x1, y1 exclusive) at probability p. */
function map(width: number, height: number, rects: [number, number, number, number, number][]) {
  const m = new Float32Array(width * height);
  for (const [x0, y0, x1, y1, p] of rects)
    for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) m[y * width + x] = p;
  return m;
}

describe('components', () => {
  it('finds one box per connected blob with its mean probability when two blobs are apart', () => {
    const m = map(20, 10, [
      [1, 1, 9, 4, 0.9],
      [12, 5, 18, 9, 0.5],
    ]);
    const found = components(m, 20, 10, 0.3).map((c) => ({ box: c.box, pixels: c.pixels, score: c.score }));
    expect(found).toEqual([
      { box: { x0: 1, y0: 1, x1: 9, y1: 4 }, pixels: 24, score: expect.closeTo(0.9, 5) },
      { box: { x0: 12, y0: 5, x1: 18, y1: 9 }, pixels: 24, score: expect.closeTo(0.5, 5) },
    ]);
  });

  it('joins pixels that touch only at a corner (8-connected)', () => {
    const m = map(6, 6, [
      [0, 0, 2, 2, 1],
      [2, 2, 4, 4, 1],
    ]);
    expect(components(m, 6, 6, 0.3)).toHaveLength(1);
  });

  it('follows the slant of a sloping line instead of boxing it level', () => {
    // A band 3 px thick rising 1 px every 10 px over 60 px.
    const m = new Float32Array(60 * 20);
    for (let x = 0; x < 60; x++) for (let t = 0; t < 3; t++) m[(12 - Math.floor(x / 10) + t) * 60 + x] = 1;
    const [c] = components(m, 60, 20, 0.3);
    expect((c?.box.y1 ?? 0) - (c?.box.y0 ?? 0)).toBe(8);
    expect(c?.rect.uy).toBeLessThan(-0.05);
    expect(c?.rect.height).toBeLessThan(5);
  });
});

describe('unclip', () => {
  it('grows a rectangle by area × ratio / perimeter on every side', () => {
    // 10 × 2: d = 20 × 1.5 / 24 = 1.25
    const r = unclip({ x: 5, y: 5, ux: 1, uy: 0, width: 10, height: 2 }, 1.5);
    expect(corners(r)[0]).toEqual({ x: 3.75, y: 3.75 });
    expect(r.width).toBe(12.5);
    expect(r.height).toBe(4.5);
  });
});

describe('dbBoxes', () => {
  it('scales unclipped boxes to the image and drops low-scoring and tiny blobs', () => {
    const m = map(40, 20, [
      [4, 4, 24, 8, 0.9],
      [30, 4, 38, 8, 0.4],
      [4, 14, 6, 16, 0.9],
    ]);
    const boxes = dbBoxes(m, 40, 20, 400, 200);
    expect(boxes).toHaveLength(1);
    // 20 × 4: d = 80 × 1.5 / 48 = 2.5 map px, 25 image px
    expect(boxes[0]?.box).toEqual({ x0: 15, y0: 15, x1: 265, y1: 105 });
    expect(boxes[0]?.score).toBeCloseTo(0.9);
  });

  it('orders boxes top to bottom, then left to right', () => {
    const m = map(40, 20, [
      [22, 2, 38, 6, 0.9],
      [2, 2, 18, 6, 0.9],
      [2, 12, 18, 16, 0.9],
    ]);
    expect(dbBoxes(m, 40, 20, 40, 20).map((b) => [b.box.x0 < 10, b.box.y0 < 5])).toEqual([
      [true, true],
      [false, true],
      [true, false],
    ]);
  });
});
