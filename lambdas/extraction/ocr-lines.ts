/**
 * OCR words → the lines the parsers read, built from the words' boxes rather than the engine's own
 * lines, so a two-column licence still gives `名称:X\t成立日期:Y` whatever order the engine read
 * its blocks in:
 *
 * - the page's slant is measured on the engine's lines and taken out of the word positions;
 * - words whose vertical extents overlap by half the smaller height are one row, rows top to
 *   bottom, words left to right;
 * - a gap wider than 2 × the row's text height is a tab (a column gap, as a text layer's 1.5 em
 *   gap, with room for loose boxes; measured: table columns 2.5 heights apart were run together at
 *   2.5); a narrower one
 *   between two Chinese characters is nothing (the engine cuts Chinese text into "words" at will,
 *   and a space there cannot be told from letter spacing: the parsers read a Chinese label
 *   followed directly by its value), anything else is a space;
 * - text is NFKC-normalised, and every character keeps its word's confidence, so a field's
 *   confidence is that of the words its value was read from.
 */
import type { Box, OcrPage, OcrWord } from '../ports/ocr';

export interface OcrTextLine {
  text: string;
  /** Per UTF-16 unit of `text`: the confidence (0..1) of the word it was read in; 1 for separators. */
  confidences: number[];
  /** Per UTF-16 unit of `text`: the box of the word it was read in; null for separators. */
  boxes: (Box | null)[];
}

interface Placed {
  word: OcrWord;
  text: string;
  x0: number;
  x1: number;
  /** Centre height with the slant taken out. */
  cy: number;
  h: number;
}

/** A gap wider than this many text heights separates columns (a text layer uses 1.5 em; OCR boxes are looser). */
const TAB_GAP = 2;

const CJK_CHAR = /[\u2e80-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef]/;

function median(values: number[]): number {
  if (values.length === 0) return 0;
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

/** The page's slant (dy/dx) from the engine's lines of several words: the median line slope. */
export function pageSlope(page: OcrPage): number {
  const slopes: number[] = [];
  for (const line of page.lines) {
    if (line.words.length < 2) continue;
    const pts = line.words.map((w) => ({ x: (w.box.x0 + w.box.x1) / 2, y: w.box.y1 }));
    const mx = pts.reduce((s, p) => s + p.x, 0) / pts.length;
    const my = pts.reduce((s, p) => s + p.y, 0) / pts.length;
    let sxx = 0;
    let sxy = 0;
    for (const p of pts) {
      sxx += (p.x - mx) ** 2;
      sxy += (p.x - mx) * (p.y - my);
    }
    const span = Math.max(...pts.map((p) => p.x)) - Math.min(...pts.map((p) => p.x));
    const h = median(line.words.map((w) => w.box.y1 - w.box.y0));
    if (sxx > 0 && span > 4 * h) slopes.push(sxy / sxx);
  }
  const slope = median(slopes);
  return Math.abs(slope) < 0.15 ? slope : 0;
}

/** Rows of words, top to bottom, as text with per-character confidences. */
export function ocrPageLines(page: OcrPage): OcrTextLine[] {
  const slope = pageSlope(page);
  const placed: Placed[] = [];
  for (const line of page.lines) {
    line.words.forEach((word, i) => {
      const text = word.text.normalize('NFKC').trim();
      if (text === '') return;
      const { x0, y0, y1 } = word.box;
      // tesseract's boxes of Chinese words are loose: a line's first word sometimes runs over the
      // words after it, and some words are cut short. A word is taken to end no earlier than its
      // characters need (a Chinese character is about as wide as it is high, a Latin one half)
      // and no later than the next word starts.
      const next = line.words[i + 1]?.box.x0;
      const h = Math.max(1, y1 - y0);
      const cjk = [...text].filter((c) => CJK_CHAR.test(c)).length;
      const needed = x0 + (cjk * 0.85 + (text.length - cjk) * 0.4) * h;
      let x1 = Math.max(word.box.x1, needed);
      if (next !== undefined && next > x0 && next < x1) x1 = next;
      const cx = (x0 + x1) / 2;
      placed.push({ word, text, x0, x1, cy: (y0 + y1) / 2 - slope * cx, h: Math.max(1, y1 - y0) });
    });
  }
  placed.sort((a, b) => a.cy - b.cy);
  const rows: { cy: number; h: number; words: Placed[] }[] = [];
  for (const p of placed) {
    let best: (typeof rows)[number] | null = null;
    let bestOverlap = 0;
    for (let i = rows.length - 1; i >= 0 && i >= rows.length - 4; i--) {
      const row = rows[i] as (typeof rows)[number];
      const overlap =
        Math.min(row.cy + row.h / 2, p.cy + p.h / 2) - Math.max(row.cy - row.h / 2, p.cy - p.h / 2);
      const ratio = overlap / Math.min(row.h, p.h);
      if (ratio >= 0.5 && ratio > bestOverlap) {
        best = row;
        bestOverlap = ratio;
      }
    }
    if (best) {
      best.words.push(p);
      best.cy = best.words.reduce((s, w) => s + w.cy, 0) / best.words.length;
      best.h = median(best.words.map((w) => w.h));
    } else rows.push({ cy: p.cy, h: p.h, words: [p] });
  }
  rows.sort((a, b) => a.cy - b.cy);
  const out: OcrTextLine[] = [];
  for (const row of rows) {
    row.words.sort((a, b) => a.x0 - b.x0);
    const h = median(row.words.map((w) => w.h));
    let text = '';
    const confidences: number[] = [];
    const boxes: (Box | null)[] = [];
    let prev: Placed | null = null;
    for (const w of row.words) {
      if (prev) {
        const gap = w.x0 - prev.x1;
        const joinCjk = CJK_CHAR.test(prev.text.slice(-1)) && CJK_CHAR.test(w.text.charAt(0));
        const sep = gap > TAB_GAP * h ? '\t' : joinCjk ? '' : ' ';
        text += sep;
        for (let i = 0; i < sep.length; i++) {
          confidences.push(1);
          boxes.push(null);
        }
      }
      text += w.text;
      for (let i = 0; i < w.text.length; i++) {
        confidences.push(w.word.confidence);
        boxes.push(w.word.box);
      }
      prev = w;
    }
    out.push({ text, confidences, boxes });
  }
  return out;
}
