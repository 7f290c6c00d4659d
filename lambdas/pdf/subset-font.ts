/**
 * The CJK font cut down once to a fixed set of characters and kept on disk, for documents that
 * are written by the hundred (statements): fontkit parses the 8 MB font and encodes a CFF subset
 * in seconds, so that happens at install time (or the first time it is missing), never per
 * document. What is kept: the subset's CFF bytes (deflated, ready for a FontFile3 stream), the
 * glyph of each character and the glyphs' widths and metrics.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { cjkFontBytes, cjkFontPath } from './font.js';

export interface SubsetFont {
  /** The subset's CFF (CID-keyed) program, deflated. */
  cff: Buffer;
  /** Code point → glyph id in the subset. */
  glyphs: Map<number, number>;
  /** Width of each subset glyph, in thousandths of the size. */
  widths: number[];
  /** The code point each subset glyph stands for (for ToUnicode); 0 for .notdef. */
  unicode: number[];
  bbox: [number, number, number, number];
  ascent: number;
  descent: number;
  capHeight: number;
}

interface Stored {
  cff: string;
  chars: number[];
  gids: number[];
  widths: number[];
  unicode: number[];
  bbox: [number, number, number, number];
  ascent: number;
  descent: number;
  capHeight: number;
}

/** Where subsets are kept: the project's .cache (beside node_modules), else the temp folder. */
export function subsetCacheDir(): string {
  if (process.env.PDF_SUBSET_CACHE) return process.env.PDF_SUBSET_CACHE;
  const font = cjkFontPath();
  const at = font.lastIndexOf('/node_modules/');
  return at >= 0 ? join(font.slice(0, at), '.cache', 'pdf-subsets') : join(tmpdir(), 'pdf-subsets');
}

function cachePath(chars: string): string {
  const font = statSync(cjkFontPath());
  const key = createHash('sha256')
    .update(`v1\n${font.size}\n${font.mtimeMs}\n${chars}`)
    .digest('hex')
    .slice(0, 16);
  return join(subsetCacheDir(), `cjk-${key}.json`);
}

function fromStored(s: Stored): SubsetFont {
  return {
    cff: Buffer.from(s.cff, 'base64'),
    glyphs: new Map(s.chars.map((c, i) => [c, s.gids[i] as number])),
    widths: s.widths,
    unicode: s.unicode,
    bbox: s.bbox,
    ascent: s.ascent,
    descent: s.descent,
    capHeight: s.capHeight,
  };
}

const loaded = new Map<string, SubsetFont>();

/**
 * The subset for `chars` (deduplicated; order does not matter): from memory, else from the disk
 * cache, else built (seconds) and stored.
 */
export async function subsetFont(chars: string): Promise<SubsetFont> {
  const set = [...new Set(chars)].sort().join('');
  const hit = loaded.get(set);
  if (hit) return hit;
  const path = cachePath(set);
  let font: SubsetFont;
  try {
    font = fromStored(JSON.parse(readFileSync(path, 'utf8')) as Stored);
  } catch {
    const stored = await buildSubset(set);
    mkdirSync(dirname(path), { recursive: true });
    const tmp = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}`;
    writeFileSync(tmp, JSON.stringify(stored));
    renameSync(tmp, path);
    font = fromStored(stored);
  }
  loaded.set(set, font);
  return font;
}

interface FkGlyph {
  id: number;
  advanceWidth: number;
}
interface FkFont {
  unitsPerEm: number;
  ascent: number;
  descent: number;
  capHeight: number;
  bbox: { minX: number; minY: number; maxX: number; maxY: number };
  glyphForCodePoint(cp: number): FkGlyph;
  createSubset(): {
    includeGlyph(g: FkGlyph | number): number;
    encodeStream(): NodeJS.EventEmitter;
  };
}

async function buildSubset(chars: string): Promise<Stored> {
  const fontkit = (await import('fontkit')) as unknown as { create(b: Uint8Array): FkFont };
  const font = fontkit.create(cjkFontBytes());
  const scale = 1000 / font.unitsPerEm;
  const subset = font.createSubset();
  const widths: number[] = [0];
  const unicode: number[] = [0];
  const cps: number[] = [];
  const gids: number[] = [];
  for (const ch of chars) {
    const cp = ch.codePointAt(0) as number;
    const g = font.glyphForCodePoint(cp);
    if (!g || g.id === 0) continue;
    const gid = subset.includeGlyph(g);
    widths[gid] = Math.round(g.advanceWidth * scale);
    unicode[gid] ??= cp;
    cps.push(cp);
    gids.push(gid);
  }
  widths[0] = Math.round(font.glyphForCodePoint(0).advanceWidth * scale);
  const parts: Uint8Array[] = [];
  await new Promise<void>((ok, fail) => {
    subset
      .encodeStream()
      .on('data', (b: Uint8Array) => parts.push(b))
      .on('end', () => ok())
      .on('error', fail);
  });
  const b = font.bbox;
  return {
    cff: deflateSync(Buffer.concat(parts)).toString('base64'),
    chars: cps,
    gids,
    widths,
    unicode,
    bbox: [b.minX * scale, b.minY * scale, b.maxX * scale, b.maxY * scale].map(Math.round) as [
      number,
      number,
      number,
      number,
    ],
    ascent: Math.round(font.ascent * scale),
    descent: Math.round(font.descent * scale),
    capHeight: Math.round((font.capHeight || font.ascent) * scale),
  };
}
