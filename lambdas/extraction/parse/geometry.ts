/**
 * Geometry over positioned lines: where a span of a line sits on its page, and which pieces of
 * text sit beside, under or across each other. Boxes are in page units (PDF points or image
 * pixels), y growing downwards.
 */
import type { PageRegion } from '../../domain/model';
import type { Box } from '../../ports/ocr';
import type { Span, TextLine } from './text';

/** The box around the characters of `span` that have one, or null. */
export function spanBox(at: TextLine, span: Span = [0, at.text.length]): Box | null {
  const boxes = at.boxes;
  if (!boxes) return null;
  let out: Box | null = null;
  for (let i = Math.max(0, span[0]); i < Math.min(span[1], boxes.length); i++) {
    const b = boxes[i];
    if (!b) continue;
    out = out
      ? {
          x0: Math.min(out.x0, b.x0),
          y0: Math.min(out.y0, b.y0),
          x1: Math.max(out.x1, b.x1),
          y1: Math.max(out.y1, b.y1),
        }
      : { ...b };
  }
  return out;
}

export function union(a: Box | null, b: Box | null): Box | null {
  if (!a) return b;
  if (!b) return a;
  return {
    x0: Math.min(a.x0, b.x0),
    y0: Math.min(a.y0, b.y0),
    x1: Math.max(a.x1, b.x1),
    y1: Math.max(a.y1, b.y1),
  };
}

/** How much two boxes share horizontally, as a share of the narrower (0..1). */
export function xOverlap(a: Box, b: Box): number {
  const shared = Math.min(a.x1, b.x1) - Math.max(a.x0, b.x0);
  const narrower = Math.max(1e-6, Math.min(a.x1 - a.x0, b.x1 - b.x0));
  return Math.max(0, shared) / narrower;
}

/** The horizontal distance between two boxes (0 when they overlap). */
export function xDistance(a: Box, b: Box): number {
  return Math.max(0, Math.max(a.x0, b.x0) - Math.min(a.x1, b.x1));
}

export function height(b: Box): number {
  return Math.max(1e-6, b.y1 - b.y0);
}

/** A box as a region of its page (fractions), rounded to 1/10000; null without a page size. */
export function regionOf(box: Box | null, at: TextLine): PageRegion | null {
  const size = at.pageSize;
  if (!box || !size || size.width <= 0 || size.height <= 0) return null;
  const f = (v: number, of: number) => Math.round(Math.min(1, Math.max(0, v / of)) * 10_000) / 10_000;
  return {
    x0: f(box.x0, size.width),
    y0: f(box.y0, size.height),
    x1: f(box.x1, size.width),
    y1: f(box.y1, size.height),
  };
}
