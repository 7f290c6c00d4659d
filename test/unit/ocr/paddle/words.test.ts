import { describe, expect, it } from 'vitest';
import { type PlacedChar, splitWords, widestBlank } from '../../../../lambdas/ocr/paddle/words';

/** Ink per column: 1 over each [from, to) given, 0 elsewhere. */
function ink(width: number, spans: [number, number][]): Uint16Array {
  const c = new Uint16Array(width);
  for (const [a, b] of spans) c.fill(1, a, b);
  return c;
}

/** Characters centred at the given x, probability 0.9 unless given. */
const chars = (text: string, xs: number[], probs: number[] = []): PlacedChar[] =>
  [...text].map((char, i) => ({ char, x: xs[i] as number, prob: probs[i] ?? 0.9, spaceBefore: 0 }));

describe('widestBlank', () => {
  it('finds the widest run of blank columns when given a range', () => {
    expect(
      widestBlank(
        ink(20, [
          [0, 3],
          [5, 6],
          [12, 20],
        ]),
        0,
        20,
      ),
    ).toEqual({ start: 6, end: 12 });
    expect(widestBlank(ink(10, [[0, 10]]), 0, 10)).toBeNull();
  });
});

describe('splitWords', () => {
  it('splits two columns merged into one box when a blank wider than the gap lies between them', () => {
    // "名称义乌" at 20 px per character, a 100 px blank, "注册" after.
    const text = chars('名称义乌注册', [10, 30, 50, 70, 190, 210]);
    const words = splitWords(
      text,
      ink(240, [
        [2, 80],
        [182, 220],
      ]),
      20,
      20,
    );
    expect(words.map((w) => [w.text, w.from, w.to])).toEqual([
      ['名称义乌', 2, 80],
      ['注册', 182, 220],
    ]);
  });

  it('keeps a code whole when its characters are unevenly spaced but no blank is wide', () => {
    const text = chars('911M', [5, 14, 30, 50]);
    const words = splitWords(
      text,
      ink(60, [
        [2, 8],
        [12, 16],
        [28, 32],
        [44, 56],
      ]),
      20,
      20,
    );
    expect(words.map((w) => w.text)).toEqual(['911M']);
  });

  it('splits where a space was read and where one was nearly read', () => {
    const text: PlacedChar[] = [
      ...chars('ab', [5, 15]),
      { char: ' ', x: 22, prob: 0.9, spaceBefore: 0 },
      ...chars('cd', [30, 40]),
      { char: 'e', x: 52, prob: 0.9, spaceBefore: 0.3 },
    ];
    const words = splitWords(text, ink(60, [[0, 60]]), 20, 20);
    expect(words.map((w) => w.text)).toEqual(['ab', 'cd', 'e']);
  });

  it('ends a word after a label colon except inside a time', () => {
    expect(
      splitWords(chars('户名：苏州', [5, 15, 25, 35, 45]), ink(50, [[0, 50]]), 10, 10).map((w) => w.text),
    ).toEqual(['户名：', '苏州']);
    expect(
      splitWords(chars('14:23', [5, 15, 25, 35, 45]), ink(50, [[0, 50]]), 10, 10).map((w) => w.text),
    ).toEqual(['14:23']);
  });

  it("gives a word its least probable character's confidence", () => {
    const words = splitWords(chars('abc', [5, 15, 25], [0.99, 0.4, 0.8]), ink(30, [[0, 30]]), 10, 10);
    expect(words[0]?.confidence).toBe(0.4);
  });

  it('marks a word without ink around it and estimates its extent from its characters', () => {
    const words = splitWords(chars('x', [30]), ink(60, []), 20, 20);
    expect(words).toEqual([{ text: 'x', confidence: 0.9, from: 20, to: 40, inked: false }]);
  });
});
