import { describe, expect, it } from 'vitest';
import { wrapText } from '../../../lambdas/pdf/index.js';

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
