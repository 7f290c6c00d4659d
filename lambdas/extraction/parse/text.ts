/**
 * Finding labelled values and table rows in the lines of a text layer.
 *
 * A line is the text of one visual row of a page, its pieces ordered by x; a wide gap between two
 * pieces is a tab (see pdf-text.ts), so a two-column layout gives `名称:X\t注册资本:Y`. Labels are
 * Chinese or English; a value runs from its label's separator (`:` or whitespace) to the next
 * known label on the same line.
 */
import type { Field, Provenance } from '../../domain/model';

export interface TextLine {
  page: number;
  /** 1-based within its page. */
  line: number;
  text: string;
}

export interface PageText {
  page: number;
  lines: string[];
}

export function linesOf(pages: PageText[]): TextLine[] {
  return pages.flatMap((p) => p.lines.map((text, i) => ({ page: p.page, line: i + 1, text })));
}

/** Confidence of a text-layer value that parsed cleanly, and of one that parsed only in part. */
export const CONFIDENCE_CLEAN = 0.99;
export const CONFIDENCE_PARTIAL = 0.5;

export function field<T>(value: T, clean: boolean, file: string, at: TextLine): Field<T> {
  const source: Provenance = { file, page: at.page, line: at.line, method: 'text' };
  return { value, confidence: clean ? CONFIDENCE_CLEAN : CONFIDENCE_PARTIAL, source };
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
}

interface Compiled<K extends string> {
  key: K;
  cjk: boolean;
  re: RegExp;
}

function compile<K extends string>(specs: readonly LabelSpec<K>[]): Compiled<K>[] {
  const all = specs.flatMap((s) => s.labels.map((label) => ({ key: s.key, label })));
  // Longest first, so `Registration Number` wins over `Registration`, `企业名称` over `名称`.
  all.sort((a, b) => b.label.length - a.label.length);
  return all.map(({ key, label }) => ({
    key,
    cjk: CJK.test(label),
    // Followed by a separator: colon, whitespace, or the end of the line.
    re: new RegExp(`^(?:${labelSource(label)})(?:\\s*:\\s*|\\s+|$)`, 'i'),
  }));
}

interface LabelAt<K extends string> {
  key: K;
  start: number;
  valueStart: number;
}

/**
 * Where labels start on a line. A CJK label may start after any whitespace; an English one only at
 * the start of a segment (line start, tab, or two spaces), since English words also occur in values.
 */
function labelsOnLine<K extends string>(text: string, compiled: Compiled<K>[]): LabelAt<K>[] {
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
        if (!c.cjk && !segmentStart) continue;
        const m = c.re.exec(rest);
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
  for (const at of lines) {
    const hits = labelsOnLine(at.text, compiled);
    hits.forEach((h, idx) => {
      const end = hits[idx + 1]?.start ?? at.text.length;
      const value = cleanValue(at.text.slice(h.valueStart, end));
      if (value === '') return;
      const list = found.get(h.key) ?? [];
      list.push({ key: h.key, value, at });
      found.set(h.key, list);
    });
  }
  return found;
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
  return text
    .split(/\t| {2,}/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

function squash(s: string): string {
  return s.replace(/\s+/g, '').toLowerCase();
}

/** A header cell is the label alone, or the label and a unit in brackets: `金额(元)`, `Amount (CNY)`. */
function isHeaderCell(cell: string, label: string): boolean {
  if (cell === label) return true;
  return cell.startsWith(label) && /^\(.*\)$|^\[.*\]$/.test(cell.slice(label.length));
}

export interface TableRow<K extends string> {
  at: TextLine;
  /** Cells by column when the row has exactly the header's number of cells, else null. */
  cells: Partial<Record<K, string>> | null;
  segments: string[];
}

/**
 * Rows under a header line that names every required column (a segment that starts with one of the
 * column's labels). A header repeated on a later page starts a new table with its own positions.
 */
export function tableRows<K extends string>(
  lines: readonly TextLine[],
  columns: readonly LabelSpec<K>[],
  required: readonly K[],
): TableRow<K>[] {
  const labelSets = columns.map((c) => ({
    key: c.key,
    labels: [...c.labels].map(squash).sort((a, b) => b.length - a.length),
  }));
  const rows: TableRow<K>[] = [];
  let header: { width: number; index: Map<K, number> } | null = null;
  for (const at of lines) {
    const segs = segments(at.text);
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
    if (required.every((k) => index.has(k))) {
      header = { width: segs.length, index };
      continue;
    }
    if (!header) continue;
    let cells: Partial<Record<K, string>> | null = null;
    if (segs.length === header.width) {
      cells = {};
      for (const [k, i] of header.index) cells[k] = segs[i] as string;
    }
    rows.push({ at, cells, segments: segs });
  }
  return rows;
}
