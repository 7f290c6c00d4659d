import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { wrapText } from '../../../lambdas/pdf/index.js';
import { fcOptions } from '../property/settings.js';

/** One point per character: widths are easy to reason about. */
const measure = (t: string) => [...t].length;

describe('wrapText', () => {
  it.each([
    ['breaks English at spaces', 'the quick brown fox', 10, ['the quick', 'brown fox']],
    ['breaks Chinese between any characters', '全托管服务协议', 3, ['全托管', '服务协', '议']],
    ['keeps closing punctuation off the start of a line', '甲乙丙，丁', 3, ['甲乙丙，', '丁']],
    ['cuts a word wider than the line', 'abcdefgh', 3, ['abc', 'def', 'gh']],
    ['starts a new line at a newline', 'ab\ncd', 10, ['ab', 'cd']],
    ['mixes both', '结算 T+15 settlement', 8, ['结算 T+15', 'settleme', 'nt']],
  ])('%s', (_name, text, width, lines) => {
    expect(wrapText(text, width, measure)).toEqual(lines);
  });
});

describe('wrapText with a summed measure', () => {
  // Integer widths per character, as a font's advance widths are.
  const widthOf = (ch: string) =>
    /[\u2E80-\u9FFF]/.test(ch) ? 1000 : ch === ' ' ? 250 : 300 + (ch.charCodeAt(0) % 7) * 40;
  const units = (t: string) => [...t].reduce((n, ch) => n + widthOf(ch), 0);
  const size = 9.5;
  const width = (u: number) => (u * size) / 1000;
  const measureText = (t: string) => width(units(t));

  it('gives the lines that measuring every line gives (property)', () => {
    const text = fc.string({
      maxLength: 160,
      unit: fc.constantFrom(
        'a',
        'bb',
        'W',
        ' ',
        '  ',
        '结',
        '算',
        '，',
        '。',
        '\u3000',
        '\n',
        'supercalifragilistic',
        '.',
      ),
    });
    fc.assert(
      fc.property(text, fc.integer({ min: 5, max: 200 }), (t, maxWidth) => {
        expect(wrapText(t, maxWidth, measureText, { units, width })).toEqual(
          wrapText(t, maxWidth, measureText),
        );
      }),
      fcOptions(1000),
    );
  });
});
