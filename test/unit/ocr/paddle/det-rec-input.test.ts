import { describe, expect, it } from 'vitest';
import { DET_MEAN, DET_STD, detSize, detTensorData } from '../../../../lambdas/ocr/paddle/det-input';
import { planBatches, REC_HEIGHT, recTensorData, recWidth } from '../../../../lambdas/ocr/paddle/rec-input';

describe('detSize', () => {
  it('scales the longer side to the limit and rounds both sides to multiples of 32 when the page is larger', () => {
    expect(detSize(4960, 3508, 960)).toEqual({ width: 960, height: 672 });
    expect(detSize(2337, 3300, 960)).toEqual({ width: 672, height: 960 });
  });

  it('keeps the size (rounded to 32, at least 32) when the page is within the limit', () => {
    expect(detSize(100, 50, 960)).toEqual({ width: 96, height: 64 });
    expect(detSize(10, 10, 960)).toEqual({ width: 32, height: 32 });
  });
});

describe('detTensorData', () => {
  it('normalises with ImageNet mean and std, channels first in BGR order', () => {
    // One pixel, R = 255, G = 0, B = 51.
    const t = detTensorData({ data: new Uint8Array([255, 0, 51]), width: 1, height: 1 });
    expect(t[0]).toBeCloseTo((0.2 - DET_MEAN[0]) / DET_STD[0]);
    expect(t[1]).toBeCloseTo((0 - DET_MEAN[1]) / DET_STD[1]);
    expect(t[2]).toBeCloseTo((1 - DET_MEAN[2]) / DET_STD[2]);
  });
});

describe('recWidth', () => {
  it('keeps the aspect of a box at height 48 when it is level or slanted', () => {
    const level = [
      { x: 0, y: 0 },
      { x: 200, y: 0 },
      { x: 200, y: 24 },
      { x: 0, y: 24 },
    ] as const;
    expect(recWidth(level)).toBe(400);
    const slanted = [
      { x: 0, y: 0 },
      { x: 60, y: 80 },
      { x: 60 - 24, y: 80 + 18 },
      { x: -24, y: 18 },
    ] as const;
    expect(recWidth(slanted)).toBe(160);
  });
});

describe('planBatches', () => {
  it('batches crops of similar width, narrowest first, padded to the widest (at least the minimum)', () => {
    const batches = planBatches([100, 1000, 300, 1300, 2500], { maxBatch: 8, maxSpread: 1.5, minWidth: 320 });
    expect(batches).toEqual([
      { items: [0, 2], width: 320 },
      { items: [1, 3], width: 1304 },
      { items: [4], width: 2504 },
    ]);
  });

  it('starts a new batch when one is full', () => {
    expect(planBatches([10, 10, 10], { maxBatch: 2 }).map((b) => b.items)).toEqual([[0, 1], [2]]);
  });
});

describe('recTensorData', () => {
  it('scales values to −1..1 in BGR order and pads each crop with zeros to the batch width', () => {
    const crop = { data: new Uint8Array(2 * REC_HEIGHT * 3).fill(255), width: 2, height: REC_HEIGHT };
    crop.data[0] = 0; // first pixel's red
    const t = recTensorData([crop], 4);
    const plane = REC_HEIGHT * 4;
    expect(t.length).toBe(3 * plane);
    expect([t[0], t[1], t[2], t[3]]).toEqual([1, 1, 0, 0]);
    expect(t[2 * plane]).toBe(-1);
  });
});
