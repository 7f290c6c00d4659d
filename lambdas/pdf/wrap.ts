/**
 * Line breaking for mixed Chinese and English text: a line may break between any two CJK
 * characters, and between Latin words at spaces; closing punctuation never starts a line.
 */

/** Width of a string at the current size, in points. */
export type MeasureText = (text: string) => number;

const CJK = '\\u2E80-\\u9FFF\\uF900-\\uFAFF\\uFE30-\\uFE4F\\uFF00-\\uFFEF\\u3000-\\u303F';
const TOKENS = new RegExp(`[${CJK}]|[^\\s${CJK}]+|\\s+`, 'gu');
const SPACE = /^\s/u;
/** Punctuation that stays on the line before it (a simple 禁则 rule). */
const NO_LINE_START = /^[，。；：、？！）」』》〉】”’,.;:!?)\]%]/u;

/**
 * A measure that is a sum over characters: a text's `units` (exact integers, such as a font's
 * advance widths) and the `width` of so many units. With it the wrapper adds each word's units to
 * its line's instead of measuring the line again at every word; the lines are the same.
 */
export interface SummedMeasure {
  units(text: string): number;
  width(units: number): number;
}

/** Splits `text` into lines no wider than `maxWidth` (a single over-long word is cut by characters). */
export function wrapText(
  text: string,
  maxWidth: number,
  measure: MeasureText,
  summed?: SummedMeasure,
): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = '';
    // With `summed`: the units of the line, and of the line without its trailing spaces.
    let units = 0;
    let trimmedUnits = 0;
    for (const token of paragraph.match(TOKENS) ?? []) {
      // A token is all white space or has none (TOKENS).
      const space = SPACE.test(token);
      const tokenUnits = summed ? summed.units(token) : 0;
      const fits = summed
        ? summed.width(space ? trimmedUnits : units + tokenUnits) <= maxWidth
        : measure((line + token).trimEnd()) <= maxWidth;
      if (fits || line === '' || NO_LINE_START.test(token)) {
        line += token;
        units += tokenUnits;
        if (!space) trimmedUnits = units;
        if (line !== token) continue;
      } else {
        lines.push(line.trimEnd());
        line = space ? '' : token;
        units = space ? 0 : tokenUnits;
        trimmedUnits = units;
      }
      // A word wider than the whole line: cut it where it overflows.
      while ((summed ? summed.width(units) : measure(line)) > maxWidth && [...line].length > 1) {
        const chars = [...line];
        let cut = chars.length - 1;
        while (cut > 1 && measure(chars.slice(0, cut).join('')) > maxWidth) cut--;
        lines.push(chars.slice(0, cut).join(''));
        line = chars.slice(cut).join('');
        if (summed) {
          units = summed.units(line);
          trimmedUnits = summed.units(line.trimEnd());
        }
      }
    }
    lines.push(line.trimEnd());
  }
  return lines;
}
