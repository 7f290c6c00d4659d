/**
 * One detected box's characters → words. Detection merges neighbouring columns into one box
 * ("名称 义乌市新源电子有限公司      注册资本 200万元"); the reader downstream
 * (lambdas/extraction/ocr-lines.ts) puts column tabs between WORDS, so each word needs its own
 * tight box.
 *
 * A box is split where the recogniser read a space or nearly did (SPACE_SEEN), where the crop
 * has a blank stretch at least `minGap` wide between two characters (a visual gap: a column gap, a
 * spread label), and after a label's colon (endsLabel). The characters' own positions (the time step each was read at) are too uneven to
 * find gaps with: measured, splitting where the advance between two characters passed 1.5 × the
 * box's median cut "91330782MA93DMAX0N" into four words (Latin letters differ in width, and CTC
 * reads a character anywhere within it), and blank columns cannot tell a word space from the
 * space around a "1". Positions only tell which side of a gap a character is on. A word's extent
 * is the ink between its cuts, within an em of its first and last characters.
 */

export interface PlacedChar {
  char: string;
  /** 0..1 */
  prob: number;
  /** Centre, pixels along the crop from its left edge. */
  x: number;
  /** The probability of a space between the previous character and this one (see ctcDecode). */
  spaceBefore: number;
}

/** A word: its text, confidence, and extent along the crop (pixels from its left edge, `to` exclusive). */
export interface WordSpan {
  text: string;
  /** 0..1: its least probable character's. */
  confidence: number;
  from: number;
  to: number;
  /** False when no ink was found around it (its extent is then estimated from its characters). */
  inked: boolean;
}

/**
 * A space whose probability reached this between two characters separates them, read or not.
 * Measured on a photographed English licence translation: between words the space reached
 * 0.10–0.50 where it was not read ("BUSINESS[0.50]LICENSE"), never above 0.05 inside a word or a
 * code, 0.03 between Chinese characters.
 */
export const SPACE_SEEN = 0.1;

const COLON = /^[:：]$/;
const DIGIT = /^[0-9]$/;

/**
 * A colon ends a label ("户名：苏州市…", "Account No.:3307960782"): the value after it is a word of
 * its own, so its confidence is its own characters' and not the label's. Not in a time ("14:23").
 */
function endsLabel(word: readonly PlacedChar[], next: PlacedChar): boolean {
  const colon = word.at(-1);
  if (!colon || !COLON.test(colon.char)) return false;
  const before = word.at(-2);
  return !(before && DIGIT.test(before.char) && DIGIT.test(next.char));
}

/** The widest run of blank columns within [from, to), or null. */
export function widestBlank(
  columns: ArrayLike<number>,
  from: number,
  to: number,
): { start: number; end: number } | null {
  let best: { start: number; end: number } | null = null;
  let start = -1;
  const lo = Math.max(0, Math.ceil(from));
  const hi = Math.min(columns.length, Math.floor(to));
  for (let x = lo; x <= hi; x++) {
    const blank = x < hi && (columns[x] as number) === 0;
    if (blank && start < 0) start = x;
    if (!blank && start >= 0) {
      if (!best || x - start > best.end - best.start) best = { start, end: x };
      start = -1;
    }
  }
  return best;
}

/**
 * Splits a box's characters into words. `columns` is the crop's ink per column (0 = blank),
 * `em` the text height in crop pixels, `minGap` the blank width (pixels) that separates words.
 */
export function splitWords(
  chars: readonly PlacedChar[],
  columns: ArrayLike<number>,
  em: number,
  minGap: number,
): WordSpan[] {
  const width = columns.length;
  const groups: PlacedChar[][] = [];
  /** Where each word may start / must end: the cuts between words. */
  const starts: number[] = [0];
  const ends: number[] = [];
  let current: PlacedChar[] = [];
  let previous: PlacedChar | null = null;
  let spaced = false;
  for (const c of chars) {
    if (c.char.trim() === '') {
      spaced = previous !== null;
      continue;
    }
    if (previous) {
      const blank = widestBlank(columns, previous.x, c.x);
      const gap = blank ? blank.end - blank.start : 0;
      if (gap >= minGap || spaced || c.spaceBefore >= SPACE_SEEN || endsLabel(current, c)) {
        const mid = (previous.x + c.x) / 2;
        groups.push(current);
        ends.push(blank ? blank.start : mid);
        starts.push(blank ? blank.end : mid);
        current = [];
      }
    }
    current.push(c);
    previous = c;
    spaced = false;
  }
  if (current.length === 0) return [];
  groups.push(current);
  ends.push(width);
  return groups.map((group, i) => {
    const first = (group[0] as PlacedChar).x;
    const last = (group.at(-1) as PlacedChar).x;
    const lo = Math.max(starts[i] as number, first - em);
    const hi = Math.min(ends[i] as number, last + em);
    let from = -1;
    let to = -1;
    for (let x = Math.max(0, Math.floor(lo)); x < Math.min(width, Math.ceil(hi)); x++) {
      if ((columns[x] as number) === 0) continue;
      if (from < 0) from = x;
      to = x + 1;
    }
    const inked = from >= 0;
    if (!inked) {
      from = Math.max(0, first - em / 2);
      to = Math.min(width, last + em / 2);
    }
    return {
      text: group.map((c) => c.char).join(''),
      confidence: Math.min(...group.map((c) => c.prob)),
      from,
      to,
      inked,
    };
  });
}
