/**
 * Words read twice. Each detected box is grown (unclipped) before it is read, so a box that ends
 * just before its neighbour can take in the neighbour's first character: the label
 * "统一社会信用代码" was read as "统一社会信用代码 9" beside "91441900MA58T8433N" (a photographed
 * licence). A word lying mostly within a larger word of another line is that word's ink read
 * again, and is dropped.
 */
import type { Box, OcrLine, OcrWord } from '../../ports/ocr';

/** Share of a word's box that must lie within another line's larger word for it to be dropped. */
export const DUPLICATE_SHARE = 0.6;

const area = (b: Box) => Math.max(0, b.x1 - b.x0) * Math.max(0, b.y1 - b.y0);

function overlap(a: Box, b: Box): number {
  return area({
    x0: Math.max(a.x0, b.x0),
    y0: Math.max(a.y0, b.y0),
    x1: Math.min(a.x1, b.x1),
    y1: Math.min(a.y1, b.y1),
  });
}

/** The lines without the words read twice (a line left without words is dropped). */
export function dropDuplicateWords(lines: readonly OcrLine[]): OcrLine[] {
  const out: OcrLine[] = [];
  lines.forEach((line, i) => {
    const words = line.words.filter((word) => {
      const own = area(word.box);
      if (own === 0) return true;
      return !lines.some(
        (other, j) =>
          j !== i &&
          other.words.some((w) => area(w.box) > own && overlap(word.box, w.box) >= DUPLICATE_SHARE * own),
      );
    });
    if (words.length === 0) return;
    if (words.length === line.words.length) {
      out.push(line);
      return;
    }
    out.push(lineOf(words));
  });
  return out;
}

/** A line of words (at least one): their text joined by spaces, the lowest confidence, the box around them. */
export function lineOf(words: OcrWord[]): OcrLine {
  return {
    text: words.map((w) => w.text).join(' '),
    confidence: Math.min(...words.map((w) => w.confidence)),
    box: {
      x0: Math.min(...words.map((w) => w.box.x0)),
      y0: Math.min(...words.map((w) => w.box.y0)),
      x1: Math.max(...words.map((w) => w.box.x1)),
      y1: Math.max(...words.map((w) => w.box.y1)),
    },
    words,
  };
}
