/**
 * Integrity facts of one text-layer page, read with pdfjs in the same pass as its text: the value
 * items with their fonts, and text drawn over a filled shape that hides other text.
 *
 * Text on text is rare in a real document and cheap to find from the text items alone, so the
 * operator list (fonts and images loaded, a few times the cost of the text) is asked for only on
 * a page where two different texts overlap; it says whether a filled shape lies between them.
 */
import { OPS, Util } from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { CoveredText, TextItemFact } from '../../domain/integrity-facts';
import type { PageRegion } from '../../domain/model';
import type { Box } from '../../ports/ocr';

export interface PageItem {
  text: string;
  font: string;
  /** In viewport units, y down. */
  box: Box;
}

/** A value: digits with the punctuation of amounts, dates and codes, and at least two digits. */
const VALUE = /^[-+]?[¥￥]?\s*[-+]?\d[\d,.:/\s-]*(?:元|kWh|度)?$/;
export const isValueText = (s: string) => VALUE.test(s.trim()) && (s.match(/\d/g) ?? []).length >= 2;

export function region(box: Box, width: number, height: number): PageRegion {
  const r = (v: number) => Math.round(v * 10000) / 10000;
  return {
    x0: r(Math.max(0, box.x0 / width)),
    y0: r(Math.max(0, box.y0 / height)),
    x1: r(Math.min(1, box.x1 / width)),
    y1: r(Math.min(1, box.y1 / height)),
  };
}

function area(b: Box): number {
  return Math.max(0, b.x1 - b.x0) * Math.max(0, b.y1 - b.y0);
}

function intersection(a: Box, b: Box): number {
  return area({
    x0: Math.max(a.x0, b.x0),
    y0: Math.max(a.y0, b.y0),
    x1: Math.min(a.x1, b.x1),
    y1: Math.min(a.y1, b.y1),
  });
}

/** Pairs of different texts, each covering half the smaller of the two: one drawn over the other. */
export function overlappingTexts(items: readonly PageItem[]): [PageItem, PageItem][] {
  const out: [PageItem, PageItem][] = [];
  for (let i = 0; i < items.length; i++) {
    const a = items[i] as PageItem;
    for (let j = i + 1; j < items.length; j++) {
      const b = items[j] as PageItem;
      // The same text twice is a fake bold (drawn again a hair to the side), not a cover-up.
      if (a.text.trim() === b.text.trim()) continue;
      const smaller = Math.min(area(a.box), area(b.box));
      if (smaller > 0 && intersection(a.box, b.box) >= 0.5 * smaller) out.push([a, b]);
    }
  }
  return out;
}

type Matrix = [number, number, number, number, number, number];
const FILLS: ReadonlySet<number> = new Set([
  OPS.fill,
  OPS.eoFill,
  OPS.fillStroke,
  OPS.eoFillStroke,
  OPS.closeFillStroke,
  OPS.closeEOFillStroke,
]);

function apply(m: Matrix, x: number, y: number): [number, number] {
  return [m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]];
}

/** The boxes (viewport units) of the filled paths of an operator list, in drawing order. */
export function filledBoxes(
  ops: { fnArray: number[]; argsArray: unknown[] },
  viewportTransform: number[],
): Box[] {
  const out: Box[] = [];
  let ctm: Matrix = [1, 0, 0, 1, 0, 0];
  const stack: Matrix[] = [];
  for (let i = 0; i < ops.fnArray.length; i++) {
    const fn = ops.fnArray[i];
    const args = ops.argsArray[i] as unknown[] | null;
    if (fn === OPS.save) stack.push(ctm);
    else if (fn === OPS.restore) ctm = stack.pop() ?? ctm;
    else if (fn === OPS.transform && args) ctm = Util.transform(ctm, args as number[]) as Matrix;
    else if (fn === OPS.paintFormXObjectBegin && args) {
      stack.push(ctm);
      if (Array.isArray(args[0])) ctm = Util.transform(ctm, args[0] as number[]) as Matrix;
    } else if (fn === OPS.paintFormXObjectEnd) ctm = stack.pop() ?? ctm;
    else if (fn === OPS.constructPath && args) {
      const [op, , minMax] = args as [number, unknown, ArrayLike<number> | null];
      if (!FILLS.has(op) || !minMax || minMax.length < 4) continue;
      const m = Util.transform(viewportTransform, ctm) as Matrix;
      const [ax, ay] = apply(m, minMax[0] as number, minMax[1] as number);
      const [bx, by] = apply(m, minMax[2] as number, minMax[3] as number);
      out.push({ x0: Math.min(ax, bx), y0: Math.min(ay, by), x1: Math.max(ax, bx), y1: Math.max(ay, by) });
    }
  }
  return out;
}

/**
 * Text over a filled shape that hides another text: two different texts overlapping, and a filled
 * shape that covers most of the earlier one (drawn between them: a real form's shaded cell lies
 * under its only text). `fills` may be empty when no pair overlaps (it is not asked for then).
 */
export function coveredTexts(
  page: number,
  pairs: readonly [PageItem, PageItem][],
  fills: readonly Box[],
  size: { width: number; height: number },
): CoveredText[] {
  const out: CoveredText[] = [];
  for (const [hidden, shown] of pairs) {
    // The new text sits on the shape, and the shape lies over part of the old one (a forger
    // covers the digits, not the label printed in the same run).
    const cover = fills.find(
      (f) =>
        intersection(f, shown.box) >= 0.8 * area(shown.box) &&
        intersection(f, hidden.box) > 0 &&
        area(f) < 0.25 * size.width * size.height,
    );
    if (!cover) continue;
    out.push({ page, box: region(cover, size.width, size.height), shown: shown.text, hidden: hidden.text });
  }
  return out;
}

/** The value items of a page, with fonts and regions. */
export function valueItems(
  page: number,
  items: readonly PageItem[],
  size: { width: number; height: number },
): TextItemFact[] {
  return items
    .filter((i) => isValueText(i.text))
    .map((i) => ({ page, text: i.text.trim(), font: i.font, box: region(i.box, size.width, size.height) }));
}
