/**
 * The CJK font for generated PDFs, found beside the Lambda bundle (copied there at bundling, see
 * lib/house-function.ts `bundleFiles`) or, when running from source, in node_modules. fontkit is
 * not imported here (a fifth of a second to load): a statement run only needs the path to find
 * its cached subset (caching-fontkit.ts parses the font for pdf-lib).
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BUNDLED_FONT_DIR, CJK_FONT_FILE, CJK_FONT_PACKAGE } from './font-file.js';

/** Thrown when neither the bundle nor node_modules holds the font (a packaging mistake). */
export class FontMissingError extends Error {
  override name = 'FontMissingError';
}

/** The font file's path: beside the running bundle first, else the npm package. */
export function cjkFontPath(): string {
  const bundled = join(dirname(fileURLToPath(import.meta.url)), BUNDLED_FONT_DIR, CJK_FONT_FILE);
  if (existsSync(bundled)) return bundled;
  try {
    // The package exports only its index; the fonts sit beside `dist/`.
    const entry = createRequire(import.meta.url).resolve(CJK_FONT_PACKAGE);
    const fromPackage = join(dirname(entry), '..', 'fonts', CJK_FONT_FILE);
    if (existsSync(fromPackage)) return fromPackage;
  } catch {
    // Not resolvable from here: reported below with the bundled path.
  }
  throw new FontMissingError(`${CJK_FONT_FILE} is neither at ${bundled} nor in ${CJK_FONT_PACKAGE}`);
}

let bytes: Uint8Array | undefined;

/** The font's bytes, read once (a Buffer: fontkit 1.9 probes the format with Buffer methods). */
export function cjkFontBytes(): Uint8Array {
  bytes ??= readFileSync(cjkFontPath());
  return bytes;
}

/** Whether `b` is the font's bytes as cjkFontBytes read them. */
export const isCjkFontBytes = (b: Uint8Array): boolean => b === bytes;
