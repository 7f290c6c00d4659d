/**
 * Finding labelled values and table rows in the lines of a text layer.
 *
 * A line is the text of one visual row of a page, its pieces ordered by x; a wide gap between two
 * pieces is a tab (see pdf-text.ts), so a two-column layout gives `名称:X\t注册资本:Y`. Labels are
 * Chinese or English; a value runs from its label's separator (`:` or whitespace) to the next
 * known label on the same line.
 */
import type { Field, Provenance } from '../../domain/model';
import type { Box } from '../../ports/ocr';
import { regionOf, spanBox, union, xOverlap } from './geometry';
import { type HeaderColumn, headerColumns, placeUnder } from './table';

export interface TextLine {
  page: number;
  /** 1-based within its page. */
  line: number;
  text: string;
  /**
   * Present when the line was read by OCR: the confidence (0..1) of each UTF-16 unit of `text`
   * (its word's). A field read from it carries `method: 'ocr'` and the lowest confidence of the
   * characters of its value.
   */
  confidences?: readonly number[];
  /**
   * Per UTF-16 unit, the box it was read in, in page units (null between words): a word's box from
   * OCR, a share of its piece's box from a text layer. Absent in tests of text alone.
   */
  boxes?: readonly (Box | null)[];
  /** The page's size in the units of `boxes` (PDF points or image pixels). */
  pageSize?: PageSize;
}

export interface PageSize {
  width: number;
  height: number;
}

/** A value's place in its line's text: [start, end). */
export type Span = readonly [number, number];

export interface PageText {
  page: number;
  lines: string[];
  /** Per line, per UTF-16 unit: the box of the character (null for separators). */
  boxes?: (Box | null)[][];
  size?: PageSize;
}

export function linesOf(pages: PageText[]): TextLine[] {
  return pages.flatMap((p) =>
    p.lines.map((text, i) => {
      const boxes = p.boxes?.[i];
      return {
        page: p.page,
        line: i + 1,
        text,
        ...(boxes ? { boxes } : {}),
        ...(p.size ? { pageSize: p.size } : {}),
      };
    }),
  );
}

/** Confidence of a text-layer value that parsed cleanly, and of one that parsed only in part. */
export const CONFIDENCE_CLEAN = 0.99;
export const CONFIDENCE_PARTIAL = 0.5;

/**
 * A field read at a line. From a text layer its confidence says how cleanly the value parsed; from
 * OCR it is also at most the OCR confidence of the value's characters (`span`: one span or the
 * cells it was read from, default the whole line), so a shaky read stays below the rules' floor.
 */
export function field<T>(
  value: T,
  clean: boolean,
  file: string,
  at: TextLine,
  span?: Span | readonly Span[],
): Field<T> {
  const parsed = clean ? CONFIDENCE_CLEAN : CONFIDENCE_PARTIAL;
  const spans = span === undefined ? [undefined] : isSpan(span) ? [span] : span;
  const box = regionOf(
    spans.reduce<Box | null>((b, s) => union(b, spanBox(at, s)), null),
    at,
  );
  const where = box ? { box } : {};
  if (!at.confidences) {
    const source: Provenance = { file, page: at.page, line: at.line, method: 'text', ...where };
    return { value, confidence: parsed, source };
  }
  const source: Provenance = { file, page: at.page, line: at.line, method: 'ocr', ...where };
  const read = Math.min(...spans.map((s) => ocrConfidence(at, s)));
  return { value, confidence: Math.min(parsed, read), source };
}

const isSpan = (s: Span | readonly Span[]): s is Span => typeof s[0] === 'number';

/** A field read from a labelled value: its confidence is that of the value's own characters. */
export function fieldOf<T, K extends string>(
  hit: LabelHit<K>,
  value: T,
  clean: boolean,
  file: string,
): Field<T> {
  return field(value, clean, file, hit.at, hit.span);
}

/** The lowest confidence of the non-blank characters of `span` in an OCR line (1 for a text layer). */
export function ocrConfidence(at: TextLine, span: Span = [0, at.text.length]): number {
  const c = at.confidences;
  if (!c) return 1;
  let min = 1;
  let any = false;
  for (let i = Math.max(0, span[0]); i < Math.min(span[1], at.text.length); i++) {
    if (/\s/.test(at.text.charAt(i))) continue;
    any = true;
    min = Math.min(min, c[i] ?? 0);
  }
  return any ? Math.round(min * 1000) / 1000 : 0;
}

const CJK = /[\u3400-\u9fff\uf900-\ufaff]/;

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A label as a pattern: CJK labels may be letter-spaced (`名  称`), English ones any case. */
function labelSource(label: string): string {
  if (CJK.test(label)) {
    return [...label].map((c) => (c === ' ' ? '' : escapeRegExp(c))).join('\\s*');
  }
  return label
    .trim()
    .split(/\s+/)
    .map((w) => escapeRegExp(w).replace(/\\\.$/, '\\.?'))
    .join('\\s+');
}

export interface LabelSpec<K extends string> {
  key: K;
  labels: readonly string[];
}

export interface LabelHit<K extends string> {
  key: K;
  value: string;
  at: TextLine;
  /** Where the value (before trimming) sits in the line. */
  span: Span;
}

interface Compiled<K extends string> {
  key: K;
  cjk: boolean;
  re: RegExp;
  /** For OCR lines: a CJK label may run straight into its value (a narrow gap reads as none). */
  loose: RegExp;
}

function compile<K extends string>(specs: readonly LabelSpec<K>[]): Compiled<K>[] {
  const all = specs.flatMap((s) => s.labels.map((label) => ({ key: s.key, label })));
  // Longest first, so `Registration Number` wins over `Registration`, `企业名称` over `名称`.
  all.sort((a, b) => b.label.length - a.label.length);
  return all.map(({ key, label }) => {
    const cjk = CJK.test(label);
    // Followed by a separator: colon, whitespace, or the end of the line.
    const re = new RegExp(`^(?:${labelSource(label)})(?:\\s*:\\s*|\\s+|$)`, 'i');
    const loose = cjk ? new RegExp(`^(?:${labelSource(label)})(?:\\s*:\\s*|\\s*)`, 'i') : re;
    return { key, cjk, re, loose };
  });
}

interface LabelAt<K extends string> {
  key: K;
  start: number;
  valueStart: number;
}

/**
 * Where labels start on a line. A CJK label may start after any whitespace; an English one only at
 * the start of a segment (line start, tab, or two spaces), since English words also occur in values
 * (also after one space when its colon follows).
 */
function labelsOnLine<K extends string>(text: string, compiled: Compiled<K>[], ocr: boolean): LabelAt<K>[] {
  const hits: LabelAt<K>[] = [];
  let i = 0;
  while (i < text.length) {
    const prev = i === 0 ? '' : text.slice(Math.max(0, i - 2), i);
    const segmentStart = i === 0 || prev.endsWith('\t') || prev === '  ';
    const afterSpace = segmentStart || /\s$/.test(prev) || /[:;,.)]$/.test(prev);
    let matched: LabelAt<K> | null = null;
    if (afterSpace && !/\s/.test(text.charAt(i))) {
      const rest = text.slice(i);
      for (const c of compiled) {
        // A column gap can be narrower than a tab (a long value, a loose OCR box): an English label
        // followed by its colon still starts a value after a single space.
        const m = (ocr ? c.loose : c.re).exec(rest);
        if (m && !c.cjk && !segmentStart && !m[0].includes(':')) continue;
        if (m) {
          matched = { key: c.key, start: i, valueStart: i + m[0].length };
          break;
        }
      }
    }
    if (matched) {
      hits.push(matched);
      i = matched.valueStart;
    } else i++;
  }
  return hits;
}

/** Every labelled value of the given keys, first occurrence first. Values are trimmed, never empty. */
export function findLabelled<K extends string>(
  lines: readonly TextLine[],
  specs: readonly LabelSpec<K>[],
): Map<K, LabelHit<K>[]> {
  const compiled = compile(specs);
  const found = new Map<K, LabelHit<K>[]>();
  const add = (hit: LabelHit<K>) => {
    const list = found.get(hit.key) ?? [];
    list.push(hit);
    found.set(hit.key, list);
  };
  lines.forEach((at, lineIndex) => {
    const hits = labelsOnLine(at.text, compiled, at.confidences !== undefined);
    hits.forEach((h, idx) => {
      let end = hits[idx + 1]?.start ?? at.text.length;
      let start = h.valueStart;
      if (/^[\s:;,.、|'"`_~—-]*$/.test(at.text.slice(start, end))) {
        // Nothing beside the label: its value may be printed under it (the 2019 licence's code).
        const below = valueBelow(lines, lineIndex, [h.start, h.valueStart], compiled);
        if (below) add({ key: h.key, ...below });
        return;
      }
      if (at.confidences) {
        // OCR: stray marks read as punctuation around the value are not part of it, and a wide gap
        // after the value starts is another column (or a mark in the margin).
        start += /^[\s:;,.、|'"`_~—\-“”‘’「」]*/.exec(at.text.slice(start))?.[0].length ?? 0;
        const tab = at.text.indexOf('\t', start);
        if (tab >= 0 && tab < end) end = tab;
        while (end > start && /[\s:;,、|'"`_~—\-“”‘’「」]/.test(at.text.charAt(end - 1))) end--;
      }
      const value = cleanValue(at.text.slice(start, end));
      if (value === '') return;
      add({ key: h.key, value, at, span: [start, end] });
    });
  });
  return found;
}

/**
 * The value under a label: on one of the next two rows of the same page, no further down than
 * three label heights, the first piece of text (between wide gaps) that shares at least a third of
 * its width with the label's and does not start with a label itself.
 */
function valueBelow<K extends string>(
  lines: readonly TextLine[],
  index: number,
  labelSpan: Span,
  compiled: Compiled<K>[],
): { value: string; at: TextLine; span: Span } | null {
  const at = lines[index] as TextLine;
  const label = spanBox(at, labelSpan);
  if (!label) return null;
  const labelHeight = label.y1 - label.y0;
  for (let j = index + 1; j < Math.min(lines.length, index + 3); j++) {
    const next = lines[j] as TextLine;
    if (next.page !== at.page) return null;
    for (const seg of segmentSpans(next.text)) {
      const box = spanBox(next, seg.span);
      if (!box) continue;
      if (box.y0 - label.y1 > 3 * labelHeight) return null;
      if (xOverlap(box, label) < 1 / 3) continue;
      if (labelsOnLine(seg.text, compiled, next.confidences !== undefined).some((l) => l.start === 0))
        return null;
      const value = cleanValue(seg.text);
      return value === '' ? null : { value, at: next, span: seg.span };
    }
  }
  return null;
}

/** Trim, drop leading separators and collapse gaps to one space. */
export function cleanValue(s: string): string {
  return s
    .replace(/^[\s:]+/, '')
    .replace(/[\s;,]+$/, '')
    .replace(/\s+/g, ' ');
}

/** The pieces of a line between wide gaps (tabs, or two or more spaces). */
export function segments(text: string): string[] {
  return segmentSpans(text).map((s) => s.text);
}

/** The pieces of a line between wide gaps, trimmed, with where each sits in the line. */
export function segmentSpans(text: string): { text: string; span: Span }[] {
  const out: { text: string; span: Span }[] = [];
  const gap = /\t| {2,}/g;
  let start = 0;
  const push = (end: number) => {
    const raw = text.slice(start, end);
    const lead = raw.length - raw.trimStart().length;
    const piece = raw.trim();
    if (piece !== '') out.push({ text: piece, span: [start + lead, start + lead + piece.length] });
  };
  for (const m of text.matchAll(gap)) {
    push(m.index);
    start = m.index + m[0].length;
  }
  push(text.length);
  return out;
}

export function squash(s: string): string {
  return s.replace(/\s+/g, '').toLowerCase();
}

/** A header cell is the label alone, or the label and a unit in brackets: `金额(元)`, `Amount (CNY)`. */
export function isHeaderCell(cell: string, label: string): boolean {
  if (cell === label) return true;
  // Any bracket pair: OCR reads `(千瓦时)` as `(千瓦时}` or `[千瓦时)` now and then.
  // One bracketed unit only: a cell that runs on into the next column's label is not a header cell.
  return cell.startsWith(label) && /^[([{][^()[\]{}]*[)\]}]$/.test(cell.slice(label.length));
}

export interface TableRow<K extends string> {
  at: TextLine;
  /** Cells by column: by position under the header when the lines have boxes, else when the row has exactly the header's number of cells; else null. */
  cells: Partial<Record<K, string>> | null;
  /** Where each cell of `cells` sits in the line (its characters give a field's OCR confidence). */
  cellSpans: Partial<Record<K, Span>> | null;
  segments: string[];
  segmentSpans: Span[];
}

export interface TableOptions<K extends string> {
  /** At least one of these columns must be in the header too (an amount, or credit and debit). */
  anyOf?: readonly K[];
}

/**
 * Rows under a header line that names every required column (a segment that starts with one of the
 * column's labels). A header repeated on a later page starts a new table with its own positions.
 * With boxes, a row's words go to the header cell they sit under (tables.ts), so empty cells and
 * cells run together by a narrow gap are read right; without, cells are matched by count.
 */
export function tableRows<K extends string>(
  lines: readonly TextLine[],
  columns: readonly LabelSpec<K>[],
  required: readonly K[],
  options: TableOptions<K> = {},
): TableRow<K>[] {
  const labelSets = columns.map((c) => ({
    key: c.key,
    labels: [...c.labels].map(squash).sort((a, b) => b.length - a.length),
  }));
  const rows: TableRow<K>[] = [];
  let header: { width: number; index: Map<K, number>; columns: HeaderColumn<K>[] | null } | null = null;
  for (const at of lines) {
    const pieces = segmentSpans(at.text);
    const segs = pieces.map((p) => p.text);
    const index = new Map<K, number>();
    segs.forEach((seg, i) => {
      const s = squash(seg);
      for (const c of labelSets) {
        if (!index.has(c.key) && c.labels.some((l) => isHeaderCell(s, l))) {
          index.set(c.key, i);
          return;
        }
      }
    });
    const columnsAt = at.boxes ? headerColumns(at, labelSets) : null;
    const named = new Set<K>([...index.keys(), ...(columnsAt ?? []).flatMap((c) => (c.key ? [c.key] : []))]);
    const anyOf = options.anyOf ?? [];
    if (required.every((k) => named.has(k)) && (anyOf.length === 0 || anyOf.some((k) => named.has(k)))) {
      header = { width: segs.length, index, columns: columnsAt };
      continue;
    }
    if (!header) continue;
    let cells: Partial<Record<K, string>> | null = null;
    let cellSpans: Partial<Record<K, Span>> | null = null;
    if (header.columns && at.boxes) {
      const placed = placeUnder(at, header.columns);
      cells = placed.cells;
      cellSpans = placed.spans;
    } else if (segs.length === header.width) {
      cells = {};
      cellSpans = {};
      for (const [k, i] of header.index) {
        cells[k] = segs[i] as string;
        cellSpans[k] = pieces[i]?.span as Span;
      }
    }
    rows.push({ at, cells, cellSpans, segments: segs, segmentSpans: pieces.map((p) => p.span) });
  }
  return rows;
}
