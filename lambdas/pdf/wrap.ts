/**
 * Line breaking for mixed Chinese and English text: a line may break between any two CJK
 * characters, and between Latin words at spaces; closing punctuation never starts a line.
 */

/** Width of a string at the current size, in points. */
export type MeasureText = (text: string) => number;

const CJK = '\\u2E80-\\u9FFF\\uF900-\\uFAFF\\uFE30-\\uFE4F\\uFF00-\\uFFEF\\u3000-\\u303F';
const TOKENS = new RegExp(`[${CJK}]|[^\\s${CJK}]+|\\s+`, 'gu');
/** Punctuation that stays on the line before it (a simple 禁则 rule). */
const NO_LINE_START = /^[，。；：、？！）」』》〉】”’,.;:!?)\]%]/u;

/** Splits `text` into lines no wider than `maxWidth` (a single over-long word is cut by characters). */
export function wrapText(text: string, maxWidth: number, measure: MeasureText): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = '';
    for (const token of paragraph.match(TOKENS) ?? []) {
      const fits = measure((line + token).trimEnd()) <= maxWidth;
      if (fits || line === '' || NO_LINE_START.test(token)) {
        line += token;
        if (line !== token) continue;
      } else {
        lines.push(line.trimEnd());
        line = /^\s+$/.test(token) ? '' : token;
      }
      // A word wider than the whole line: cut it where it overflows.
      while (measure(line) > maxWidth && [...line].length > 1) {
        const chars = [...line];
        let cut = chars.length - 1;
        while (cut > 1 && measure(chars.slice(0, cut).join('')) > maxWidth) cut--;
        lines.push(chars.slice(0, cut).join(''));
        line = chars.slice(cut).join('');
      }
    }
    lines.push(line.trimEnd());
  }
  return lines;
}
