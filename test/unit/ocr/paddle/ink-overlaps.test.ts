import { describe, expect, it } from 'vitest';
import { inkOf, inkRows, otsu } from '../../../../lambdas/ocr/paddle/ink';
import { dropDuplicateWords } from '../../../../lambdas/ocr/paddle/overlaps';
import type { OcrLine } from '../../../../lambdas/ports/ocr';

/** A white RGB crop with dark rectangles [x0, y0, x1, y1). */
function crop(width: number, height: number, dark: [number, number, number, number][]) {
  const data = new Uint8Array(width * height * 3).fill(250);
  for (const [x0, y0, x1, y1] of dark)
    for (let y = y0; y < y1; y++)
      for (let x = x0; x < x1; x++) data.fill(20, (y * width + x) * 3, (y * width + x) * 3 + 3);
  return { data, width, height };
}

describe('otsu', () => {
  it('puts the threshold between the two levels of a two-level image', () => {
    const t = otsu([20, 20, 20, 250, 250, 250, 250]);
    expect(t).toBeGreaterThanOrEqual(20);
    expect(t).toBeLessThan(250);
  });
});

describe('inkOf', () => {
  it('finds the inked columns and rows when the crop holds text', () => {
    const ink = inkOf(
      crop(20, 10, [
        [2, 3, 5, 7],
        [10, 2, 12, 8],
      ]),
    );
    expect([...ink.columns].map((c) => (c > 0 ? 1 : 0)).join('')).toBe('00111000001100000000');
    expect(inkRows(ink, 0, 20)).toEqual({ top: 2, bottom: 7 });
    expect(inkRows(ink, 0, 6)).toEqual({ top: 3, bottom: 6 });
  });

  it('leaves out a rule across the crop when it underlines the text', () => {
    const ink = inkOf(
      crop(40, 10, [
        [2, 2, 6, 6],
        [0, 8, 40, 9],
      ]),
    );
    expect(ink.columns[20]).toBe(0);
    expect(inkRows(ink, 0, 40)).toEqual({ top: 2, bottom: 5 });
  });

  it('finds no ink when the crop has no contrast', () => {
    expect(Math.max(...inkOf(crop(10, 10, [])).columns)).toBe(0);
  });
});

describe('dropDuplicateWords', () => {
  const line = (words: [string, number, number][]): OcrLine => ({
    text: words.map((w) => w[0]).join(' '),
    confidence: 0.9,
    box: { x0: words[0]?.[1] ?? 0, y0: 0, x1: words.at(-1)?.[2] ?? 0, y1: 30 },
    words: words.map(([text, x0, x1]) => ({ text, confidence: 0.9, box: { x0, y0: 0, x1, y1: 30 } })),
  });

  it('drops a word lying within a larger word of another line when two boxes read the same ink', () => {
    const label = line([
      ['统一社会信用代码', 314, 541],
      ['9', 575, 588],
    ]);
    const code = line([['91441900MA58T8433N', 575, 941]]);
    const out = dropDuplicateWords([code, label]);
    expect(out.map((l) => l.text)).toEqual(['91441900MA58T8433N', '统一社会信用代码']);
    expect(out[1]?.box.x1).toBe(541);
  });

  it('keeps words that only touch when they are neighbours', () => {
    const lines = [line([['名称', 0, 50]]), line([['义乌', 48, 120]])];
    expect(dropDuplicateWords(lines)).toEqual(lines);
  });
});
