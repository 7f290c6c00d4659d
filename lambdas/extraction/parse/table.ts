/**
 * Tables read by position: the header's cells give the columns' extents, and each word of a row
 * goes to the column it sits under (the most shared width, else the nearest). An empty cell stays
 * empty instead of shifting the cells after it, and cells that a narrow gap ran together are told
 * apart, as a person reads a printed statement.
 */
import type { Box } from '../../ports/ocr';
import { spanBox, union, xDistance } from './geometry';
import { isHeaderCell, type Span, squash, type TextLine } from './text';

export interface HeaderColumn<K extends string> {
  /** The column's key, or null for a header cell the reader has no use for (it still bounds the others). */
  key: K | null;
  box: Box;
}

interface Word {
  text: string;
  span: Span;
  box: Box;
}

/** The line's words (runs without whitespace) that have a box. */
function wordsOf(at: TextLine): Word[] {
  const out: Word[] = [];
  for (const m of at.text.matchAll(/\S+/g)) {
    const span: Span = [m.index, m.index + m[0].length];
    const box = spanBox(at, span);
    if (box) out.push({ text: m[0], span, box });
  }
  return out;
}

/**
 * The header's cells: consecutive words joined while they spell a column label (the longest
 * wins: `Debit Amount`, `Consumption (kWh)`), every other word a cell of its own.
 */
export function headerColumns<K extends string>(
  at: TextLine,
  labelSets: readonly { key: K; labels: readonly string[] }[],
): HeaderColumn<K>[] | null {
  const words = wordsOf(at).flatMap((w) => splitAtLabels(at, w, labelSets));
  if (words.length === 0) return null;
  const columns: HeaderColumn<K>[] = [];
  let i = 0;
  while (i < words.length) {
    let matched: { key: K; end: number } | null = null;
    for (let j = Math.min(words.length - 1, i + 3); j >= i && !matched; j--) {
      const text = squash(
        words
          .slice(i, j + 1)
          .map((w) => w.text)
          .join(''),
      );
      const set = labelSets.find((c) => c.labels.some((l) => isHeaderCell(text, l)));
      if (set) matched = { key: set.key, end: j };
    }
    const end = matched ? matched.end : i;
    const first = words[i] as Word;
    const last = words[end] as Word;
    const box = union(first.box, last.box) as Box;
    // A second column of the same kind (a repeated header cell) bounds the others but is not read.
    const key = matched && !columns.some((c) => c.key === matched.key) ? matched.key : null;
    columns.push({ key, box });
    i = end + 1;
  }
  return columns;
}

const CJK_WORD = /^[\p{Script=Han}()（）]+$/u;

/**
 * A Chinese header word that OCR ran together from two cells (`序号交易日期`, `余额对方户名`) is
 * cut before and after each column label found inside it, longest label first at each place.
 */
function splitAtLabels(
  at: TextLine,
  word: Word,
  labelSets: readonly { labels: readonly string[] }[],
): Word[] {
  if (!CJK_WORD.test(word.text)) return [word];
  const text = squash(word.text);
  if (labelSets.some((c) => c.labels.some((l) => isHeaderCell(text, l)))) return [word];
  const labels = labelSets
    .flatMap((c) => c.labels)
    .filter((l) => CJK_WORD.test(l))
    .sort((a, b) => b.length - a.length);
  const cuts = new Set<number>();
  for (let p = 0; p < word.text.length; ) {
    const label = labels.find((l) => word.text.startsWith(l, p));
    if (label) {
      cuts.add(p);
      cuts.add(p + label.length);
      p += label.length;
    } else p++;
  }
  cuts.delete(0);
  cuts.delete(word.text.length);
  if (cuts.size === 0) return [word];
  const bounds = [0, ...[...cuts].sort((a, b) => a - b), word.text.length];
  const out: Word[] = [];
  for (let i = 0; i + 1 < bounds.length; i++) {
    const from = bounds[i] as number;
    const to = bounds[i + 1] as number;
    const span: Span = [word.span[0] + from, word.span[0] + to];
    // OCR gives one box to the whole word: each piece takes its share of it, by characters.
    const w = (word.box.x1 - word.box.x0) / word.text.length;
    const box = { ...word.box, x0: word.box.x0 + from * w, x1: word.box.x0 + to * w };
    out.push({ text: at.text.slice(span[0], span[1]), span, box });
  }
  return out;
}

/** The column a word sits under: the one sharing most of its width, else the nearest. */
function columnOf<K extends string>(word: Box, columns: readonly HeaderColumn<K>[]): HeaderColumn<K> | null {
  let best: HeaderColumn<K> | null = null;
  let bestShare = 0;
  for (const c of columns) {
    const shared = Math.min(word.x1, c.box.x1) - Math.max(word.x0, c.box.x0);
    if (shared > bestShare) {
      best = c;
      bestShare = shared;
    }
  }
  if (best) return best;
  let nearest: HeaderColumn<K> | null = null;
  let distance = Number.POSITIVE_INFINITY;
  for (const c of columns) {
    const d = xDistance(word, c.box);
    if (d < distance) {
      nearest = c;
      distance = d;
    }
  }
  return nearest;
}

/** A row's cells by column key (words under one column joined by a space), with their spans. */
export function placeUnder<K extends string>(
  at: TextLine,
  columns: readonly HeaderColumn<K>[],
): { cells: Partial<Record<K, string>>; spans: Partial<Record<K, Span>> } {
  const cells: Partial<Record<K, string>> = {};
  const spans: Partial<Record<K, Span>> = {};
  for (const word of wordsOf(at)) {
    const key = columnOf(word.box, columns)?.key;
    if (!key) continue;
    const before = cells[key];
    cells[key] = before === undefined ? word.text : `${before} ${word.text}`;
    const span = spans[key];
    spans[key] = span ? [Math.min(span[0], word.span[0]), Math.max(span[1], word.span[1])] : word.span;
  }
  return { cells, spans };
}
