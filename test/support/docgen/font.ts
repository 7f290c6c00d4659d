/**
 * The CJK font the generated documents are set in: Noto Sans Hans (OFL-1.1, GB2312 coverage plus
 * Latin) from the npm package `@embedpdf/fonts-sc`, a devDependency, so `npm ci` installs it on a
 * fresh machine. Embedded as a subset with upstream fontkit 1.9.0 (CJK digits stay intact).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as fontkit from 'fontkit';

export const CJK_FONT_PACKAGE = '@embedpdf/fonts-sc';
export const CJK_FONT_FILE = 'NotoSansHans-Regular.otf';

export function cjkFontPath(): string {
  // The package exports only its index; the fonts sit beside `dist/`.
  const entry = createRequire(import.meta.url).resolve(CJK_FONT_PACKAGE);
  return join(dirname(entry), '..', 'fonts', CJK_FONT_FILE);
}

let bytes: Uint8Array | undefined;

export function cjkFontBytes(): Uint8Array {
  // A Buffer: fontkit 1.9 probes the format with Buffer methods.
  bytes ??= readFileSync(cjkFontPath());
  return bytes;
}

const parsed = new WeakMap<object, unknown>();

/**
 * fontkit for pdf-lib, parsing the (8 MB) font once per process: pdf-lib only reads the parsed
 * font and asks it for fresh subsets, so one parsed font serves every document.
 */
export const cachingFontkit = {
  create(buffer: Uint8Array, postscriptName?: string): unknown {
    const key = buffer === bytes ? buffer : undefined;
    if (key && parsed.has(key)) return parsed.get(key);
    const font = fontkit.create(buffer, postscriptName);
    if (key) parsed.set(key, font);
    return font;
  },
};
